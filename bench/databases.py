"""Throw-away databases for the benchmarks: one per engine, so each engine runs on its database.

Whoosh runs on a SpatiaLite file, the PostgreSQL engine on a new PostGIS database of SERVER
(ZWK_BENCH_POSTGRES_SERVER, default the test server's). Each engine is the database's default.
"""

import os
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

SERVER = os.environ.get(
    "ZWK_BENCH_POSTGRES_SERVER",
    os.environ.get("ZWK_TEST_POSTGRES_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432"),
)
ENGINES = ("whoosh", "postgres")


def throwaway_database(engine: str, name: str, server: str = SERVER) -> str:
    """The URL of a new, empty database for the engine ("whoosh": SpatiaLite, "postgres": PostGIS)."""
    if engine == "whoosh":
        folder = Path(tempfile.mkdtemp(prefix=f"zwk-{name}-"))
        return f"sqlite:///{folder / f'{name}.sqlite'}"
    database = f"zwk_bench_{name}"
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return f"{server}/{database}"


def engines_option(value: str) -> list[str]:
    """--engines whoosh,postgres → the names, checked."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = set(names) - set(ENGINES)
    if unknown:
        raise SystemExit(f"unknown engines: {', '.join(sorted(unknown))} (known: {', '.join(ENGINES)})")
    return names
