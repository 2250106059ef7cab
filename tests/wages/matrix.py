"""The wages app's rows of the authorization matrix, one file per part, merged here (the same
shape as tests/contracts/matrix.py): each part file defines ROUTES, KINDS and own_and_foreign."""

import importlib

PART_NAMES = ("matrix_projects", "matrix_intake", "matrix_arrears", "matrix_enforcement")
PARTS = []
for _name in PART_NAMES:
    try:
        PARTS.append(importlib.import_module(f"tests.wages.{_name}"))
    except ModuleNotFoundError as exc:  # a part not written yet
        if exc.name != f"tests.wages.{_name}":
            raise
ROUTES = {name: route for part in PARTS for name, route in part.ROUTES.items()}
KINDS = {kind: part.own_and_foreign for part in PARTS for kind in part.KINDS}
