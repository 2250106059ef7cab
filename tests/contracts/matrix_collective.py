"""Authorization-matrix rows of the contracts app's collective part (see tests/contracts/matrix.py)."""

from tests.matrix import Route  # noqa: F401

ROUTES: dict = {}
KINDS: set = set()


def own_and_foreign(world, kind: str, viewer: str):
    raise AssertionError(f"no objects for kind {kind!r}")
