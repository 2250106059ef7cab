import pytest
from django.utils import translation

from hexie.core import calendar

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
    calendar.invalidate()  # a rolled-back test's holiday edits must not outlive it
    translation.activate(settings.LANGUAGE_CODE)  # a language another test switched to stays there
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_minimum_wage_table():
    """A rolled-back test's minimum-wage rows must not outlive it in the per-process cache."""
    from hexie.core import minimum_wage

    minimum_wage.invalidate()
    yield
    minimum_wage.invalidate()
