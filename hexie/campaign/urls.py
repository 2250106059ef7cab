from django.urls import path

from .views import applications
from .views import systems

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
    path("applications/", applications.ApplicationList.as_view(url_base="campaign:application"),
         name="application-list"),
    path("applications/export/", applications.ApplicationList.as_view(url_base="campaign:application", export=True),
         name="application-export"),
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
]
