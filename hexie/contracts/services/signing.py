"""Signing and verifying labor contracts (签署与验证), one user action per function.

The worker proves who they are with a one-time SMS code (`send_signing_code`) and signs on their
phone (`sign_as_worker`); the enterprise's HR or legal representative seals (`seal_as_enterprise`),
which puts the contract in force (ECG: both reliable signatures with a trusted timestamp). Each
signature is one PAdES revision made by `hexie.contracts.signing.sign_pdf`, recorded as a
`Signature` with how the signer's identity and intent were verified.

When the time-stamping authority cannot be reached there is no signature without a timestamp: the
verified request (code spent, intent recorded) becomes a `contracts.sign` job that retries with
backoff (`SIGNING_TSA_RETRY_DELAYS` seconds) and, should the TSA stay down, is taken up again by
the daily `contracts.resume_signings` job.

`verify_upload` and `verify_number` answer the public verifier: who signed, when, whether the file
changed since, whether the chain and timestamps are valid.
"""

import hashlib
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core import crypto
from hexie.core.attachments import check_upload
from hexie.core.jobs import start_job
from hexie.core.models import Job, Membership
from hexie.core.senders import sms_sender

from .. import pki
from ..models import ENTERPRISE_ROLES, LaborContract, Signature, SigningCode
from ..pdf import ENTERPRISE_BOX, SIGNATURE_PAGE, WORKER_BOX
from ..signing import InvalidPdf, SignerIdentity, TSAUnavailable, VerificationReport, sign_pdf, verify_pdf

Status = LaborContract.Status
Role = Signature.Role

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
CODE_RESEND_AFTER = timedelta(seconds=60)
CODES_PER_DAY = 10  # with 5 tries each: at most 50 guesses of a million a day
SIGN_JOB = "contracts.sign"
RESUME_JOB = "contracts.resume_signings"
RESUME_ROUNDS = 30  # daily resumptions of one signing before it is left to the people involved
DEFAULT_TSA_RETRY_DELAYS = (2, 5, 15, 30, 60, 120, 300)  # seconds between tries inside one job run
BY_CODE = "短信验证码"
BY_ACCOUNT = "企业账号"
QUEUED_MESSAGE = gettext_lazy("时间戳服务暂不可用，签署已排队，稍后自动完成")
NOT_SIGNED = gettext_lazy("合同尚未签署")
AWAITING_SEAL_VERDICT = gettext_lazy("劳动者已签署，尚待用人单位盖章")


@dataclass(frozen=True)
class Side:
    """What each party's signature is: its role, the move it makes, where it goes on the page."""

    role: str
    action: str
    awaiting: str
    field_name: str
    box: tuple[float, float, float, float]
    appearance: str
    reason: str


SIDES = {
    Role.WORKER: Side(
        Role.WORKER,
        "worker_sign",
        Status.AWAITING_WORKER,
        "WorkerSignature",
        WORKER_BOX,
        "乙方（劳动者）签名",
        "乙方签订劳动合同",
    ),
    Role.ENTERPRISE: Side(
        Role.ENTERPRISE,
        "seal",
        Status.AWAITING_SEAL,
        "EnterpriseSeal",
        ENTERPRISE_BOX,
        "甲方（用人单位）盖章",
        "甲方签订劳动合同",
    ),
}


@dataclass
class SigningOutcome:
    """A signature applied now, or a signing queued as a job because the TSA is down."""

    contract: LaborContract
    signature: Signature | None = None
    job: Job | None = None

    @property
    def queued(self) -> bool:
        return self.signature is None

    @property
    def message(self) -> str:
        return str(QUEUED_MESSAGE) if self.queued else _("签署成功")


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


# --- who may act ----------------------------------------------------------------------------------


