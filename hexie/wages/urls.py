from django.urls import path  # noqa: F401 (each part below adds its routes)

app_name = "wages"

urlpatterns: list = []

# projects, rosters, attendance, accounts, allocations, deposits, payrolls and payouts (views/projects.py)
from .views import projects as project_views  # noqa: E402
from .views import statistics as statistics_views  # noqa: E402

urlpatterns += [
    path("projects/", project_views.ProjectList.as_view(url_base="wages:project"), name="project-list"),
    path(
        "projects/export/",
        project_views.ProjectList.as_view(url_base="wages:project", export=True),
        name="project-export",
    ),
    path("projects/new/", project_views.project_create, name="project-create"),
    path("projects/<int:pk>/", project_views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", project_views.project_edit, name="project-edit"),
    path("projects/<int:pk>/board/", project_views.project_board, name="project-board"),
    path("projects/<int:pk>/status/", project_views.project_status, name="project-status"),
    path("projects/<int:pk>/subcontracts/new/", project_views.subcontract_add, name="subcontract-add"),
    path("projects/<int:pk>/roster/", project_views.project_roster, name="project-roster"),
    path("projects/<int:pk>/roster/new/", project_views.roster_enroll, name="roster-enroll"),
    path("projects/<int:pk>/roster/import/", project_views.roster_import, name="roster-import"),
    path("roster/template/", project_views.roster_template, name="roster-template"),
    path("roster/<int:pk>/leave/", project_views.roster_leave, name="roster-leave"),
    path("roster/<int:pk>/edit/", project_views.roster_edit, name="roster-edit"),
    path("projects/<int:pk>/account/", project_views.account_open, name="account-open"),
    path("projects/<int:pk>/account/notice/", project_views.account_notice, name="account-notice"),
    path("projects/<int:pk>/account/close/", project_views.account_close, name="account-close"),
    path("projects/<int:pk>/allocations/schedule/", project_views.allocation_schedule, name="allocation-schedule"),
    path("projects/<int:pk>/allocations/plan/", project_views.allocation_plan, name="allocation-plan"),
    path("projects/<int:pk>/allocations/new/", project_views.allocation_record, name="allocation-record"),
    path("projects/<int:pk>/deposits/new/", project_views.deposit_record, name="deposit-record"),
    path("deposits/<int:pk>/use/", project_views.deposit_use, name="deposit-use"),
    path("deposits/<int:pk>/return/", project_views.deposit_return, name="deposit-return"),
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("statistics/export/", statistics_views.statistics_export, name="statistics-export"),
]

# intake: attendance, payroll and payout imports, reconciliation, the worker's wages (views/intake.py)
from .views import intake as intake_views  # noqa: E402

urlpatterns += [
    path("projects/<int:pk>/attendance/import/", intake_views.attendance_import, name="attendance-import"),
    path("projects/<int:pk>/payroll/import/", intake_views.payroll_import, name="payroll-import"),
    path("projects/<int:pk>/payroll/new/", intake_views.payroll_entry, name="payroll-entry"),
    path("projects/<int:pk>/payouts/import/", intake_views.payout_import, name="payout-import"),
    path("projects/<int:pk>/reconciliation/", intake_views.reconciliation, name="reconciliation"),
    path("intake/templates/attendance/", intake_views.attendance_template, name="attendance-template"),
    path("intake/templates/payroll/", intake_views.payroll_template, name="payroll-template"),
    path("intake/templates/payouts/", intake_views.payout_template, name="payout-template"),
    path("my/", intake_views.my_wages, name="mine"),
]

# arrears warnings and the daily check (views/arrears.py)
from .views import arrears as arrears_views  # noqa: E402

urlpatterns += [
    path("warnings/", arrears_views.WarningList.as_view(url_base="wages:warning"), name="warning-list"),
    path(
        "warnings/export/",
        arrears_views.WarningList.as_view(url_base="wages:warning", export=True),
        name="warning-export",
    ),
    path("warnings/<int:pk>/", arrears_views.warning_detail, name="warning-detail"),
    path("warnings/<int:pk>/action/", arrears_views.warning_action, name="warning-action"),
    path("projects/<int:pk>/arrears/", arrears_views.project_arrears, name="project-arrears"),
    path("projects/<int:pk>/arrears/check/", arrears_views.project_check, name="project-check"),
]

# complaints, the blacklist and the key-attention list (views/enforcement.py)
from .views import enforcement as enforcement_views  # noqa: E402

urlpatterns += [
    path("complaints/new/", enforcement_views.complaint_file, name="complaint-file"),
    path("complaints/mine/", enforcement_views.my_complaints, name="my-complaints"),
    path("complaints/", enforcement_views.ComplaintList.as_view(url_base="wages:complaint"), name="complaint-list"),
    path(
        "complaints/export/",
        enforcement_views.ComplaintList.as_view(url_base="wages:complaint", export=True),
        name="complaint-export",
    ),
    path("complaints/<int:pk>/", enforcement_views.complaint_detail, name="complaint-detail"),
    path("complaints/<int:pk>/action/", enforcement_views.complaint_action, name="complaint-action"),
    path("lists/", enforcement_views.ListingList.as_view(url_base="wages:listing"), name="listing-list"),
    path(
        "lists/export/",
        enforcement_views.ListingList.as_view(url_base="wages:listing", export=True),
        name="listing-export",
    ),
    path("lists/propose/<int:organization_id>/", enforcement_views.listing_propose, name="listing-propose"),
    path("lists/<int:pk>/", enforcement_views.listing_detail, name="listing-detail"),
    path("lists/<int:pk>/action/", enforcement_views.listing_action, name="listing-action"),
    path("blacklist/", enforcement_views.blacklist_public, name="blacklist-public"),
    path("blacklist/export/", enforcement_views.blacklist_export, name="blacklist-export"),
]
