"""Wages API: projects, rosters, imports, arrears, complaints, lists, statistics. Every query goes
through `scoped`."""

from ninja import Router

router = Router(tags=["wages"])

# Each part adds its router here; a part with a catch-all "/{id}" path comes last.
