"""The demo province's contracts: paper contracts recorded in force, a sample signed electronically
through the real services whose every signature pyHanko and poppler's pdfsig accept (and a
tampered copy of which both refuse), contracts in the other states, collective contracts, and the
statistics computed from them."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from hexie.contracts import pdfsig
from hexie.contracts.models import CollectiveContract, LaborContract
from hexie.contracts.signing import verify_pdf
from hexie.demo import generator

Status = LaborContract.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.SIGNING_DIR = tmp_path / "signing"
    settings.TSA_URL = ""
    generator.generate("T", seed=5)


def signed_sample():
    return LaborContract.objects.filter(signatures__isnull=False, status=Status.IN_FORCE).distinct()


def test_the_demo_has_paper_contracts_a_signed_sample_and_collective_contracts(demo):
    assert LaborContract.objects.filter(paper=True, status=Status.IN_FORCE).count() > 300
    sample = list(signed_sample())
    assert sample and all(c.signatures.count() == 2 and c.sha256 and not c.paper for c in sample)
    statuses = set(LaborContract.objects.values_list("status", flat=True))
    assert {Status.IN_FORCE, Status.DISSOLVED, Status.SUPERSEDED} <= statuses
    assert CollectiveContract.objects.filter(status=CollectiveContract.Status.EFFECTIVE).exists()


def test_every_signature_of_the_sample_is_accepted_by_pyhanko_and_pdfsig(demo, tmp_path):
    call_command("verify_contracts", *(["--pdfsig"] if pdfsig.available() else []))
    contract = signed_sample().first()
    report = verify_pdf(contract.document.read())
    assert report.valid and [s.signer for s in report.signatures] == [contract.worker.name, contract.enterprise.name]


def tampered(pdf: bytes) -> bytes:
    at = pdf.index(b"stream", pdf.index(b"/Contents")) + 40
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def test_a_tampered_archive_copy_is_refused_by_both(demo, tmp_path):
    contract = signed_sample().first()
    data = tampered(contract.document.read())
    assert not verify_pdf(data).valid
    if pdfsig.available():
        from hexie.contracts import pki

        result = pdfsig.PdfsigValidator(pki.signing_dir() / "ca.cert.pem", tmp_path).check(data)
        assert result.valid == 0 and result.digest_mismatch == 2, result.output
    Path(contract.document.path).write_bytes(data)  # the archived file altered where it lies
    with pytest.raises(CommandError, match="1 份未通过"):
        call_command("verify_contracts")


def test_the_statistics_page_shows_the_demo_signing_rate(demo, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="province"))
    html = client.get(reverse("contracts:statistics")).content.decode()
    assert "%" in html and "签订率" in html
