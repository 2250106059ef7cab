"""Contracts API: contracts, templates, verification, statistics, collective contracts. Every query
goes through `scoped`; an object outside the caller's scope is a 404."""

from ninja import Router

from .collective import router as collective_router
from .drafting import router as drafting_router
from .signing import router as signing_router
from .statistics import router as statistics_router

router = Router(tags=["contracts"])

# The drafting part's "/{id}" would take any single path segment: every other part comes first.
# signing: worker code, sign and decline, enterprise seal, public verification (api/signing.py)
router.add_router("", signing_router)
# collective contracts and their coverage (api/collective.py); statistics and export (api/statistics.py)
router.add_router("", collective_router)
router.add_router("", statistics_router)
# drafting: list, read, draft, update, check and issue contracts; templates (api/drafting.py)
router.add_router("", drafting_router)
