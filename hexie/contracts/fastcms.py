"""CMS signatures and RFC 3161 time-stamp tokens written as DER directly (RFC 5652, RFC 3161,
RFC 5816, ETSI EN 319 122 / PAdES B-T).

Everything in a signature but the document digest, the signature values, the times and the
serial is the same from one signature to the next: certificates, signer identifiers, algorithm
identifiers, the ESS signing-certificate attribute. Those pieces are encoded once per signer (or
once for the TSA) and each signature is a few concatenations around two private-key operations,
where building the same values as asn1crypto objects costs several milliseconds.
"""

import hashlib
import secrets
from datetime import UTC, datetime
from functools import cache

from asn1crypto import core, tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa


def der(tag: int, *parts: bytes) -> bytes:
    """One DER TLV: `tag` (a single byte) around the concatenated `parts`."""
    body = b"".join(parts)
    size = len(body)
    if size < 0x80:
        return bytes((tag, size)) + body
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(length))) + length + body


def integer(value: int) -> bytes:
    return der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big", signed=True))


@cache
def oid(dotted: str) -> bytes:
    return core.ObjectIdentifier(dotted).dump()


SEQUENCE, SET, OCTET_STRING, UTC_TIME, GENERALIZED_TIME = 0x30, 0x31, 0x04, 0x17, 0x18
CONTEXT_0, CONTEXT_1, CONTEXT_4 = 0xA0, 0xA1, 0xA4
SHA256 = der(SEQUENCE, oid("2.16.840.1.101.3.4.2.1"))
ECDSA_SHA256 = der(SEQUENCE, oid("1.2.840.10045.4.3.2"))
RSA_ENCRYPTION = der(SEQUENCE, oid("1.2.840.113549.1.1.1"), b"\x05\x00")
ID_DATA = oid("1.2.840.113549.1.7.1")
ID_SIGNED_DATA = oid("1.2.840.113549.1.7.2")
ID_TST_INFO = oid("1.2.840.113549.1.9.16.1.4")
ATTR_CONTENT_TYPE = oid("1.2.840.113549.1.9.3")
ATTR_MESSAGE_DIGEST = oid("1.2.840.113549.1.9.4")
ATTR_SIGNING_TIME = oid("1.2.840.113549.1.9.5")
ATTR_SIGNING_CERTIFICATE_V2 = oid("1.2.840.113549.1.9.16.2.47")
ATTR_SIGNATURE_TIME_STAMP = oid("1.2.840.113549.1.9.16.2.14")
TSA_POLICY = "1.3.6.1.4.1.4146.2.2"  # the policy pyHanko's test TSA uses; a real TSA names its own
ONE = integer(1)


def attribute(attr_oid: bytes, value: bytes) -> bytes:
    return der(SEQUENCE, attr_oid, der(SET, value))


def certificate_der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def signing_certificate_v2(cert: x509.Certificate) -> bytes:
    """The ESS signing-certificate-v2 attribute (RFC 5035): the certificate's SHA-256 (the default
    algorithm, so not named) and its issuer and serial number."""
    issuer_serial = der(
        SEQUENCE, der(SEQUENCE, der(CONTEXT_4, cert.issuer.public_bytes())), integer(cert.serial_number)
    )
    ess_cert_id = der(SEQUENCE, der(OCTET_STRING, hashlib.sha256(certificate_der(cert)).digest()), issuer_serial)
    return attribute(ATTR_SIGNING_CERTIFICATE_V2, der(SEQUENCE, der(SEQUENCE, ess_cert_id)))


def issuer_and_serial(cert: x509.Certificate) -> bytes:
    return der(SEQUENCE, cert.issuer.public_bytes(), integer(cert.serial_number))


def _sign(key, data: bytes) -> bytes:
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    return key.sign(data, ec.ECDSA(hashes.SHA256()))


class CmsSigner:
    """A signer's PAdES CMS template: SignedData with the signer's and the CA's certificates and
    the signed attributes content-type, message-digest and signing-certificate-v2 (PAdES puts the
    signing time in the PDF's /M, not in a signed attribute)."""

    def __init__(self, private_key, cert: x509.Certificate, chain: list[x509.Certificate]):
        self.private_key = private_key
        self.algorithm = RSA_ENCRYPTION if isinstance(private_key, rsa.RSAPrivateKey) else ECDSA_SHA256
        self.sid = issuer_and_serial(cert)
        self.certificates = der(CONTEXT_0, *sorted(certificate_der(c) for c in [cert, *chain]))
        content_type = attribute(ATTR_CONTENT_TYPE, ID_DATA)
        digest_template = attribute(ATTR_MESSAGE_DIGEST, der(OCTET_STRING, bytes(32)))
        self._attrs_head = content_type + digest_template[:-32]
        self._attrs_tail = signing_certificate_v2(cert)  # the attributes in DER (sorted) order

    def sign(self, document_digest: bytes, timestamp) -> bytes:
        """The DER ContentInfo for a SHA-256 `document_digest`; `timestamp(imprint) -> token DER` is
        called with the SHA-256 of the signature value and its token becomes the
        signature-time-stamp unsigned attribute."""
        attrs = self._attrs_head + document_digest + self._attrs_tail
        signature = _sign(self.private_key, der(SET, attrs))
        token = timestamp(hashlib.sha256(signature).digest())
        signer_info = der(
            SEQUENCE,
            ONE,
            self.sid,
            SHA256,
            der(CONTEXT_0, attrs),
            self.algorithm,
            der(OCTET_STRING, signature),
            der(CONTEXT_1, attribute(ATTR_SIGNATURE_TIME_STAMP, token)),
        )
        signed_data = der(
            SEQUENCE, ONE, der(SET, SHA256), der(SEQUENCE, ID_DATA), self.certificates, der(SET, signer_info)
        )
        return der(SEQUENCE, ID_SIGNED_DATA, der(CONTEXT_0, signed_data))


