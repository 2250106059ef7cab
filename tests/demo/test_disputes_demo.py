"""The demo province's labor disputes (work in progress)."""

import pytest

from hexie.demo import generator
from hexie.disputes.models import DisputeCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.SIGNING_DIR = tmp_path / "signing"
    settings.TSA_URL = ""
    return generator.generate("T", seed=5)


def test_smoke(demo):
    from collections import Counter

    print(Counter(DisputeCase.objects.values_list("status", flat=True)))
    print(demo.counts)
    assert set(DisputeCase.objects.values_list("status", flat=True)) == set(DisputeCase.Status.values)
