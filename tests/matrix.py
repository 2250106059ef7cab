"""The authorization matrix's row type, shared by tests/core/test_authorization_matrix.py and the
per-app row files (tests/<app>/matrix*.py) it merges."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    kind: str  # "public", "list" (no object; checked for foreign markers) or an object kind
    methods: tuple[str, ...] = ("GET",)
    staff_only: bool = False  # a list that only staff of a region may open at all
