from django.urls import path

from .views import shell

urlpatterns = [
    path("", shell.home, name="home"),
    path("login/", shell.LoginView.as_view(), name="login"),
    path("logout/", shell.logout_view, name="logout"),
]
