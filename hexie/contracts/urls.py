from django.urls import path  # noqa: F401 (each part below adds its routes)

from .views import collective as collective_views
from .views import lifecycle as lifecycle_views
from .views import statistics as statistics_views

app_name = "contracts"

urlpatterns: list = []

# collective contracts (views/collective.py)
urlpatterns += [
    path(
        "collective/", collective_views.CollectiveList.as_view(url_base="contracts:collective"), name="collective-list"
    ),
    path(
        "collective/export/",
        collective_views.CollectiveList.as_view(url_base="contracts:collective", export=True),
        name="collective-export",
    ),
    path("collective/new/", collective_views.collective_create, name="collective-create"),
    path("collective/coverage/", collective_views.collective_coverage, name="collective-coverage"),
    path("collective/coverage/export/", collective_views.collective_coverage_export, name="collective-coverage-export"),
    path("collective/<int:pk>/", collective_views.collective_detail, name="collective-detail"),
    path("collective/<int:pk>/edit/", collective_views.collective_edit, name="collective-edit"),
    path("collective/<int:pk>/bargaining/", collective_views.collective_bargaining, name="collective-bargaining"),
    path("collective/<int:pk>/vote/", collective_views.collective_vote, name="collective-vote"),
    path("collective/<int:pk>/submit/", collective_views.collective_submit, name="collective-submit"),
    path("collective/<int:pk>/withdraw/", collective_views.collective_withdraw, name="collective-withdraw"),
    path("collective/<int:pk>/review/", collective_views.collective_review, name="collective-review"),
    path("collective/<int:pk>/text/", collective_views.collective_text, name="collective-text"),
    path("collective/<int:pk>/pdf/", collective_views.collective_pdf, name="collective-pdf"),
]

# lifecycle: change, renewal, termination, expiry (views/lifecycle.py); statistics and JSON export
# (views/statistics.py)
urlpatterns += [
    path("<int:pk>/change/", lifecycle_views.contract_change, name="contract-change"),
    path("<int:pk>/renew/", lifecycle_views.contract_renew, name="contract-renew"),
    path("<int:pk>/end/", lifecycle_views.contract_end, name="contract-end"),
    path("terminations/<int:pk>/", lifecycle_views.TerminationDetail.as_view(), name="termination-detail"),
    path(
        "terminations/<int:pk>/certificate/",
        lifecycle_views.termination_certificate,
        name="termination-certificate",
    ),
    path("expiring/", lifecycle_views.ExpiringList.as_view(url_base="contracts:expiring"), name="expiring-list"),
    path(
        "expiring/export/",
        lifecycle_views.ExpiringList.as_view(url_base="contracts:expiring", export=True),
        name="expiring-export",
    ),
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("statistics/export/", statistics_views.statistics_export, name="statistics-export"),
    path("export.json", statistics_views.contract_export_json, name="export-json"),
]
