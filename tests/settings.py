"""Test settings: Hexie's own, plus a small app whose model exercises the workflow helper."""

from hexie.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflow_app"]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests only
