from django.urls import path  # noqa: F401 (each part below adds its routes)

app_name = "disputes"

urlpatterns: list = []

# filing, the case list and detail, the worker's phone pages (views/filing.py)
from .views import filing as filing_views  # noqa: E402

urlpatterns += [
    path("", filing_views.CaseList.as_view(url_base="disputes:case"), name="case-list"),
    path("export/", filing_views.CaseList.as_view(url_base="disputes:case", export=True), name="case-export"),
    path("new/", filing_views.file_case, name="file"),
    path("enterprises/", filing_views.enterprise_lookup, name="enterprise-lookup"),
    path("mine/", filing_views.my_cases, name="my-cases"),
    path("mine/<int:pk>/", filing_views.my_case_detail, name="my-case-detail"),
    path("<int:pk>/", filing_views.case_detail, name="case-detail"),
    path("<int:pk>/route/", filing_views.case_route, name="case-route"),
    path("<int:pk>/evidence/new/", filing_views.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/", filing_views.evidence_file, name="evidence-file"),
    path("<int:pk>/collective/", filing_views.collective, name="collective"),
    path("<int:pk>/collective/join/", filing_views.collective_join, name="collective-join"),
    path("<int:pk>/collective/vote/", filing_views.collective_vote, name="collective-vote"),
    path("<int:pk>/collective/submit/", filing_views.collective_submit, name="collective-submit"),
]

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
from .views import arbitration as arbitration_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/arbitration/panel/", arbitration_views.arbitration_panel, name="arbitration-panel"),
    path("<int:pk>/arbitration/accept/", arbitration_views.arbitration_accept, name="arbitration-accept"),
    path("<int:pk>/arbitration/refuse/", arbitration_views.arbitration_refuse, name="arbitration-refuse"),
    path("<int:pk>/arbitration/tribunal/", arbitration_views.arbitration_tribunal, name="arbitration-tribunal"),
    path("<int:pk>/arbitration/appoint/", arbitration_views.arbitration_appoint, name="arbitration-appoint"),
    path("tribunal/<int:pk>/recuse/", arbitration_views.arbitration_recuse, name="arbitration-recuse"),
    path("<int:pk>/arbitration/defence/", arbitration_views.arbitration_defence, name="arbitration-defence"),
    path("<int:pk>/arbitration/exchange/", arbitration_views.arbitration_exchange, name="arbitration-exchange"),
    path("evidence/<int:pk>/opinion/", arbitration_views.arbitration_opinion, name="arbitration-opinion"),
    path("<int:pk>/arbitration/hearing/", arbitration_views.arbitration_hearing, name="arbitration-hearing"),
    path("hearings/<int:pk>/postpone/", arbitration_views.arbitration_postpone, name="arbitration-postpone"),
    path("hearings/<int:pk>/hold/", arbitration_views.arbitration_hold, name="arbitration-hold"),
    path("hearings/", arbitration_views.hearing_calendar, name="hearing-calendar"),
    path("<int:pk>/arbitration/award/", arbitration_views.arbitration_award, name="arbitration-award"),
    path("<int:pk>/arbitration/extend/", arbitration_views.arbitration_extend, name="arbitration-extend"),
    path("<int:pk>/arbitration/suspend/", arbitration_views.arbitration_suspend, name="arbitration-suspend"),
    path("<int:pk>/arbitration/resume/", arbitration_views.arbitration_resume, name="arbitration-resume"),
    path("<int:pk>/arbitration/settle/", arbitration_views.arbitration_settle, name="arbitration-settle"),
    path("<int:pk>/arbitration/withdraw/", arbitration_views.arbitration_withdraw, name="arbitration-withdraw"),
    path("<int:pk>/arbitration/serve/", arbitration_views.arbitration_serve, name="arbitration-serve"),
    path("documents/<int:pk>/", arbitration_views.arbitration_document, name="arbitration-document"),
]

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