def own_worker(contract: LaborContract, user):
    """The worker's person record when `user` is the contract's own worker; PermissionDenied else."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None or person.pk != contract.worker_id:
        raise PermissionDenied(_("只有劳动者本人可以签署该合同"))
    return person


def _enterprise_roles(contract: LaborContract, user) -> set[str]:
    """The roles `user` holds in the contract's own enterprise (HR, legal representative,
    administrator) — not those of staff whose region covers it: a seal is the employer's act."""
    if not getattr(user, "is_authenticated", False):
        return set()
    memberships = Membership.objects.filter(user=user, organization_id=contract.enterprise_id)
    return set(memberships.filter(role__in=ENTERPRISE_ROLES).values_list("role", flat=True))


def may_seal(contract: LaborContract, user) -> bool:
    return bool(_enterprise_roles(contract, user))


def _sealing_roles(contract: LaborContract, user) -> set[str]:
    roles = _enterprise_roles(contract, user)
    if not roles:
        raise PermissionDenied(_("只有本单位的人事、法定代表人或管理员可以盖章"))
    return roles


def _locked(contract: LaborContract) -> LaborContract:
    """The contract's row, locked for the rest of the transaction, with its current values."""
    return LaborContract.objects.select_for_update().select_related("enterprise__region", "worker").get(pk=contract.pk)


def _sync(target: LaborContract, source: LaborContract) -> None:
    """Copy a saved contract's state onto the caller's object."""
    for name in ("status", "document", "sha256", "effective_at"):
        setattr(target, name, getattr(source, name))
    target._loaded_status = source.status


# --- pending signings -------------------------------------------------------------------------------


def pending_signing(contract: LaborContract) -> Job | None:
    """The queued, running or waiting-to-resume signing job of the contract's current step."""
    if contract.status not in LaborContract.SIGNING:
        return None
    job = Job.objects.filter(kind=SIGN_JOB, params__contract=contract.pk).order_by("-created_at", "-id").first()
    if job is None or job.status == Job.Status.DONE or job.params.get("status") != contract.status:
        return None
    return job


def _refuse_while_queued(contract: LaborContract) -> None:
    job = pending_signing(contract)
    if job is not None and not job.finished:
        raise _refuse(str(QUEUED_MESSAGE), "queued")


def _expect(contract: LaborContract, side: Side) -> None:
    if contract.signatures.filter(role=side.role).exists():
        raise _refuse(_("该合同已有%(role)s，不能重复签署") % {"role": Role(side.role).label}, "already_signed")
    if contract.status != side.awaiting:
        action = LaborContract.workflow.by_action[side.action][0].label
        raise _refuse(
            _("合同当前状态为“%(status)s”，不能%(action)s")
            % {"status": contract.get_status_display(), "action": action},
            "status",
        )


# --- the one-time code ---------------------------------------------------------------------------------


def code_digest(contract: LaborContract, code: str) -> str:
    """A keyed hash (HMAC under the data key) of a code for one contract: a leaked table of
    digests cannot be brute-forced without the key."""
    return crypto.lookup_hash(f"signing-code:{contract.pk}:{code.strip()}")


def _latest_code(contract: LaborContract, person) -> SigningCode | None:
    return (
        SigningCode.objects.select_for_update()
        .filter(contract=contract, person=person)
        .order_by("-created_at", "-id")
        .first()
    )


