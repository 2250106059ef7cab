"""Birth places for synthetic ID numbers: real county codes that existed in the year of birth.

python-stdnum checks that an ID number's first six digits name a county that existed in the
holder's birth year (a person born in 1985 in Zhangqiu carries 370181, not 370114, created in
2016), so the codes come from stdnum's own history of division codes (`stdnum/cn/loc.dat`).
"""

import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path

import stdnum
from stdnum import numdb

_LOC = Path(stdnum.__file__).resolve().parent / "cn" / "loc.dat"
_SPAN = re.compile(r"^\[(\d*)-(\d*)\]")


@cache
def _counties() -> tuple[tuple[str, int, int], ...]:
    """(code, first year, last year) of every county-level code, cities and 市辖区 left out."""
    found: list[tuple[str, int, int]] = []
    province = ""
    for line in _LOC.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        part, _, props = line.strip().partition(" ")
        code = province + part
        if len(code) != 6 or code.endswith(("00", "01")):
            continue
        names = props.partition("=")[2].strip('"')
        for name in names.split(","):
            span = _SPAN.match(name)
            first, last = (int(span[1] or 0), int(span[2] or 9999)) if span else (0, 9999)
            found.append((code, first, last))
    return tuple(found)


@cache
def _province(prefix: str) -> tuple[tuple[str, int, int], ...]:
    return tuple(entry for entry in _counties() if entry[0].startswith(prefix))


@cache
def codes_for(prefix: str, year: int) -> tuple[str, ...]:
    """County codes under `prefix` (a province "41" or a city "3701") valid in `year`."""
    entries = _province(prefix[:2])
    return tuple(sorted({code for code, first, last in entries if code.startswith(prefix) and first <= year <= last}))


@contextmanager
def remembered_birth_places() -> Iterator[None]:
    """python-stdnum finds a birth place by scanning its table for every number it validates;
    while millions of numbers are validated against a few thousand codes, remember each answer
    (the table never changes, and the validation itself still runs for every number)."""
    db = numdb.get("cn/loc")
    db.info = lru_cache(maxsize=None)(db.info)
    try:
        yield
    finally:
        del db.info


def birth_code(rng: random.Random, prefixes: tuple[str, ...], year: int) -> str:
    """A county code valid in `year` under the first of `prefixes` that has one."""
    for prefix in prefixes:
        codes = codes_for(prefix, year)
        if codes:
            return rng.choice(codes)
    raise LookupError(f"no county code under {prefixes} in {year}")
