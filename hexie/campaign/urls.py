from django.urls import path

from .views import applications, namings, systems

app_name = "campaign"

urlpatterns: list = [
    # indicator systems (views/systems.py)
    path("systems/", systems.system_list, name="system-list"),
    path("systems/<int:pk>/", systems.system_detail, name="system-detail"),
    path("systems/<int:pk>/clone/", systems.system_clone, name="system-clone"),
    path("systems/<int:pk>/edit/", systems.system_edit, name="system-edit"),
    path("systems/<int:pk>/publish/", systems.system_publish, name="system-publish"),
    path("systems/<int:pk>/indicators/new/", systems.indicator_add, name="indicator-add"),
    path("indicators/<int:pk>/edit/", systems.indicator_edit, name="indicator-edit"),
    path("indicators/<int:pk>/delete/", systems.indicator_delete, name="indicator-delete"),
    # rounds, assessments, applications, reviews, objections (views/applications.py)
    path("rounds/", applications.RoundList.as_view(url_base="campaign:round"), name="round-list"),
    path("rounds/<int:pk>/", applications.round_detail, name="round-detail"),
    path("rounds/new/<str:pk>/", applications.round_create, name="round-create"),
    path("rounds/<int:pk>/edit/", applications.round_edit, name="round-edit"),
    path(
        "applications/", applications.ApplicationList.as_view(url_base="campaign:application"), name="application-list"
    ),
    path(
        "applications/export/",
        applications.ApplicationList.as_view(url_base="campaign:application", export=True),
        name="application-export",
    ),
    path("applications/new/", applications.application_create, name="application-create"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path("applications/<int:pk>/action/", applications.application_action, name="application-action"),
    path("applications/<int:pk>/assessment/", applications.assessment_edit, name="assessment-edit"),
    path("applications/<int:pk>/evaluation/", applications.evaluation_edit, name="evaluation-edit"),
    path("applications/<int:pk>/signoff/", applications.signoff, name="signoff"),
    path("objections/<int:pk>/handle/", applications.objection_handle, name="objection-handle"),
    path("notice/", applications.public_notice, name="public-notice"),
    path("notice/<int:pk>/objection/", applications.public_objection, name="public-objection"),
    # namings, certificates, rechecks, revocations, the public list (views/namings.py)
    path("public/", namings.public_list, name="public-list"),
    path("public/export/", namings.public_list_export, name="public-list-export"),
    path("certificates/<str:serial>/", namings.certificate_verify, name="certificate-verify"),
    path("certificates/<str:serial>/pdf/", namings.certificate_pdf, name="certificate-pdf"),
    path("namings/", namings.NamingList.as_view(url_base="campaign:naming"), name="naming-list"),
    path("namings/export/", namings.NamingList.as_view(url_base="campaign:naming", export=True), name="naming-export"),
    path("namings/<int:pk>/", namings.NamingDetail.as_view(), name="naming-detail"),
    path("namings/<int:pk>/revoke/", namings.naming_revoke, name="naming-revoke"),
    path("rechecks/", namings.RecheckList.as_view(url_base="campaign:recheck"), name="recheck-list"),
    path(
        "rechecks/export/", namings.RecheckList.as_view(url_base="campaign:recheck", export=True), name="recheck-export"
    ),
    path("rechecks/<int:pk>/", namings.RecheckDetail.as_view(), name="recheck-detail"),
    path("rechecks/<int:pk>/close/", namings.recheck_close, name="recheck-close"),
    path("rechecks/spot-check/<str:region>/", namings.spot_check, name="spot-check"),
]
