import pytest
from django.utils import translation

from hexie.core import refcache

from .world import build_world


@pytest.fixture
def world(db):
    """The named test province (see tests/world.py)."""
    return build_world()


@pytest.fixture
def client_for(client):
    """`client_for(user)`: a test client logged in as that user."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


@pytest.fixture(autouse=True)
def _isolated_files_and_sync_jobs(settings, tmp_path):
    """Uploads go to a temporary folder; jobs run at once in the test's own transaction."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JOBS_MODE = "sync"
    refcache.invalidate_all()  # a rolled-back test's holiday or minimum-wage rows must not outlive it
    translation.activate(settings.LANGUAGE_CODE)  # a language another test switched to stays there
    yield
    translation.deactivate()
