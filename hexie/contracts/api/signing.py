"""Contracts API, signing part: the worker requests a code, signs or declines (for a mobile app),
the enterprise seals, anyone verifies a contract by its PDF or number (no login). Contracts are
looked up within the caller's reach first: another's is a 404 whatever the request holds."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from hexie.core.api import READ, WRITE, ObjectId, in_chinese
from hexie.core.scoping import scoped

from ..models import LaborContract
from ..services import signing

router = Router(tags=["contract signing"])


class SigningCodeOut(Schema):
    phone_masked: str = Field(description="验证码发送到的手机号（脱敏）")
    expires_at: datetime


class SignIn(Schema):
    code: str = Field(pattern=r"^[0-9]{6}$", description="短信验证码（6 位数字）")
    intent_confirmed: bool = Field(description="劳动者确认已阅读并同意合同全部条款（必须为 true）")


class DeclineIn(Schema):
    reason: str = Field(min_length=1, max_length=500, description="拒签原因")


class SignatureOut(Schema):
    role: str
    signer_name: str
    signed_at: datetime
    timestamp_at: datetime
    tsa: str
    revision_sha256: str
    verification: str


class SigningOut(Schema):
    number: str
    status: str
    queued: bool = Field(description="时间戳服务不可用时为 true：签署已排队，稍后自动完成")
    message: str
    job_id: int | None = None
    signature: SignatureOut | None = None


class StatusOut(Schema):
    number: str
    status: str


class SignatureFactOut(Schema):
    role: str
    signer: str
    signed_at: datetime | None
    timestamp_at: datetime | None
    intact: bool
    trusted: bool
    timestamp_valid: bool
    valid: bool


class ContractFactsOut(Schema):
    number: str
    enterprise: str
    worker: str = Field(description="劳动者姓名（脱敏）")
    status: str
    status_label: str
    effective_at: datetime | None
    sha256: str = Field(description="签署完成时存档文件的 SHA-256")


class VerificationOut(Schema):
    valid: bool = Field(description="全部签名有效、文件签署后未被修改、证书和时间戳可信")
    verdict: str
    sha256: str = Field(description="所查验文件的 SHA-256")
    matches_archive: bool | None = Field(description="与平台存档的签署文件一致；无法对应到存档时为 false 或 null")
    revision: str = Field(description="final：签署完成的文件；worker：仅劳动者签署后的版本")
    contract: ContractFactsOut | None
    signatures: list[SignatureFactOut]


def _verification(result: signing.Verification) -> dict:
    contract = result.contract
    facts = None
    if contract is not None:
        facts = {
            "number": contract.number,
            "enterprise": contract.enterprise.name,
            "worker": signing.mask_name(contract.worker.name),
            "status": contract.status,
            "status_label": str(contract.get_status_display()),
            "effective_at": contract.effective_at,
            "sha256": contract.sha256,
        }
    return {
        "valid": result.valid,
        "verdict": str(result.verdict),
        "sha256": result.sha256,
        "matches_archive": result.matches_archive,
        "revision": result.revision,
        "contract": facts,
        "signatures": [s.__dict__ for s in result.signatures],
    }


def _signing(outcome: signing.SigningOutcome) -> dict:
    return {
        "number": outcome.contract.number,
        "status": outcome.contract.status,
        "queued": outcome.queued,
        "message": str(outcome.message),
        "job_id": outcome.job.pk if outcome.job else None,
        "signature": outcome.signature,
    }


def _own_contract(request, id: int) -> LaborContract:
    person = getattr(request.user, "person", None)
    contracts = LaborContract.objects.select_related("enterprise__region", "worker")
    return get_object_or_404(contracts.filter(worker=person).exclude(status=LaborContract.Status.DRAFT), pk=id)


def _client(request) -> tuple[str | None, str]:
    return request.META.get("REMOTE_ADDR") or None, request.META.get("HTTP_USER_AGENT", "")[:255]


@router.post("/{id}/signing-code", response={200: SigningCodeOut, **WRITE}, summary="劳动者获取签署短信验证码")
def request_signing_code(request, id: int = ObjectId):
    """Text a one-time code to the worker's own phone (the contract's worker only, while it awaits
    their signature): valid 10 minutes, 5 tries, one a minute."""
    contract = _own_contract(request, id)
    with in_chinese():
        return signing.send_signing_code(contract, request.user)


def _body(request, schema: type[Schema]):
    """The JSON body, read after the contract was found: a contract outside the caller's reach is
    a 404 whatever the body holds (as every page and endpoint answers in the authorization matrix)."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except PydanticValidationError as exc:
        raise ValidationError(
            [
                {"type": e["type"], "loc": ("body", *e["loc"]), "msg": e["msg"]}
                for e in exc.errors(include_url=False, include_context=False, include_input=False)
            ]
        ) from exc


def _json_body(schema: type[Schema]) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema.model_json_schema()}}}}


@router.post(
    "/{id}/sign",
    response={200: SigningOut, **WRITE},
    summary="劳动者签署（短信验证码）",
    openapi_extra=_json_body(SignIn),
)
def sign_contract(request, id: int = ObjectId):
    """The worker signs with the code and the intent confirmation (body: SignIn). `queued: true`
    when the time-stamping service is down: the signing completes by itself later."""
    contract = _own_contract(request, id)
    payload = _body(request, SignIn)
    ip, agent = _client(request)
    with in_chinese():
        outcome = signing.sign_as_worker(
            contract, payload.code, request.user, ip, agent, intent_confirmed=payload.intent_confirmed
        )
    return _signing(outcome)


@router.post(
    "/{id}/decline",
    response={200: StatusOut, **WRITE},
    summary="劳动者拒绝签署",
    openapi_extra=_json_body(DeclineIn),
)
def decline_signing(request, id: int = ObjectId):
    """The worker declines, with a reason (body: DeclineIn)."""
    contract = _own_contract(request, id)
    payload = _body(request, DeclineIn)
    with in_chinese():
        signing.decline_contract(contract, request.user, payload.reason)
    return {"number": contract.number, "status": contract.status}


@router.post("/{id}/seal", response={200: SigningOut, **WRITE}, summary="用人单位盖章")
def seal_contract(request, id: int = ObjectId):
    """HR, legal representative or administrator of the contract's own enterprise seals; the
    contract is then in force from the seal's timestamp."""
    contract = get_object_or_404(
        scoped(LaborContract.objects.select_related("enterprise__region"), request.user), pk=id
    )
    ip, agent = _client(request)
    with in_chinese():
        outcome = signing.seal_as_enterprise(contract, request.user, ip=ip, user_agent=agent)
    return _signing(outcome)


@router.post("/verify", auth=None, response={200: VerificationOut, 422: WRITE[422]}, summary="合同验证（上传 PDF）")
def verify_contract_file(request, file: File[UploadedFile]):
    """Public, no login: check an uploaded contract PDF — who signed, when, whether it changed
    since, whether certificates and timestamps are valid. Nothing is stored."""
    with in_chinese():
        return _verification(signing.verify_upload(file))


@router.get("/verify/{number}", auth=None, response={200: VerificationOut, **READ}, summary="合同验证（合同编号）")
def verify_contract_number(request, number: str):
    """Public, no login: the facts of an issued contract by its number (the worker's name masked),
    its archived file checked again."""
    with in_chinese():
        result = signing.verify_number(number)
    if result is None:
        return Status(404, {"detail": "未找到该编号的合同 / no contract with that number"})
    return _verification(result)
