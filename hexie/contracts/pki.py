"""The platform's signing PKI (电子签名证书体系): a certificate authority, one certificate per
signer, and an RFC 3161 time-stamping authority (时间戳服务).

Files in ``settings.SIGNING_DIR`` (created on first use for a new install; in production put a
real CA's files there instead, PEM, keys unencrypted and readable only by the service user):

    ca.cert.pem, ca.key.pem     the CA that issues signer certificates (trust root for verifiers)
    tsa.cert.pem, tsa.key.pem   the built-in TSA (certificate with the critical timeStamping EKU);
                                unused when ``settings.TSA_URL`` names an external TSA
    signers/<sha256>.pem        issued signer certificate + key, one file per signer identity

The CA and TSA keys are RSA-2048 (every validator, including poppler's NSS-based ``pdfsig``,
accepts them). Signer keys are ECDSA P-256: a key per signer is generated in well under a
millisecond where RSA-2048 takes about 100 ms, and pyHanko and NSS validate them alike.
"""

import hashlib
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.sign.signers.pdf_cms import SimpleSigner
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from . import fastcms

DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # id-kp-documentSigning, RFC 9336
CA_NAME = "和谐劳动关系平台 电子签名根证书"
TSA_NAME = "和谐劳动关系平台 时间戳服务"
SIGNER_VALIDITY = timedelta(days=3 * 365)


class TSAUnavailable(Exception):
    """The time-stamping authority could not be reached; the caller retries later (as a job)."""


@dataclass(frozen=True)
class SignerIdentity:
    """Who signs: a person (``kind="person"``, id_number = 居民身份证号) or an organization
    (``kind="organization"``, id_number = 统一社会信用代码)."""

    kind: str
    name: str
    id_number: str

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(f"{self.kind}\n{self.name}\n{self.id_number}".encode()).hexdigest()

    @property
    def serial_number(self) -> str:
        """The certificate's serialNumber attribute: an organization's USCC is public; a person's
        ID number is masked (first 6 and last 4 digits kept, "x" between, as serialNumber is a
        PrintableString) and suffixed with a hash of the whole."""
        if self.kind == "organization":
            return self.id_number
        masked = self.id_number[:6] + "x" * max(len(self.id_number) - 10, 0) + self.id_number[-4:]
        return f"{masked}-{hashlib.sha256(self.id_number.encode()).hexdigest()[:16]}"


@dataclass
class Authority:
    """A loaded key pair with its certificate, in both `cryptography` and asn1crypto form."""

    private_key: object
    certificate: x509.Certificate

    @property
    def asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.certificate.public_bytes(serialization.Encoding.DER))


def signing_dir() -> Path:
    return _path(str(settings.SIGNING_DIR))


