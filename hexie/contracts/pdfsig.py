"""Poppler's `pdfsig` as a second validator, independent of pyHanko: NSS checks the signatures,
the certificate chain up to the platform CA and the timestamps its own way. Used by the archive
check (`hexie verify_contracts --pdfsig`), the tests and the signing benchmark.

Needs Debian's poppler-utils (pdfsig) and libnss3-tools (certutil); `available()` says whether
they are installed.
"""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PDFSIG = shutil.which("pdfsig")
CERTUTIL = shutil.which("certutil")


def available() -> bool:
    return bool(PDFSIG and CERTUTIL)


@dataclass(frozen=True)
class PdfsigResult:
    signatures: int
    valid: int  # "Signature is Valid."
    trusted: int  # "Certificate is Trusted."
    digest_mismatch: int  # the bytes a signature covers were changed
    output: str

    @property
    def accepted(self) -> bool:
        return self.signatures > 0 and self.valid == self.trusted == self.signatures


class PdfsigValidator:
    """pdfsig with an NSS database in `workdir` that trusts the CA certificate `ca_pem`."""

    def __init__(self, ca_pem: Path, workdir: Path | None = None):
        if not available():
            raise RuntimeError("pdfsig and certutil are not installed (Debian: poppler-utils, libnss3-tools)")
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="hexie-pdfsig-"))
        self.nss = self.workdir / "nss"
        self.nss.mkdir(parents=True, exist_ok=True)
        database = f"sql:{self.nss}"
        subprocess.run([CERTUTIL, "-N", "-d", database, "--empty-password"], check=True, capture_output=True)
        subprocess.run(
            [CERTUTIL, "-A", "-n", "hexie-ca", "-t", "CT,C,C", "-d", database, "-i", str(ca_pem)],
            check=True,
            capture_output=True,
        )

    def check(self, pdf: bytes) -> PdfsigResult:
        path = self.workdir / "document.pdf"
        path.write_bytes(pdf)
        done = subprocess.run([PDFSIG, "-nssdir", f"sql:{self.nss}", str(path)], capture_output=True, text=True)
        output = done.stdout + done.stderr
        return PdfsigResult(
            signatures=len(re.findall(r"^Signature #\d+:", output, re.M)),
            valid=output.count("Signature Validation: Signature is Valid."),
            trusted=output.count("Certificate Validation: Certificate is Trusted."),
            digest_mismatch=output.count("Digest Mismatch"),
            output=output,
        )
