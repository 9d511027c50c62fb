#!/usr/bin/env bash
# Makes sure a PostgreSQL server runs on 127.0.0.1:5432 and that the test role exists.
# The test role may create databases and the PostGIS extension (it is a superuser of this
# local test server only). Prints the server URL for ZWK_TEST_POSTGRES_SERVER.
set -euo pipefail

host=127.0.0.1
port=5432
role=zwk_test

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  elif [ "$(id -un)" = "postgres" ]; then
    "$@"
  else
    sudo -n -u postgres "$@"
  fi
}

if ! pg_isready -q -h "$host" -p "$port"; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if pg_lsclusters -h | awk '{print $1, $2}' | grep -q "^$version main$"; then
    echo "Starting PostgreSQL $version …" >&2
    if [ "$(id -u)" -eq 0 ]; then
      pg_ctlcluster --skip-systemctl-redirect "$version" main start
    else
      sudo -n pg_ctlcluster --skip-systemctl-redirect "$version" main start
    fi
  else
    echo "Creating and starting PostgreSQL $version …" >&2
    if [ "$(id -u)" -eq 0 ]; then
      pg_createcluster "$version" main --start -- --auth-local=peer --auth-host=scram-sha-256 >/dev/null
    else
      sudo -n pg_createcluster "$version" main --start >/dev/null
    fi
  fi
  for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && break; sleep 1; done
  pg_isready -q -h "$host" -p "$port" || { echo "PostgreSQL did not start" >&2; exit 1; }
fi

exists=$(as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'" 2>/dev/null || true)
if [ "$exists" != "1" ]; then
  as_postgres psql -q -p "$port" -c "CREATE ROLE $role LOGIN SUPERUSER PASSWORD '$role'" >&2
fi
echo "postgresql+psycopg://$role:$role@$host:$port"
