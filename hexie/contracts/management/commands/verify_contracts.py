"""`hexie verify_contracts [--pdfsig] [--enterprise ID]`: check the signed contracts in the archive.

Each stored file must be the one the platform recorded (its sha256 matches the last signature's
revision), and every signature in it must be intact, trusted up to the platform CA and timestamped
(pyHanko; with --pdfsig, poppler's pdfsig as well). Exits with an error naming each contract that
fails, so it can run from cron as the archive's integrity check (LCL-50: keep them ≥ 2 years).
"""

import hashlib

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hexie.contracts import pdfsig, pki
from hexie.contracts.models import LaborContract
from hexie.contracts.signing import InvalidPdf, verify_pdf


class Command(BaseCommand):
    help = _("校验归档的已签署合同：文件未被改动，签名、证书链和时间戳有效")

    def add_arguments(self, parser):
        parser.add_argument(
            "--pdfsig", action="store_true", dest="with_pdfsig", help=_("同时用 poppler 的 pdfsig 校验")
        )
        parser.add_argument("--enterprise", type=int, help=_("只校验该企业的合同"))

    def handle(self, *args, with_pdfsig: bool = False, enterprise: int | None = None, **options):
        contracts = (
            LaborContract.objects.filter(signatures__isnull=False)
            .exclude(document="")
            .distinct()
            .prefetch_related("signatures")
            .order_by("id")
        )
        if enterprise:
            contracts = contracts.filter(enterprise_id=enterprise)
        second = pdfsig_validator() if with_pdfsig else None
        checked, failures = 0, []
        for contract in contracts.iterator(chunk_size=200):
            problem = check(contract, second)
            checked += 1
            if problem:
                failures.append(f"{contract.number}: {problem}")
        for line in failures:
            self.stderr.write(line)
        summary = _("已校验 %(checked)s 份合同，%(failed)s 份未通过") % {"checked": checked, "failed": len(failures)}
        if failures:
            raise CommandError(summary)
        self.stdout.write(summary)


def pdfsig_validator():
    if not pdfsig.available():
        raise CommandError(_("未安装 pdfsig 和 certutil（Debian：poppler-utils、libnss3-tools）"))
    return pdfsig.PdfsigValidator(pki.signing_dir() / "ca.cert.pem")


def check(contract: LaborContract, second) -> str:
    """What is wrong with one archived contract, or "" when nothing is."""
    data = contract.document.read()
    contract.document.close()
    signatures = list(contract.signatures.all())
    last = max(signatures, key=lambda s: s.signed_at)
    if hashlib.sha256(data).hexdigest() != last.revision_sha256:
        return _("存档文件与签署记录的摘要不一致")
    try:
        report = verify_pdf(data)
    except InvalidPdf:
        return _("存档文件不是有效的 PDF")
    if not report.valid or len(report.signatures) != len(signatures):
        return _("签名、证书链或时间戳校验未通过")
    if second is not None:
        result = second.check(data)
        if not result.accepted or result.signatures != len(signatures):
            return _("pdfsig 校验未通过")
    return ""
