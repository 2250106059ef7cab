"""Wages API: projects, rosters, imports, arrears, complaints, lists, statistics. Every query goes
through `scoped`."""

from ninja import Router

from .enforcement import router as enforcement_router
from .projects import router as projects_router
from .statistics import router as statistics_router

router = Router(tags=["wages"])

# intake: attendance, payroll and payout imports, the worker's wages (api/intake.py); no catch-all
from .intake import router as intake_router  # noqa: E402

router.add_router("", intake_router)

# arrears warnings and the check for one project (api/arrears.py); no catch-all
from .arrears import router as arrears_router  # noqa: E402

router.add_router("", arrears_router)

# complaints, the lists and the public blacklist (api/enforcement.py)
router.add_router("", enforcement_router)

# statistics (api/statistics.py); projects, rosters, allocations and deposits (api/projects.py)
router.add_router("", statistics_router)
router.add_router("", projects_router)

# Each part adds its router here; a part with a catch-all "/{id}" path comes last.
