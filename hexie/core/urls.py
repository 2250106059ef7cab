from django.urls import path

from .views import audit, calendar, imports, jobs, minimum_wage, registry, shell, tokens
from .views.generic import model_urls

urlpatterns = [
    path("", shell.home, name="home"),
    path("login/", shell.LoginView.as_view(), name="login"),
    path("logout/", shell.logout_view, name="logout"),
    *model_urls("organizations", "organization", registry.OrganizationList, registry.OrganizationDetail),
    *model_urls("people", "person", registry.PersonList, registry.PersonDetail),
    *model_urls("employments", "employment", registry.EmploymentList, registry.EmploymentDetail),
    path("jobs/", jobs.JobList.as_view(url_base="job"), name="job-list"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job-detail"),
    path("jobs/<int:pk>/progress/", jobs.job_progress, name="job-progress"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/days/<int:pk>/delete/", calendar.calendar_day_delete, name="calendar-day-delete"),
    path("minimum-wages/", minimum_wage.minimum_wage_list, name="minimum-wage-list"),
    path("minimum-wages/<int:pk>/delete/", minimum_wage.minimum_wage_delete, name="minimum-wage-delete"),
    path("audit/", audit.audit_log, name="audit-log"),
    path("tokens/", tokens.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token-revoke"),
    path("imports/", imports.import_start, name="import-start"),
    path("imports/template/<slug:kind>/", imports.import_template, name="import-template"),
    path("attachments/<int:pk>/", imports.attachment_download, name="attachment-download"),
]