def send_signing_code(contract: LaborContract, user, *, now: datetime | None = None) -> SigningCode:
    """Text a new 6-digit code to the worker's phone (valid 10 minutes, 5 tries). Earlier unused
    codes of the contract stop working; a new code is sent at most once a minute and ten times a
    day. Only the keyed hash is kept."""
    now = now or timezone.now()
    person = own_worker(contract, user)
    with transaction.atomic():
        contract = _locked(contract)
        _expect(contract, SIDES[Role.WORKER])
        _refuse_while_queued(contract)
        if not person.phone_cipher:
            raise _refuse(_("未登记手机号，无法发送验证码，请联系用人单位核实"), "no_phone")
        codes = SigningCode.objects.filter(contract=contract, person=person)
        last = codes.order_by("-created_at", "-id").first()
        if last is not None and now - last.created_at < CODE_RESEND_AFTER:
            wait = int((CODE_RESEND_AFTER - (now - last.created_at)).total_seconds()) + 1
            raise _refuse(_("验证码已发送，请 %(seconds)s 秒后再重新获取") % {"seconds": wait}, "throttled")
        if codes.filter(created_at__gt=now - timedelta(days=1)).count() >= CODES_PER_DAY:
            raise _refuse(_("今日获取验证码次数过多，请明天再试"), "daily_limit")
        codes.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        row = SigningCode.objects.create(
            contract=contract,
            person=person,
            code_hash=code_digest(contract, code),
            phone_masked=person.phone_masked,
            expires_at=now + CODE_LIFETIME,
        )
        SigningCode.objects.filter(pk=row.pk).update(created_at=now)  # the throttle counts from `now`
        row.created_at = now
        with translation.override("zh-hans"):  # texts to a phone are in Chinese
            message = _(
                "【和谐劳动】您正在签署%(enterprise)s的劳动合同（%(number)s），验证码 %(code)s，"
                "%(minutes)s 分钟内有效。请勿告诉他人。"
            ) % {
                "enterprise": contract.enterprise.name,
                "number": contract.number,
                "code": code,
                "minutes": int(CODE_LIFETIME.total_seconds() // 60),
            }
        sms_sender().send(crypto.decrypt(person.phone_cipher), message)
    return row


def _spend_code(contract: LaborContract, person, code: str, now: datetime) -> tuple[SigningCode | None, str]:
    """(the matching code, "") or (None, why not). A wrong code counts one try: the caller commits
    that count before it raises."""
    row = _latest_code(contract, person)
    if row is None:
        return None, _("请先获取短信验证码")
    if row.used_at is not None:
        return None, _("验证码已使用，请重新获取")
    if row.expires_at <= now:
        return None, _("验证码已过期，请重新获取")
    if row.attempts >= CODE_MAX_ATTEMPTS:
        return None, _("验证码错误次数过多，已失效，请重新获取")
    if not secrets.compare_digest(row.code_hash, code_digest(contract, code or "")):
        SigningCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
        left = CODE_MAX_ATTEMPTS - row.attempts - 1
        if left <= 0:
            return None, _("验证码错误次数过多，已失效，请重新获取")
        return None, _("验证码错误，还可尝试 %(left)s 次") % {"left": left}
    return row, ""


# --- signing ----------------------------------------------------------------------------------------------


def worker_identity(contract: LaborContract) -> SignerIdentity:
    return SignerIdentity("person", contract.worker.name, contract.worker.id_number)


def enterprise_identity(contract: LaborContract) -> SignerIdentity:
    return SignerIdentity("organization", contract.enterprise.name, contract.enterprise.uscc)


def tsa_name() -> str:
    return settings.TSA_URL or pki.TSA_NAME


@translation.override("zh-hans")  # a legal document is in Chinese whatever the reader's language
def _sign(contract: LaborContract, side: Side, identity: SignerIdentity, signed_at: datetime) -> bytes:
    """The contract's next revision with this side's signature; raises TSAUnavailable. The stored
    file must be the one issued (the worker's step) or the one the worker signed (the seal)."""
    if not contract.document:
        raise _refuse(_("合同文件尚未生成，不能签署"), "no_document")
    with contract.document.open("rb") as handle:
        current = handle.read()
    if side.role == Role.WORKER:
        expected = contract.unsigned_sha256
    else:
        expected = contract.signatures.get(role=Role.WORKER).revision_sha256
    if expected and hashlib.sha256(current).hexdigest() != expected:
        raise _refuse(_("合同文件与发起签署时的摘要不一致，已停止签署，请联系平台核查"), "document_changed")
    return sign_pdf(
        current,
        identity,
        field_name=side.field_name,
        reason=side.reason,
        location=contract.enterprise.region.name if contract.enterprise.region_id else "",
        appearance_text=side.appearance,
        page=SIGNATURE_PAGE,
        box=side.box,
        signed_at=signed_at,
    )


def _record(
    contract: LaborContract,
    side: Side,
    identity: SignerIdentity,
    signed: bytes,
    *,
    signed_at: datetime,
    user,
    roles: set[str],
    verification: str,
    signing_code: SigningCode | None = None,
    ip: str | None = None,
    user_agent: str = "",
) -> Signature:
    """Store a signed revision, its Signature row and the workflow move (inside the caller's
    transaction, the contract row locked)."""
    report = verify_pdf(signed)
    last = report.signatures[-1] if report.signatures else None
    if last is None or last.field_name != side.field_name or not last.ok or last.timestamp_time is None:
        raise _refuse(_("签名校验未通过，未保存"), "self_check")
    digest = hashlib.sha256(signed).hexdigest()
    contract.document.save(f"{contract.number}-{side.role}.pdf", ContentFile(signed), save=False)
    signature = Signature.objects.create(
        contract=contract,
        role=side.role,
        signer_name=identity.name,
        signer_serial=identity.serial_number,
        certificate_serial=format(pki.signer_for(identity).signing_cert.serial_number, "x"),
        signed_at=signed_at,
        timestamp_at=last.timestamp_time,
        tsa=tsa_name()[:255],
        revision_sha256=digest,
        verification=verification[:64],
        signing_code=signing_code,
        user=user if getattr(user, "is_authenticated", False) else None,
        ip_address=ip or None,
        user_agent=(user_agent or "")[:255],
    )
    if side.role == Role.ENTERPRISE:
        contract.sha256 = digest
        contract.effective_at = last.timestamp_time
    LaborContract.workflow.apply(contract, side.action, user, roles=roles, at=signed_at)
    if side.role == Role.ENTERPRISE:
        _supersede_previous(contract, user, roles)
        transaction.on_commit(lambda: _notify_in_force(contract.pk))
    return signature


def _supersede_previous(contract: LaborContract, user, roles: set[str]) -> None:
    """A change (变更) in force ends the version it replaces."""
    old = contract.supersedes
    if old is None or contract.change_kind != "change":
        return
    old = _locked(old)
    if old.status == Status.IN_FORCE:
        LaborContract.workflow.apply(
            old, "supersede", user, roles=roles, note=_("由变更后的合同 %(number)s 取代") % {"number": contract.number}
        )


def _notify_in_force(contract_pk: int) -> None:
    contract = LaborContract.objects.select_related("enterprise", "worker").get(pk=contract_pk)
    if not contract.worker.phone_cipher:
        return
    with translation.override("zh-hans"):
        message = _(
            "【和谐劳动】您与%(enterprise)s的劳动合同（%(number)s）已签署完成并生效，"
            "可随时在“我的合同”中免费查看、下载。"
        ) % {"enterprise": contract.enterprise.name, "number": contract.number}
    sms_sender().send(crypto.decrypt(contract.worker.phone_cipher), message)


def _queue(contract: LaborContract, side: Side, *, signed_at, user, roles, verification, code=None, ip, ua) -> Job:
    """The verified request, kept as a job that completes the signing when the TSA answers."""
    params = {
        "contract": contract.pk,
        "role": side.role,
        "status": side.awaiting,
        "signed_at": signed_at.isoformat(),
        "user": user.pk,
        "roles": sorted(roles),
        "verification": verification,
        "signing_code": code.pk if code else None,
        "ip": ip or None,
        "user_agent": (ua or "")[:255],
        "round": 1,
    }
    return start_job(SIGN_JOB, params, user=user, total=1)


def sign_as_worker(
    contract: LaborContract,
    code: str,
    user,
    ip: str | None = None,
    user_agent: str = "",
    *,
    intent_confirmed: bool = True,
    now: datetime | None = None,
) -> SigningOutcome:
    """The worker signs with the SMS code (乙方签名): AWAITING_WORKER → AWAITING_SEAL in one
    transaction. A wrong code counts a try and changes nothing else; an expired, used or locked
    code changes nothing. The pages and the API ask for the intent confirmation box and pass it
    as `intent_confirmed`. With the TSA down the code is spent and the signing queued."""
    now = now or timezone.now()
    person = own_worker(contract, user)
    side = SIDES[Role.WORKER]
    if not intent_confirmed:
        raise _refuse(_("请先确认已阅读并同意合同内容"), "intent")
    refusal = ""
    outcome = None
    with transaction.atomic():
        locked = _locked(contract)
        _expect(locked, side)
        _refuse_while_queued(locked)
        row, refusal = _spend_code(locked, person, code, now)
        if row is not None:
            row.used_at = now
            row.save(update_fields=["used_at"])
            identity = worker_identity(locked)
            verification = BY_CODE
            try:
                signed = _sign(locked, side, identity, now)
            except TSAUnavailable:
                job = _queue(
                    locked,
                    side,
                    signed_at=now,
                    user=user,
                    roles={"worker"},
                    verification=verification,
                    code=row,
                    ip=ip,
                    ua=user_agent,
                )
                outcome = SigningOutcome(locked, job=job)
            else:
                signature = _record(
                    locked,
                    side,
                    identity,
                    signed,
                    signed_at=now,
                    user=user,
                    roles={"worker"},
                    verification=verification,
                    signing_code=row,
                    ip=ip,
                    user_agent=user_agent,
                )
                outcome = SigningOutcome(locked, signature=signature)
    if refusal:
        raise _refuse(refusal, "code")
    _sync(contract, LaborContract.objects.get(pk=contract.pk))
    outcome.contract = contract
    return outcome


def decline_contract(contract: LaborContract, user, reason: str) -> LaborContract:
    """The worker declines to sign (拒签), with a reason: AWAITING_WORKER → DECLINED."""
    own_worker(contract, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_refuse(_("请填写拒签原因"), "required")]})
    with transaction.atomic():
        locked = _locked(contract)
        _expect(locked, SIDES[Role.WORKER])
        _refuse_while_queued(locked)
        LaborContract.workflow.apply(locked, "decline", user, roles={"worker"}, note=reason[:500])
    _sync(contract, locked)
    return contract


