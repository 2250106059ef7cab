"""What every benchmark shares: a database of its own, so that it never touches your data."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def fresh_database(tmp: Path, label: str):
    """Point DATABASE_URL at a new, empty database (a new PostgreSQL database beside the one
    DATABASE_URL names, or a SQLite file in `tmp`); return its URL and a function that drops it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        fresh = f"sqlite:///{tmp / 'bench.sqlite3'}"
        os.environ["DATABASE_URL"] = fresh
        return fresh, lambda: None
    import psycopg

    parts = urlsplit(url)
    name = f"hexie_bench_{label}_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    fresh = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ["DATABASE_URL"] = fresh

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return fresh, drop
