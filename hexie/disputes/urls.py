from django.urls import path  # noqa: F401 (each part below adds its routes)

app_name = "disputes"

urlpatterns: list = []

# filing, the case list and detail, the worker's phone pages (views/filing.py)

# mediation and the enterprise's internal complaint (views/mediation.py)

# arbitration: acceptance, tribunal, hearings, awards, service (views/arbitration.py)

# court linkage and statistics (views/statistics.py)