def seal_as_enterprise(
    contract: LaborContract, user, *, ip: str | None = None, user_agent: str = "", now: datetime | None = None
) -> SigningOutcome:
    """The enterprise seals (甲方盖章) after the worker signed: AWAITING_SEAL → IN_FORCE, in force
    from the seal's timestamp; the final sha256 is kept; a change (变更) supersedes the version it
    replaces; the worker is told by SMS. With the TSA down the seal is queued."""
    now = now or timezone.now()
    side = SIDES[Role.ENTERPRISE]
    roles = _sealing_roles(contract, user)
    with transaction.atomic():
        locked = _locked(contract)
        _expect(locked, side)
        if not locked.signatures.filter(role=Role.WORKER).exists():
            raise _refuse(_("劳动者尚未签署，不能盖章"), "worker_first")
        _refuse_while_queued(locked)
        identity = enterprise_identity(locked)
        verification = f"{BY_ACCOUNT} {user.get_username()}"
        try:
            signed = _sign(locked, side, identity, now)
        except TSAUnavailable:
            job = _queue(
                locked, side, signed_at=now, user=user, roles=roles, verification=verification, ip=ip, ua=user_agent
            )
            outcome = SigningOutcome(locked, job=job)
        else:
            signature = _record(
                locked,
                side,
                identity,
                signed,
                signed_at=now,
                user=user,
                roles=roles,
                verification=verification,
                ip=ip,
                user_agent=user_agent,
            )
            outcome = SigningOutcome(locked, signature=signature)
    _sync(contract, LaborContract.objects.get(pk=contract.pk))
    outcome.contract = contract
    return outcome


