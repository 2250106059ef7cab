"""Personal numbers at rest: AES-GCM encryption plus a keyed hash for exact look-up.

Both keys are derived (HKDF) from settings.DATA_KEY, so one secret protects the data and the
hash cannot be recomputed from a leaked database alone.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class PersonalDataCipher:
    """The keys derived once; bulk writers (imports, the demo) keep one for many values."""

    def __init__(self, data_key: str):
        material = HKDF(algorithm=hashes.SHA256(), length=64, salt=b"hexie", info=b"personal-data").derive(
            data_key.encode()
        )
        self._aead = AESGCM(material[:32])
        self._keyed = hmac.new(material[32:], digestmod=hashlib.sha256)

    def encrypt(self, plain: str) -> str:
        nonce = os.urandom(12)
        return base64.urlsafe_b64encode(nonce + self._aead.encrypt(nonce, plain.encode(), None)).decode()

    def decrypt(self, token: str) -> str:
        raw = base64.urlsafe_b64decode(token.encode())
        return self._aead.decrypt(raw[:12], raw[12:], None).decode()

    def lookup_hash(self, value: str) -> str:
        """Keyed hash of a normalized value: equal numbers give equal hashes, nothing else leaks."""
        digest = self._keyed.copy()
        digest.update(value.strip().upper().encode())
        return digest.hexdigest()


@lru_cache(maxsize=4)
def _cipher_for(data_key: str) -> PersonalDataCipher:
    return PersonalDataCipher(data_key)


def cipher() -> PersonalDataCipher:
    return _cipher_for(settings.DATA_KEY)


def encrypt(plain: str) -> str:
    return cipher().encrypt(plain)


def decrypt(token: str) -> str:
    return cipher().decrypt(token)


def lookup_hash(value: str) -> str:
    return cipher().lookup_hash(value)


def mask(value: str, keep_start: int, keep_end: int) -> str:
    """`370102199001011234` -> `370102********1234`."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
