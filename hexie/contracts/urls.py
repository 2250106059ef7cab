from django.urls import path  # noqa: F401 (each part below adds its routes)

app_name = "contracts"

urlpatterns: list = []