def tsa_retry_delays() -> tuple[float, ...]:
    return tuple(getattr(settings, "SIGNING_TSA_RETRY_DELAYS", DEFAULT_TSA_RETRY_DELAYS))


def complete_queued_signing(ctx) -> dict:
    """The `contracts.sign` job: sign with the request recorded when the TSA was down, trying again
    after each of `tsa_retry_delays()`; store it with the job's own transaction. A contract that has
    moved on meanwhile (signed again, declined, cancelled) is left alone."""
    from django.contrib.auth import get_user_model

    params = ctx.params
    side = SIDES[params["role"]]
    contract = LaborContract.objects.select_related("enterprise__region", "worker").get(pk=params["contract"])
    if contract.status != params["status"] or contract.signatures.filter(role=side.role).exists():
        return {"skipped": _("合同状态已变化，无需补签")}
    identity = worker_identity(contract) if side.role == Role.WORKER else enterprise_identity(contract)
    signed_at = parse_datetime(params["signed_at"])
    signed = None
    for delay in (*tsa_retry_delays(), None):
        try:
            signed = _sign(contract, side, identity, signed_at)
            break
        except TSAUnavailable:
            if delay is None:
                raise
            time.sleep(delay)
    user = get_user_model().objects.filter(pk=params["user"]).first()
    code = SigningCode.objects.filter(pk=params["signing_code"]).first() if params.get("signing_code") else None
    with ctx.final() as out:
        locked = _locked(contract)
        if locked.status != params["status"] or locked.signatures.filter(role=side.role).exists():
            out["result"] = {"skipped": _("合同状态已变化，无需补签")}
        else:
            signature = _record(
                locked,
                side,
                identity,
                signed,
                signed_at=signed_at,
                user=user,
                roles=set(params["roles"]),
                verification=params["verification"],
                signing_code=code,
                ip=params.get("ip"),
                user_agent=params.get("user_agent", ""),
            )
            out["result"] = {"contract": locked.number, "signature": signature.pk, "status": locked.status}
    return out["result"]


