"""Signing and verifying contract PDFs (电子合同签署与验证).

`sign_pdf` adds one PAdES B-T signature (CMS with the signer's certificate from the platform CA
and an RFC 3161 signature timestamp) in a new incremental revision, with a visible stamp in the
embedded CJK font. A worker's signature and the enterprise seal are two calls, two fields, two
revisions (`sign_contract_pdf` makes both). Without a timestamp there is no signature: an
unreachable TSA raises `TSAUnavailable` and nothing is returned.

PDFs with classic cross-reference tables (ours, from hexie.contracts.pdf) are signed by
hexie.contracts.fastsign, which writes the update and the CMS directly (about 1 ms a signature
beside the TSA's); anything else goes through pyHanko's PdfSigner. Both make the same signature.

`verify_pdf` validates every signature with pyHanko against the platform CA as trust root.
"""

from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from hexie.core.pdf import cjk_font

from . import fastsign, pki
from .pdf import ENTERPRISE_BOX, SIGNATURE_PAGE, WORKER_BOX
from .pki import SignerIdentity, TSAUnavailable

__all__ = [
    "InvalidPdf",
    "SignatureReport",
    "SignerIdentity",
    "TSAUnavailable",
    "VerificationReport",
    "sign_contract_pdf",
    "sign_pdf",
    "verify_pdf",
]

RED = colors.HexColor("#B3241B")
# Room for the hex-encoded CMS container (signer and CA certificates, the timestamp token with the
# TSA and CA certificates: about 9.5 KB of hex with the built-in TSA), reserved up front; an external
# TSA's token may carry a longer chain, so twice as much then (and more if even that is short).
SIGNATURE_BYTES = 16384


class InvalidPdf(ValueError):
    """The bytes given are not a PDF that can be signed or verified."""


class _StampPage(PdfContent):
    """A one-page PDF held in memory, imported as the signature appearance (pyHanko's own
    ImportedPdfPage only reads from a file)."""

    def __init__(self, pdf_bytes: bytes, width: float, height: float):
        super().__init__(box=BoxConstraints(width=width, height=height))
        self.pdf_bytes = pdf_bytes

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(PdfFileReader(BytesIO(self.pdf_bytes)), page_ix=0)
        self.resources.xobject["/Stamp"] = xobject
        return b"/Stamp Do"


def _stamp_pdf(lines: list[str], name: str, width: float, height: float) -> bytes:
    """The visible stamp: a red frame, the signer's name large, the role and time small."""
    font = cjk_font()
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=(width, height), pageCompression=1, initialFontName=font)
    pdf.setStrokeColor(RED)
    pdf.setFillColor(RED)
    pdf.setLineWidth(1.5)
    pdf.roundRect(1.5, 1.5, width - 3, height - 3, 6, stroke=1, fill=0)
    size, top = fastsign.stamp_layout(name, width, height)
    pdf.setFont(font, size)
    pdf.drawCentredString(width / 2, top - size, name)
    pdf.setFont(font, 7.5)
    y = top - size - 13.5
    for line in lines:
        pdf.drawCentredString(width / 2, y, line)
        y -= 10
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _reader(pdf_bytes: bytes) -> PdfFileReader:
    if not isinstance(pdf_bytes, bytes | bytearray) or not pdf_bytes.lstrip()[:5] == b"%PDF-":
        raise InvalidPdf(_("不是有效的 PDF 文件"))
    try:
        reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
        reader.root  # noqa: B018 (parses the trailer and catalog)
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise InvalidPdf(_("不是有效的 PDF 文件")) from exc
    return reader


def sign_pdf(
    pdf_bytes: bytes,
    signer: SignerIdentity,
    *,
    field_name: str,
    reason: str,
    location: str,
    appearance_text: str,
    page: int = 0,
    box: tuple[float, float, float, float],
    signed_at: datetime | None = None,
) -> bytes:
    """Return `pdf_bytes` with one more revision: a visible PAdES B-T signature by `signer` in a
    new field `field_name` at `box` (x1, y1, x2, y2 in points) on `page` (0-based; -1 is the last).

    `appearance_text` is the role line on the stamp (e.g. "乙方（劳动者）签名"); the stamp also
    shows the signer's name and the signing time (China Standard Time, to the second).
    Raises InvalidPdf, TSAUnavailable."""
    if not isinstance(pdf_bytes, bytes | bytearray) or pdf_bytes.lstrip()[:5] != b"%PDF-":
        raise InvalidPdf(_("不是有效的 PDF 文件"))
    moment = (signed_at or datetime.now(ZoneInfo(settings.TIME_ZONE))).astimezone(ZoneInfo("Asia/Shanghai"))
    reserve = SIGNATURE_BYTES * (2 if settings.TSA_URL else 1)
    for _attempt in range(3):
        try:
            revision = fastsign.prepare(
                bytes(pdf_bytes),
                field_name=field_name,
                signer_name=signer.name,
                reason=reason,
                location=location,
                role=appearance_text,
                page=page,
                box=box,
                moment=moment,
                reserve=reserve,
            )
            return revision.complete(pki.signer_keys(signer).cms.sign(revision.digest, pki.timestamp_token))
        except fastsign.ContentsTooSmall:
            reserve *= 2
        except fastsign.Unsupported:
            break
    return _sign_with_pyhanko(
        pdf_bytes, signer, field_name, reason, location, appearance_text, page, box, moment, reserve
    )


