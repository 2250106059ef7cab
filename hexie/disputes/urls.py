from django.urls import path  # noqa: F401 (each part below adds its routes)

app_name = "disputes"

urlpatterns: list = []

# filing, the case list and detail, the worker's phone pages (views/filing.py)

# mediation and the enterprise's internal complaint (views/mediation.py)
from .views import mediation as mediation_views  # noqa: E402

urlpatterns += [
    path(
        "mediation/",
        mediation_views.MediationQueue.as_view(url_base="disputes:mediation-queue"),
        name="mediation-queue",
    ),
    path(
        "mediation/export/",
        mediation_views.MediationQueue.as_view(url_base="disputes:mediation-queue", export=True),
        name="mediation-queue-export",
    ),
    path("mediation/cases/<int:pk>/", mediation_views.mediation_actions, name="mediation-actions"),
    path("mediation/cases/<int:pk>/reply/", mediation_views.reply, name="mediation-reply"),
    path("mediation/cases/<int:pk>/resolve/", mediation_views.resolve, name="mediation-resolve"),
    path("mediation/cases/<int:pk>/escalate/", mediation_views.escalate, name="mediation-escalate"),
    path("mediation/cases/<int:pk>/handover/", mediation_views.handover, name="mediation-handover"),
    path("mediation/cases/<int:pk>/agree/", mediation_views.agree, name="mediation-agree"),
    path("mediation/cases/<int:pk>/fail/", mediation_views.fail, name="mediation-fail"),
    path("mediation/cases/<int:pk>/arbitration/", mediation_views.apply_arbitration, name="mediation-arbitration"),
    path("mediation/attempts/<int:pk>/mediator/", mediation_views.assign, name="mediation-assign"),
    path("mediation/attempts/<int:pk>/confirmation/", mediation_views.confirmation, name="mediation-confirmation"),
    path(
        "mediation/attempts/<int:pk>/confirmation/result/",
        mediation_views.confirmation_result,
        name="mediation-confirmation-result",
    ),
    path("mediation/attempts/<int:pk>/agreement.pdf", mediation_views.agreement_pdf, name="mediation-agreement"),
]

# arbitration: acceptance, tribunal, hearings, awards, service (views/arbitration.py)

# court linkage and statistics (views/statistics.py)
from .views import court as court_views  # noqa: E402
from .views import statistics as statistics_views  # noqa: E402

urlpatterns += [
    path("court/", court_views.court_cases, name="court-cases"),
    path("<int:pk>/court/suit/", court_views.court_suit, name="court-suit"),
    path("court/outcomes/<int:pk>/result/", court_views.court_result, name="court-result"),
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("statistics/export/", statistics_views.statistics_export, name="statistics-export"),
]