class TimeStampAuthority:
    """An RFC 3161 TSA in process: TSTInfo signed with the TSA's key (certificate with the critical
    timeStamping EKU), its certificate and chain embedded, ESS signing-certificate-v2 (RFC 5816)."""

    def __init__(self, private_key, cert: x509.Certificate, chain: list[x509.Certificate]):
        self.private_key = private_key
        self.algorithm = RSA_ENCRYPTION if isinstance(private_key, rsa.RSAPrivateKey) else ECDSA_SHA256
        self.sid = issuer_and_serial(cert)
        self.certificates = der(CONTEXT_0, *sorted(certificate_der(c) for c in [cert, *chain]))
        self.signing_certificate = signing_certificate_v2(cert)
        self.tsa_name = der(CONTEXT_0, der(CONTEXT_4, cert.subject.public_bytes()))
        self.content_type = attribute(ATTR_CONTENT_TYPE, ID_TST_INFO)

    def token(self, imprint: bytes, *, nonce: int | None = None, now: datetime | None = None) -> bytes:
        """A time-stamp token (ContentInfo DER) over the SHA-256 `imprint`."""
        now = (now or datetime.now(UTC)).astimezone(UTC)
        tst_info = der(
            SEQUENCE,
            ONE,
            oid(TSA_POLICY),
            der(SEQUENCE, SHA256, der(OCTET_STRING, imprint)),
            integer(secrets.randbits(63)),
            der(GENERALIZED_TIME, now.strftime("%Y%m%d%H%M%SZ").encode()),
            integer(nonce) if nonce is not None else b"",
            self.tsa_name,
        )
        attrs = b"".join(
            sorted(
                (
                    self.content_type,
                    attribute(ATTR_SIGNING_TIME, der(UTC_TIME, now.strftime("%y%m%d%H%M%SZ").encode())),
                    attribute(ATTR_MESSAGE_DIGEST, der(OCTET_STRING, hashlib.sha256(tst_info).digest())),
                    self.signing_certificate,
                )
            )
        )
        signature = _sign(self.private_key, der(SET, attrs))
        signer_info = der(
            SEQUENCE, ONE, self.sid, SHA256, der(CONTEXT_0, attrs), self.algorithm, der(OCTET_STRING, signature)
        )
        signed_data = der(
            SEQUENCE,
            integer(3),
            der(SET, SHA256),
            der(SEQUENCE, ID_TST_INFO, der(CONTEXT_0, der(OCTET_STRING, tst_info))),
            self.certificates,
            der(SET, signer_info),
        )
        return der(SEQUENCE, ID_SIGNED_DATA, der(CONTEXT_0, signed_data))

    def respond(self, request: bytes) -> bytes:
        """A TimeStampResp (DER) to a TimeStampReq (DER), as an HTTP TSA answers (RFC 3161 §3.4)."""
        try:
            parsed = tsp.TimeStampReq.load(request)
            imprint = parsed["message_imprint"]
            algorithm = imprint["hash_algorithm"]["algorithm"].native
            digest = imprint["hashed_message"].native
            nonce = parsed["nonce"].native
        except ValueError:
            algorithm = digest = None
        if algorithm != "sha256" or not digest or len(digest) != 32:
            return der(SEQUENCE, der(SEQUENCE, integer(2)))  # rejection
        return der(SEQUENCE, der(SEQUENCE, integer(0)), self.token(digest, nonce=nonce))


def timestamp_request(imprint: bytes, nonce: int) -> bytes:
    """A TimeStampReq (DER) for a SHA-256 imprint, asking for the TSA's certificate."""
    return der(SEQUENCE, ONE, der(SEQUENCE, SHA256, der(OCTET_STRING, imprint)), integer(nonce), b"\x01\x01\xff")


def token_from_response(response: bytes, imprint: bytes, nonce: int) -> bytes:
    """The token in a TimeStampResp, checked against the request; ValueError when refused or not
    matching."""
    parsed = tsp.TimeStampResp.load(response)
    status = parsed["status"]["status"].native
    if status not in ("granted", "granted_with_mods"):
        raise ValueError(f"TSA refused the request: {status} {parsed['status']['status_string'].native or ''}")
    token = parsed["time_stamp_token"]
    tst_info = token["content"]["encap_content_info"]["content"].parsed
    if tst_info["message_imprint"]["hashed_message"].native != imprint or tst_info["nonce"].native != nonce:
        raise ValueError("TSA response does not match the request (imprint or nonce)")
    return token.dump()