def _sign_with_pyhanko(pdf_bytes, signer, field_name, reason, location, appearance_text, page, box, moment, reserve):
    _reader(pdf_bytes)
    width, height = box[2] - box[0], box[3] - box[1]
    stamp = _stamp_pdf(
        [appearance_text, _("签署时间：%(time)s") % {"time": f"{moment:%Y-%m-%d %H:%M:%S}"}], signer.name, width, height
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        name=signer.name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=pki.signer_for(signer),
        timestamper=pki.timestamper(),
        stamp_style=StaticStampStyle(background=_StampPage(stamp, width, height), border_width=0),
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=box),
    )
    output = BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=output, bytes_reserved=reserve)
    except TSAUnavailable:
        raise
    except (TimeoutError, TimestampRequestError) as exc:
        raise TSAUnavailable(_("时间戳服务不可用：%(error)s") % {"error": exc}) from exc
    return output.getvalue()


def sign_contract_pdf(
    pdf_bytes: bytes,
    worker: SignerIdentity,
    enterprise: SignerIdentity,
    *,
    location: str,
    signed_at: datetime | None = None,
) -> bytes:
    """A contract from hexie.contracts.pdf signed by both parties at once: the worker's signature,
    then the enterprise's seal in a second revision, in the boxes on the last page."""
    signed = sign_pdf(
        pdf_bytes,
        worker,
        field_name="WorkerSignature",
        reason=_("乙方签订劳动合同"),
        location=location,
        appearance_text=_("乙方（劳动者）签名"),
        page=SIGNATURE_PAGE,
        box=WORKER_BOX,
        signed_at=signed_at,
    )
    return sign_pdf(
        signed,
        enterprise,
        field_name="EnterpriseSeal",
        reason=_("甲方签订劳动合同"),
        location=location,
        appearance_text=_("甲方（用人单位）盖章"),
        page=SIGNATURE_PAGE,
        box=ENTERPRISE_BOX,
        signed_at=signed_at,
    )


@dataclass
class SignatureReport:
    """One signature as a verifier sees it."""

    field_name: str
    signer: str
    signer_serial: str
    signing_time: datetime | None
    timestamp_time: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    timestamp_valid: bool
    covers_whole_document: bool
    modification_level: str

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.timestamp_valid


@dataclass
class VerificationReport:
    signatures: list[SignatureReport] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """Every signature sound, and the last one covers the whole file (nothing added after)."""
        return (
            bool(self.signatures)
            and all(s.ok for s in self.signatures)
            and self.signatures[-1].covers_whole_document
            and all(s.modification_level in ("NONE", "LTA_UPDATES", "FORM_FILLING") for s in self.signatures)
        )


def validation_context() -> ValidationContext:
    return ValidationContext(
        trust_roots=pki.trust_roots(),
        other_certs=[pki.tsa_authority().asn1],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def verify_pdf(pdf_bytes: bytes) -> VerificationReport:
    """Validate every signature in the PDF against the platform CA. Raises InvalidPdf."""
    reader = _reader(pdf_bytes)
    report = VerificationReport()
    try:
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError) as exc:
        raise InvalidPdf(_("不是有效的 PDF 文件")) from exc
    for signature in embedded:
        status = validate_pdf_signature(
            signature, signer_validation_context=validation_context(), ts_validation_context=validation_context()
        )
        subject = status.signing_cert.subject.native
        timestamp = status.timestamp_validity
        report.signatures.append(
            SignatureReport(
                field_name=signature.field_name,
                signer=subject.get("common_name", ""),
                signer_serial=subject.get("serial_number", ""),
                signing_time=status.signer_reported_dt,
                timestamp_time=timestamp.timestamp if timestamp else None,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                timestamp_valid=bool(timestamp and timestamp.intact and timestamp.valid and timestamp.trusted),
                covers_whole_document=status.coverage.name == "ENTIRE_FILE",
                modification_level=status.modification_level.name if status.modification_level else "NONE",
            )
        )
    return report
