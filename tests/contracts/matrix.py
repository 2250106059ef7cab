"""The contracts app's rows of the authorization matrix, one file per part (drafting, signing,
lifecycle and statistics, collective contracts), merged here. Each part file defines:

    ROUTES: dict[str, Route]            # every named route of that part
    KINDS: set[str]                     # the object kinds its routes use
    def own_and_foreign(world, kind, viewer) -> (object viewer may see or None, object they must not)

Viewers are "lixia" (Lixia county staff), "hr_a" (HR of Quancheng Machinery in Lixia) and "alice"
(a worker of Quancheng); the foreign object belongs to Baotu Foods (Shizhong) or to Bob/Carol.
"""

from . import matrix_collective, matrix_drafting, matrix_lifecycle, matrix_signing

PARTS = (matrix_drafting, matrix_signing, matrix_lifecycle, matrix_collective)
ROUTES = {name: route for part in PARTS for name, route in part.ROUTES.items()}
KINDS = {kind: part.own_and_foreign for part in PARTS for kind in part.KINDS}
