"""Bulk writing for imports and the demo: plain tuples straight into a table.

COPY on PostgreSQL (about ten times an INSERT's rate), one executemany per batch elsewhere;
both inside the caller's transaction. Model signals (audit) do not fire: callers record the
action itself (the import Job, the demo run).
"""

from django.db import connection
from django.db.models import Model, Q
from django.db.models.expressions import RawSQL

BATCH = 5_000


class TableWriter:
    """Insert plain tuples into one model's table, columns named by their database names."""

    def __init__(self, model: type[Model], columns: tuple[str, ...]):
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(c) for c in columns)
        fields = {f.column: f for f in model._meta.concrete_fields}
        # Other backends get dates and times adapted the way Django's backend stores them.
        self.dates = [i for i, c in enumerate(columns) if fields[c].get_internal_type() == "DateField"]
        self.times = [i for i, c in enumerate(columns) if fields[c].get_internal_type() == "DateTimeField"]
        self.sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({', '.join(['%s'] * len(columns))})"

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            for start in range(0, len(rows), BATCH):
                cursor.executemany(self.sql, [self._adapt(row) for row in rows[start : start + BATCH]])

    def _adapt(self, row: tuple) -> tuple:
        if not (self.dates or self.times):
            return row
        row = list(row)
        for i in self.dates:
            row[i] = connection.ops.adapt_datefield_value(row[i])
        for i in self.times:
            row[i] = connection.ops.adapt_datetimefield_value(row[i])
        return tuple(row)


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """`count` new primary keys for `model`, taken before its rows are written (COPY returns none).
    Called inside the writing transaction, which on SQLite already holds the write lock."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [pk for (pk,) in cursor.fetchall()]
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":  # AUTOINCREMENT never reuses the id of a deleted row
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            top = max(top, found[0] if found else 0)
    return list(range(top + 1, top + 1 + count))


def among(model: type[Model], field: str, values: list) -> Q:
    """`field IN values` for a long list of values: one array parameter on PostgreSQL (a
    5,000-item IN list costs more to plan than to run), a plain IN list elsewhere (callers keep
    such lists under SQLite's parameter limit)."""
    if connection.vendor == "postgresql":
        target = model._meta.get_field(field.removesuffix("_id") if field.endswith("_id") else field)
        db_type = (target.target_field if target.is_relation else target).db_type(connection)
        return Q(**{f"{field}__in": RawSQL(f"SELECT unnest(%s::{db_type}[])", (list(values),))})
    return Q(**{f"{field}__in": list(values)})