@cache
def _path(value: str) -> Path:
    """One Path object per directory: the per-directory caches below hash it on every call."""
    return Path(value)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _pem_key(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _pem_cert(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _name(common_name: str, *, serial: str | None = None, organization: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    if serial:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    return x509.Name(attributes)


def _builder(subject: x509.Name, issuer: x509.Name, public_key, days: int) -> x509.CertificateBuilder:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _create_ca(directory: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name(CA_NAME, organization="和谐劳动关系平台")
    cert = (
        _builder(name, name, key.public_key(), 20 * 365)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    _write_private(directory / "ca.key.pem", _pem_key(key))
    _write_private(directory / "ca.cert.pem", _pem_cert(cert))


def _issue(ca: Authority, subject: x509.Name, public_key, days: int, eku: list, *, critical_eku: bool):
    return (
        _builder(subject, ca.certificate.subject, public_key, days)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage(eku), critical=critical_eku)
        .sign(ca.private_key, hashes.SHA256())
    )


def _load(directory: Path, stem: str) -> Authority:
    key = serialization.load_pem_private_key((directory / f"{stem}.key.pem").read_bytes(), password=None)
    cert = x509.load_pem_x509_certificate((directory / f"{stem}.cert.pem").read_bytes())
    return Authority(key, cert)


_setup_lock = threading.Lock()


def _ensure_installed(directory: Path) -> None:
    """Create the CA and the built-in TSA on a new install (files already present are kept)."""
    with _setup_lock:
        if not (directory / "ca.cert.pem").exists():
            _create_ca(directory)
        if not (directory / "tsa.cert.pem").exists():
            ca = _load(directory, "ca")
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            cert = _issue(
                ca,
                _name(TSA_NAME, organization="和谐劳动关系平台"),
                key.public_key(),
                10 * 365,
                [ExtendedKeyUsageOID.TIME_STAMPING],
                critical_eku=True,
            )
            _write_private(directory / "tsa.key.pem", _pem_key(key))
            _write_private(directory / "tsa.cert.pem", _pem_cert(cert))


@cache
def _authority(directory: Path, stem: str) -> Authority:
    _ensure_installed(directory)
    return _load(directory, stem)


def certificate_authority() -> Authority:
    return _authority(signing_dir(), "ca")


def tsa_authority() -> Authority:
    return _authority(signing_dir(), "tsa")


@dataclass
class SignerKeys:
    """A signer's key and certificate, with the CMS template that signs with them."""

    private_key: object
    certificate: x509.Certificate
    cms: fastcms.CmsSigner


@lru_cache(maxsize=4096)
def _signer_keys(directory: Path, identity: SignerIdentity) -> SignerKeys:
    ca = _authority(directory, "ca")
    path = directory / "signers" / f"{identity.fingerprint}.pem"
    if path.exists():
        data = path.read_bytes()
        key = serialization.load_pem_private_key(data, password=None)
        cert = x509.load_pem_x509_certificate(data)
    else:
        key = ec.generate_private_key(ec.SECP256R1())
        subject = (
            _name(identity.name, serial=identity.serial_number, organization=identity.name)
            if identity.kind == "organization"
            else _name(identity.name, serial=identity.serial_number)
        )
        cert = _issue(
            ca,
            subject,
            key.public_key(),
            SIGNER_VALIDITY.days,
            [ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING],
            critical_eku=False,
        )
        _write_private(path, _pem_cert(cert) + _pem_key(key))
    return SignerKeys(key, cert, fastcms.CmsSigner(key, cert, [ca.certificate]))


def signer_keys(identity: SignerIdentity) -> SignerKeys:
    """`identity`'s key and certificate, issued by the platform CA on first use and kept on disk
    and in this process."""
    return _signer_keys(signing_dir(), identity)


class _KeptKeySigner(SimpleSigner):
    """pyHanko's SimpleSigner re-parses its private key from DER for every signature; this one
    signs with the parsed `cryptography` key."""

    def __init__(self, keys: SignerKeys, ca: Authority):
        self.private_key = keys.private_key
        der = keys.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        super().__init__(
            signing_cert=asn1_x509.Certificate.load(fastcms.certificate_der(keys.certificate)),
            signing_key=asn1_keys.PrivateKeyInfo.load(der),
            cert_registry=SimpleCertificateStore.from_certs([ca.asn1]),
        )

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
        return fastcms._sign(self.private_key, data)


@lru_cache(maxsize=256)
def _signer(directory: Path, identity: SignerIdentity) -> SimpleSigner:
    return _KeptKeySigner(_signer_keys(directory, identity), _authority(directory, "ca"))


def signer_for(identity: SignerIdentity) -> SimpleSigner:
    """The pyHanko signer for `identity` (for PDFs outside the fast path)."""
    return _signer(signing_dir(), identity)


@cache
def _builtin_tsa(directory: Path) -> fastcms.TimeStampAuthority:
    tsa = _authority(directory, "tsa")
    return fastcms.TimeStampAuthority(tsa.private_key, tsa.certificate, [_authority(directory, "ca").certificate])


def builtin_tsa() -> fastcms.TimeStampAuthority:
    return _builtin_tsa(signing_dir())


_http = threading.local()


def timestamp_token(imprint: bytes) -> bytes:
    """An RFC 3161 token (DER) over the SHA-256 `imprint`: from the HTTP TSA at ``settings.TSA_URL``
    when set, else from the built-in TSA. Raises TSAUnavailable."""
    if not settings.TSA_URL:
        return builtin_tsa().token(imprint)
    import requests

    if not hasattr(_http, "session"):
        _http.session = requests.Session()
    nonce = secrets.randbits(63)
    try:
        response = _http.session.post(
            settings.TSA_URL,
            data=fastcms.timestamp_request(imprint, nonce),
            headers={"Content-Type": "application/timestamp-query"},
            timeout=settings.TSA_TIMEOUT,
        )
        response.raise_for_status()
        return fastcms.token_from_response(response.content, imprint, nonce)
    except (requests.RequestException, ValueError) as exc:
        raise TSAUnavailable(_("时间戳服务不可用：%(error)s") % {"error": exc}) from exc


class PlatformTimeStamper(TimeStamper):
    """pyHanko's view of `timestamp_token` (for PDFs outside the fast path)."""

    async def async_timestamp(self, message_digest, md_algorithm):
        if md_algorithm != "sha256":
            raise ValueError(f"unsupported digest {md_algorithm}")
        return cms.ContentInfo.load(timestamp_token(message_digest))


def timestamper() -> PlatformTimeStamper:
    return PlatformTimeStamper()


def trust_roots() -> list[asn1_x509.Certificate]:
    return [certificate_authority().asn1]
