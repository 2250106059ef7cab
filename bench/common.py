"""What every benchmark shares: a database of its own, so that it never touches your data."""

import os
import tempfile
from contextlib import contextmanager
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


@contextmanager
def migrated_database(label: str):
    """A temporary folder and a fresh database (see `fresh_database`) with Django set up on it,
    migrated, and uploads kept in the folder; the database is dropped on the way out. Yields the
    folder."""
    with tempfile.TemporaryDirectory(prefix="hexie-bench-") as tmp_name:
        tmp = Path(tmp_name)
        _url, drop = fresh_database(tmp, label)
        os.environ["HEXIE_MEDIA_ROOT"] = str(tmp / "media")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexie.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        try:
            print(f"database: {connection.vendor} (created for this run)")
            call_command("migrate", verbosity=0)
            yield tmp
        finally:
            drop()
