from django.urls import path

from . import views

urlpatterns = [
    path("", views.SurveyList.as_view(url_base="survey"), name="survey-list"),
    path("export/", views.SurveyList.as_view(url_base="survey", export=True), name="survey-export"),
    path("new/", views.survey_create, name="survey-create"),
    path("<int:pk>/", views.SurveyDetail.as_view(list_url_name="survey-list"), name="survey-detail"),
    path("<int:pk>/transition/", views.survey_transition, name="survey-transition"),
    path("<int:pk>/tokens/", views.token_batch, name="survey-tokens"),
    path("<int:pk>/tokens/xlsx/", views.token_batch_xlsx, name="survey-tokens-xlsx"),
]

# The public answer page, mounted at the site root as /s/<token>/ (short, for QR codes).
public_urlpatterns = [
    path("s/<str:token>/", views.answer, name="survey-answer"),
]
