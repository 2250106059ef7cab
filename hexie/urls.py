from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from .api import api
from .surveys.urls import public_urlpatterns as survey_public_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("campaign/", include("hexie.campaign.urls")),
    path("contracts/", include("hexie.contracts.urls")),
    path("disputes/", include("hexie.disputes.urls")),
    path("wages/", include("hexie.wages.urls")),
    path("surveys/", include("hexie.surveys.urls")),
    *survey_public_urls,
    path("", include("hexie.core.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
