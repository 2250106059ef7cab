from django.urls import path  # noqa: F401 (each part below adds its routes)

from .views import collective as collective_views
from .views import drafting as drafting_views
from .views import lifecycle as lifecycle_views
from .views import signing as signing_views
from .views import statistics as statistics_views

app_name = "contracts"

urlpatterns: list = []

# templates, drafting, the contract list and batch issue (views/drafting.py)
urlpatterns += [
    path("", drafting_views.ContractList.as_view(url_base="contracts:contract"), name="contract-list"),
    path(
        "export/",
        drafting_views.ContractList.as_view(url_base="contracts:contract", export=True),
        name="contract-export",
    ),
    path("new/", drafting_views.contract_create, name="contract-create"),
    path("<int:pk>/", drafting_views.contract_detail, name="contract-detail"),
    path("<int:pk>/edit/", drafting_views.contract_edit, name="contract-edit"),
    path("<int:pk>/action/", drafting_views.contract_action, name="contract-action"),
    path("<int:pk>/document/", drafting_views.contract_document, name="contract-document"),
    path("templates/", drafting_views.template_list, name="template-list"),
    path("templates/<int:pk>/", drafting_views.template_detail, name="template-detail"),
    path("templates/<int:pk>/edit/", drafting_views.template_edit, name="template-edit"),
    path("templates/<int:pk>/copy/", drafting_views.template_copy, name="template-copy"),
    path("templates/<int:pk>/revise/", drafting_views.template_revise, name="template-revise"),
    path("templates/<int:pk>/publish/", drafting_views.template_publish, name="template-publish"),
    path("templates/<int:pk>/clauses/new/", drafting_views.clause_add, name="clause-add"),
    path("clauses/<int:pk>/edit/", drafting_views.clause_edit, name="clause-edit"),
    path("clauses/<int:pk>/delete/", drafting_views.clause_delete, name="clause-delete"),
    path("batch/", drafting_views.batch_start, name="batch-start"),
    path("batch/template/", drafting_views.batch_template, name="batch-template"),
]

# signing, the worker's phone pages and the public verifier (views/signing.py)
urlpatterns += [
    path("my/", signing_views.my_contracts, name="my-contracts"),
    path("my/<int:pk>/", signing_views.worker_contract, name="worker-contract"),
    path("my/<int:pk>/pdf/", signing_views.worker_contract_pdf, name="worker-contract-pdf"),
    path("my/<int:pk>/code/", signing_views.worker_code, name="worker-code"),
    path("my/<int:pk>/sign/", signing_views.worker_sign, name="worker-sign"),
    path("my/<int:pk>/decline/", signing_views.worker_decline, name="worker-decline"),
    path("<int:pk>/seal/", signing_views.contract_seal, name="contract-seal"),
    path("verify/", signing_views.verify, name="verify"),
]

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
