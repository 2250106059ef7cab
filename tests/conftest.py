import pytest

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