def resume_signings(ctx) -> dict:
    """The daily `contracts.resume_signings` job: a signing whose job gave up while the TSA was
    down is queued again (at most `RESUME_ROUNDS` times), unless its contract has moved on."""
    since = timezone.now() - timedelta(days=RESUME_ROUNDS + 1)
    failed = Job.objects.filter(kind=SIGN_JOB, status=Job.Status.FAILED, created_at__gte=since)
    ids = set(failed.values_list("params__contract", flat=True))
    resumed = 0
    for contract in LaborContract.objects.filter(pk__in=ids, status__in=LaborContract.SIGNING).order_by("pk"):
        job = pending_signing(contract)
        if job is None or job.status != Job.Status.FAILED or job.params.get("round", 1) >= RESUME_ROUNDS:
            continue
        start_job(SIGN_JOB, {**job.params, "round": job.params.get("round", 1) + 1}, user=job.created_by, total=1)
        resumed += 1
    return {"resumed": resumed}


# --- verification ----------------------------------------------------------------------------------------


def mask_name(name: str) -> str:
    """王丽 → 王*, 欧阳娜娜 → 欧***: enough to recognise, not to identify."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


@dataclass
class SignatureFact:
    role: str
    signer: str
    signed_at: datetime | None
    timestamp_at: datetime | None
    intact: bool
    trusted: bool
    timestamp_valid: bool
    valid: bool


@dataclass
class Verification:
    """The verifier's answer. `valid` is the whole verdict; `changed` says whether the file differs
    from what the platform archived after the last signature."""

    valid: bool
    verdict: str
    sha256: str = ""
    contract: LaborContract | None = None
    matches_archive: bool | None = None
    archived_sha256: str = ""
    signatures: list[SignatureFact] = field(default_factory=list)
    revision: str = ""  # "final", "worker" (signed by the worker only) or ""

    @property
    def changed(self) -> bool | None:
        return None if self.matches_archive is None else not self.matches_archive


ROLE_BY_FIELD = {side.field_name: side.role for side in SIDES.values()}


def _facts(report: VerificationReport, *, masked: bool) -> list[SignatureFact]:
    facts = []
    for s in report.signatures:
        role = ROLE_BY_FIELD.get(s.field_name, "")
        name = mask_name(s.signer) if masked and role == Role.WORKER else s.signer
        facts.append(
            SignatureFact(
                role=str(Role(role).label) if role else s.field_name,
                signer=name,
                signed_at=s.signing_time,
                timestamp_at=s.timestamp_time,
                intact=s.intact,
                trusted=s.trusted,
                timestamp_valid=s.timestamp_valid,
                valid=s.ok,
            )
        )
    return facts


def _verdict(report: VerificationReport) -> tuple[bool, str]:
    if not report.signatures:
        return False, _("文件中没有电子签名")
    if any(not s.intact for s in report.signatures):
        return False, _("文件已被篡改，签名无效")
    if not report.valid:
        if any(not s.trusted for s in report.signatures):
            return False, _("签名证书不受本平台信任，签名无效")
        if any(not s.timestamp_valid for s in report.signatures):
            return False, _("时间戳无效，签名无效")
        return False, _("签名后文件被修改，签名无效")
    return True, _("签名有效，文件自签署后未被修改")


def verify_upload(upload) -> Verification:
    """Check an uploaded PDF (size and type as every upload, nothing stored): every signature, and
    whether it is a contract revision the platform archived."""
    try:
        check_upload(upload, allowed={"application/pdf": ".pdf"})
    except ValidationError as exc:
        raise ValidationError({"file": exc.error_list}) from exc
    upload.seek(0)
    data = upload.read()
    return verify_bytes(data)


def verify_bytes(data: bytes) -> Verification:
    try:
        report = verify_pdf(data)
    except InvalidPdf as exc:
        raise ValidationError(
            {"file": [_refuse(_("不是有效的 PDF 文件（not a valid PDF file）"), "invalid_pdf")]}
        ) from exc
    digest = hashlib.sha256(data).hexdigest()
    valid, verdict = _verdict(report)
    result = Verification(valid=valid, verdict=verdict, sha256=digest, signatures=_facts(report, masked=False))
    contract = LaborContract.objects.select_related("enterprise", "worker").filter(sha256=digest).first()
    if contract is not None:
        result.revision = "final"
    else:
        signature = Signature.objects.select_related("contract__enterprise", "contract__worker")
        signature = signature.filter(revision_sha256=digest).first()
        contract = signature.contract if signature else None
        result.revision = signature.role if signature else ""
    result.contract = contract
    if contract is not None:
        result.matches_archive = True
        result.archived_sha256 = contract.sha256
    elif report.signatures:
        result.matches_archive = False
        if valid:
            result.verdict = _("签名有效，但与本平台存档的合同文件不一致")
    return result


def verify_number(number: str) -> Verification | None:
    """The public facts about contract `number`, its archived file checked again. None when no
    issued contract has that number (drafts are not public)."""
    contract = (
        LaborContract.objects.select_related("enterprise", "worker")
        .exclude(status=Status.DRAFT)
        .filter(number=(number or "").strip()[:32])
        .first()
    )
    if contract is None:
        return None
    result = Verification(valid=False, verdict=str(NOT_SIGNED), contract=contract, archived_sha256=contract.sha256)
    if contract.paper:
        result.verdict = _("纸质合同备案：线下签订，没有电子签名")
        return result
    if not contract.document:
        return result
    with contract.document.open("rb") as handle:
        data = handle.read()
    report = verify_pdf(data)
    result.sha256 = hashlib.sha256(data).hexdigest()
    result.signatures = _facts(report, masked=True)
    if not contract.sha256:  # not sealed yet: the facts so far, no verdict of validity
        if report.signatures:
            result.verdict = str(AWAITING_SEAL_VERDICT)
        return result
    result.revision = "final"
    result.matches_archive = contract.sha256 == result.sha256
    result.valid, result.verdict = _verdict(report)
    if not result.matches_archive:
        result.valid, result.verdict = False, _("存档文件与签署完成时的摘要不一致")
    return result
