"""Contract signatures: a worker signs, the enterprise seals, and two independent validators
(pyHanko and poppler's NSS-based pdfsig) accept both — and reject a one-byte change. Both signing
paths are covered: the direct one (hexie.contracts.fastsign, for the platform's own PDFs) and
pyHanko's (any other PDF, e.g. one with a cross-reference stream)."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from asn1crypto import cms
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from hexie.contracts import pdfsig, pki, signing
from hexie.contracts.pdf import ContractDocument, render_contract_pdf
from hexie.contracts.signing import (
    InvalidPdf,
    SignerIdentity,
    TSAUnavailable,
    sign_contract_pdf,
    sign_pdf,
    verify_pdf,
)
from hexie.core.pdf import cjk_font

WORKER = SignerIdentity("person", "张三", "370102199001011234")
ENTERPRISE = SignerIdentity("organization", "济南甲有限公司", "91370100MA3C8XXX0X")
WORKER_BOX = (60, 60, 260, 150)
SEAL_BOX = (330, 60, 530, 150)


@pytest.fixture
def signing_dir(settings, tmp_path_factory):
    settings.SIGNING_DIR = tmp_path_factory.mktemp("signing")
    settings.TSA_URL = ""
    return settings.SIGNING_DIR


def contract_pdf() -> bytes:
    font = cjk_font()
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=A4, initialFontName=font)
    pdf.setFont(font, 20)
    pdf.drawCentredString(A4[0] / 2, 780, "劳动合同")
    pdf.setFont(font, 11)
    lines = [
        "甲方（用人单位）：济南甲有限公司",
        "乙方（劳动者）：张三",
        "合同期限：固定期限，2026年12月1日至2029年11月30日",
        "工作岗位：装配工，工作地点：济南市历下区",
        "劳动报酬：每月人民币 4,800.00 元，每月 10 日发放",
    ]
    for number, line in enumerate(lines):
        pdf.drawString(60, 720 - 24 * number, line)
    pdf.drawString(60, 160, "乙方（签名）：")
    pdf.drawString(330, 160, "甲方（盖章）：")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def sign_both(pdf: bytes) -> bytes:
    signed = sign_pdf(
        pdf,
        WORKER,
        field_name="WorkerSignature",
        reason="乙方签订劳动合同",
        location="济南",
        appearance_text="乙方（劳动者）签名",
        page=0,
        box=WORKER_BOX,
    )
    return sign_pdf(
        signed,
        ENTERPRISE,
        field_name="EnterpriseSeal",
        reason="甲方签订劳动合同",
        location="济南",
        appearance_text="甲方（用人单位）盖章",
        page=0,
        box=SEAL_BOX,
    )


def rendered_contract() -> bytes:
    """A three-page contract from the platform's own renderer."""
    clause = "甲乙双方依法参加社会保险，甲方为乙方办理有关社会保险手续，并承担相应社会保险义务。" * 3
    return render_contract_pdf(
        ContractDocument(
            number="HT-370102-2026-000123",
            title="劳动合同书（固定期限）",
            parties=[("甲方（用人单位）名称", ENTERPRISE.name), ("乙方（劳动者）姓名", WORKER.name)],
            sections=[(f"第{number}部分", [clause] * 4) for number in range(1, 10)],
            footer="HT-370102-2026-000123",
        )
    )


@pytest.fixture
def no_pyhanko_signing(monkeypatch):
    """Fails the test if a signature goes through pyHanko's PdfSigner instead of fastsign."""

    def refuse(*args, **kwargs):
        raise AssertionError("signed through pyHanko, not fastsign")

    monkeypatch.setattr(signing, "_sign_with_pyhanko", refuse)


