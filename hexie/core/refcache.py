"""Small reference tables kept in each process (the holiday calendar, the minimum-wage table).

A `ReferenceCache` loads its table on first use and again after `seconds`, so an edit made in one
web or worker process reaches the others within that time; the process that saves or deletes a
row of a watched model forgets the table at once.
"""

import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
ALL: list["ReferenceCache"] = []


class ReferenceCache(Generic[T]):
    def __init__(self, loader: Callable[[], T], seconds: float = 60):
        self.loader = loader
        self.seconds = seconds
        self._value: T | None = None
        self._loaded_at = 0.0
        ALL.append(self)

    def get(self) -> T:
        if self._value is None or time.monotonic() - self._loaded_at > self.seconds:
            self._value, self._loaded_at = self.loader(), time.monotonic()
        return self._value

    def invalidate(self) -> None:
        self._value = None

    def watch(self, *models) -> None:
        """Forget the table whenever a row of `models` is saved or deleted (from an app's ready())."""
        from django.db.models.signals import post_delete, post_save

        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(self._forget, sender=model, weak=False, dispatch_uid=f"refcache-{id(self)}-{model}")

    def _forget(self, **kwargs) -> None:
        self.invalidate()


def invalidate_all() -> None:
    """Forget every table (tests: a rolled-back transaction sends no signal)."""
    for cache in ALL:
        cache.invalidate()
