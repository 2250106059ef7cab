"""The disputes app's rows of the authorization matrix, one file per part, merged here (the same
shape as tests/contracts/matrix.py). Each part file defines:

    ROUTES: dict[str, Route]            # every named route of that part
    KINDS: set[str]                     # the object kinds its routes use
    def own_and_foreign(world, kind, viewer) -> (object viewer may see or None, object they must not)

Viewers are "lixia" (Lixia county staff), "hr_a" (HR of Quancheng Machinery in Lixia) and "alice"
(a worker of Quancheng); the foreign case is Bob's against Baotu Foods (Shizhong) or Carol's.
"""

import importlib

PART_NAMES = ("matrix_filing", "matrix_mediation", "matrix_arbitration", "matrix_statistics")
PARTS = []
for _name in PART_NAMES:
    try:
        PARTS.append(importlib.import_module(f"tests.disputes.{_name}"))
    except ModuleNotFoundError as exc:  # a part not written yet
        if exc.name != f"tests.disputes.{_name}":
            raise
ROUTES = {name: route for part in PARTS for name, route in part.ROUTES.items()}
KINDS = {kind: part.own_and_foreign for part in PARTS for kind in part.KINDS}