def xref_stream_pdf() -> bytes:
    """The one-page contract rewritten by pyHanko with a cross-reference stream (outside fastsign)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(BytesIO(contract_pdf())))
    writer.stream_xrefs = True
    output = BytesIO()
    writer.write(output)
    assert b"/XRef" in output.getvalue()
    return output.getvalue()


@pytest.fixture(params=["fastsign", "pyhanko"])
def signed(request, signing_dir):
    """A contract signed by both parties, through each signing path."""
    if request.param == "fastsign":
        request.getfixturevalue("no_pyhanko_signing")
        return sign_contract_pdf(rendered_contract(), WORKER, ENTERPRISE, location="济南")
    return sign_both(xref_stream_pdf())


def test_worker_and_enterprise_signatures_are_intact_trusted_and_timestamped(signed):
    assert signed.count(b"%%EOF") >= 3, "the original plus one incremental revision per signature"
    report = verify_pdf(signed)
    assert report.valid
    worker, enterprise = report.signatures
    assert (worker.field_name, worker.signer) == ("WorkerSignature", "张三")
    assert worker.signer_serial.startswith("370102xxxxxxxx1234-")
    assert (enterprise.signer, enterprise.signer_serial) == ("济南甲有限公司", "91370100MA3C8XXX0X")
    for signature in report.signatures:
        assert signature.intact and signature.valid and signature.trusted and signature.timestamp_valid
        assert signature.timestamp_time is not None
    assert not worker.covers_whole_document and worker.modification_level == "FORM_FILLING"
    assert enterprise.covers_whole_document
    assert worker.signing_time is not None and abs(worker.signing_time - worker.timestamp_time).total_seconds() < 60


def test_each_signature_is_pades_b_t(signed):
    """CMS SignedData with the signer's and the CA's certificates, the PAdES signed attributes and an
    RFC 3161 token over the signature value as unsigned attribute."""
    import hashlib

    containers = re.findall(rb"/Contents <([0-9A-Fa-f]+)>", signed)
    assert len(containers) == 2
    for container in containers:
        content = cms.ContentInfo.load(bytes.fromhex(container.decode()), strict=False)  # zero padding after
        data = content["content"]
        assert content["content_type"].native == "signed_data"
        names = {c.chosen.subject.native["common_name"] for c in data["certificates"]}
        assert pki.CA_NAME in names and names & {WORKER.name, ENTERPRISE.name}
        signer_info = data["signer_infos"][0]
        signed_attrs = {a["type"].native for a in signer_info["signed_attrs"]}
        assert {"content_type", "message_digest", "signing_certificate_v2"} <= signed_attrs
        (token_attr,) = [a for a in signer_info["unsigned_attrs"] if a["type"].native == "signature_time_stamp_token"]
        tst_info = token_attr["values"][0]["content"]["encap_content_info"]["content"].parsed
        imprint = tst_info["message_imprint"]["hashed_message"].native
        assert imprint == hashlib.sha256(signer_info["signature"].native).digest()


def test_the_signer_certificate_is_issued_once_with_the_contract_signing_profile(signing_dir):
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    first, again = pki.signer_for(WORKER), pki.signer_for(WORKER)
    assert first is again
    assert len(list((signing_dir / "signers").iterdir())) == 1
    cert = x509.load_der_x509_certificate(first.signing_cert.dump())
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "张三"
    assert "199001" not in cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    tsa = pki.tsa_authority().certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    assert tsa.critical and list(tsa.value) == [ExtendedKeyUsageOID.TIME_STAMPING]


def tamper(pdf: bytes) -> bytes:
    """Change one byte inside the page content that both signatures cover."""
    at = pdf.index(b"stream", pdf.index(b"/Contents")) + 40
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def test_a_one_byte_change_is_detected(signed):
    report = verify_pdf(tamper(signed))
    assert not report.valid
    assert all(not signature.intact for signature in report.signatures)


def test_a_file_that_is_not_a_pdf_is_refused(signing_dir):
    for junk in (b"PK\x03\x04 a zip", b"", b"%PDF-1.7\n garbage without trailer", b"%PDF-1.4\nstartxref\n9\n%%EOF"):
        with pytest.raises(InvalidPdf, match="不是有效的 PDF 文件"):
            verify_pdf(junk)
        with pytest.raises(InvalidPdf, match="不是有效的 PDF 文件"):
            sign_pdf(junk, WORKER, field_name="S", reason="r", location="l", appearance_text="t", box=WORKER_BOX)


def test_an_unreachable_tsa_means_no_signature(signing_dir, settings):
    settings.TSA_URL = "http://127.0.0.1:9/tsa"
    settings.TSA_TIMEOUT = 2
    pdf = contract_pdf()
    result = None
    with pytest.raises(TSAUnavailable):
        result = sign_pdf(
            pdf,
            WORKER,
            field_name="WorkerSignature",
            reason="r",
            location="济南",
            appearance_text="乙方（劳动者）签名",
            box=WORKER_BOX,
        )
    assert result is None


def test_an_unreachable_tsa_means_no_signature_on_the_fast_path_too(signing_dir, settings, no_pyhanko_signing):
    settings.TSA_URL = "http://127.0.0.1:9/tsa"
    settings.TSA_TIMEOUT = 2
    result = None
    with pytest.raises(TSAUnavailable):
        result = sign_contract_pdf(rendered_contract(), WORKER, ENTERPRISE, location="济南")
    assert result is None


class _TsaHandler(BaseHTTPRequestHandler):
    """An HTTP TSA (RFC 3161 over HTTP) answering with the built-in TSA, or refusing."""

    requests: list[bytes] = []
    refuse = False

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).requests.append(body)
        if self.refuse or self.headers["Content-Type"] != "application/timestamp-query":
            answer = bytes.fromhex("30053003020102")  # TimeStampResp, status 2: rejection
        else:
            answer = self.server.tsa.respond(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_tsa(signing_dir, settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TsaHandler)
    server.tsa = pki.builtin_tsa()
    _TsaHandler.requests, _TsaHandler.refuse = [], False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TSA_URL = f"http://127.0.0.1:{server.server_address[1]}/tsa"
    settings.TSA_TIMEOUT = 5
    yield _TsaHandler
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["fastsign", "pyhanko"])
def test_an_http_tsa_timestamps_both_signatures(http_tsa, path, request):
    if path == "fastsign":
        request.getfixturevalue("no_pyhanko_signing")
        signed = sign_contract_pdf(rendered_contract(), WORKER, ENTERPRISE, location="济南")
    else:
        signed = sign_both(xref_stream_pdf())
    assert len(http_tsa.requests) == 2
    report = verify_pdf(signed)
    assert report.valid and [s.timestamp_valid for s in report.signatures] == [True, True]


def test_a_tsa_that_refuses_means_no_signature(http_tsa):
    http_tsa.refuse = True
    with pytest.raises(TSAUnavailable):
        sign_contract_pdf(rendered_contract(), WORKER, ENTERPRISE, location="济南")


def test_a_second_signature_in_a_field_of_the_same_name_is_refused(signing_dir):
    """fastsign leaves an existing field to pyHanko, which refuses to sign it twice."""
    once = sign_contract_pdf(rendered_contract(), WORKER, ENTERPRISE, location="济南")
    from pyhanko.sign.general import SigningError

    with pytest.raises(SigningError, match="filled already"):
        sign_pdf(
            once,
            WORKER,
            field_name="WorkerSignature",
            reason="r",
            location="济南",
            appearance_text="乙方（劳动者）签名",
            page=-1,
            box=WORKER_BOX,
        )


@pytest.mark.skipif(not pdfsig.available(), reason="poppler-utils and libnss3-tools (make debs) are needed")
def test_poppler_pdfsig_accepts_both_signatures_and_rejects_a_tampered_copy(signed, signing_dir, tmp_path):
    validator = pdfsig.PdfsigValidator(signing_dir / "ca.cert.pem", tmp_path)
    result = validator.check(signed)
    output = result.output
    assert result.signatures == 2 and result.accepted, output
    assert len(re.findall(r"^Signature #\d:", output, re.M)) == 2, output
    assert output.count("Signature Validation: Signature is Valid.") == 2, output
    assert output.count("Certificate Validation: Certificate is Trusted.") == 2, output
    assert "张三" in output and "济南甲有限公司" in output

    result = validator.check(tamper(signed))
    assert result.valid == 0 and result.digest_mismatch == 2, result.output
