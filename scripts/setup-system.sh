#!/usr/bin/env bash
# Installs the Debian packages zwk-network needs, if any are missing.
#   scripts/setup-system.sh run    – for running the app on the embedded default (SpatiaLite)
#   scripts/setup-system.sh test   – additionally PostgreSQL with PostGIS, Chromium (browser
#                                    tests), poppler-utils (pdfinfo checks the tagged PDF) and
#                                    gdal-bin (ogrinfo/ogr2ogr read the OGC API in the tests)
set -euo pipefail

purpose="${1:-run}"
packages=(libsqlite3-mod-spatialite libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
# Debian's python3 needs python3-venv for virtualenvs; other Pythons (pyenv) bring their own.
"${PYTHON:-python3}" -c "import venv, ensurepip" 2>/dev/null || packages+=(python3-venv)
if [ "$purpose" = "test" ]; then
  packages+=(postgresql postgresql-15-postgis-3 chromium poppler-utils gdal-bin)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "zwk-network needs these Debian packages: ${missing[*]}" >&2
  echo "Install them as root, then run make again:  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q "${missing[@]}"
