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


@lru_cache(maxsize=4)
def _keys(data_key: str) -> tuple[AESGCM, bytes]:
    material = HKDF(algorithm=hashes.SHA256(), length=64, salt=b"hexie", info=b"personal-data").derive(
        data_key.encode()
    )
    return AESGCM(material[:32]), material[32:]


def encrypt(plain: str) -> str:
    cipher, _ = _keys(settings.DATA_KEY)
    nonce = os.urandom(12)
    return base64.urlsafe_b64encode(nonce + cipher.encrypt(nonce, plain.encode(), None)).decode()


def decrypt(token: str) -> str:
    cipher, _ = _keys(settings.DATA_KEY)
    raw = base64.urlsafe_b64decode(token.encode())
    return cipher.decrypt(raw[:12], raw[12:], None).decode()


def lookup_hash(value: str) -> str:
    """Keyed hash of a normalized value: equal numbers give equal hashes, nothing else leaks."""
    _, hash_key = _keys(settings.DATA_KEY)
    return hmac.new(hash_key, value.strip().upper().encode(), hashlib.sha256).hexdigest()


def mask(value: str, keep_start: int, keep_end: int) -> str:
    """`370102199001011234` -> `370102********1234`."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
