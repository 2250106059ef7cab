"""Consecutive document numbers under a prefix (contract, case, notice numbers), without gaps or
duplicates under concurrency.

A sequence model has `prefix` (primary key) and `last`. One UPDATE … SET last = last + n takes the
row's lock until the caller's transaction ends, so two requests never get the same number, and a
rolled-back transaction gives its numbers back.
"""

from django.db import IntegrityError, transaction
from django.db.models import F, Model


def take_numbers(sequence: type[Model], prefix: str, count: int = 1) -> range:
    """`count` new consecutive numbers (1-based) under `prefix` in the `sequence` table."""
    with transaction.atomic():
        if not sequence.objects.filter(prefix=prefix).update(last=F("last") + count):
            try:
                with transaction.atomic():
                    sequence.objects.create(prefix=prefix, last=count)
            except IntegrityError:  # created meanwhile by a concurrent first request
                sequence.objects.filter(prefix=prefix).update(last=F("last") + count)
        last = sequence.objects.get(prefix=prefix).last
    return range(last - count + 1, last + 1)
