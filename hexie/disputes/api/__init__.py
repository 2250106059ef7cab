"""Disputes API: filing, mediation, arbitration, court linkage, statistics. Every query goes
through `scoped`; a case outside the caller's scope is a 404."""

from ninja import Router

router = Router(tags=["disputes"])

# Each part adds its router here; a part with a catch-all "/{id}" path comes last.

# mediation and the enterprise's internal complaint (api/mediation.py)
from .mediation import router as mediation_router  # noqa: E402

router.add_router("", mediation_router)

# court linkage and statistics (api/court.py, api/statistics.py)
from .court import router as court_router  # noqa: E402
from .statistics import router as statistics_router  # noqa: E402

router.add_router("", court_router)
router.add_router("", statistics_router)

# arbitration: acceptance, tribunal, hearings, award, service (api/arbitration.py)
from .arbitration import router as arbitration_router  # noqa: E402

router.add_router("", arbitration_router)

# filing: file a case, list and read cases, look an enterprise up (api/filing.py)
from .filing import router as filing_router  # noqa: E402

router.add_router("", filing_router)
