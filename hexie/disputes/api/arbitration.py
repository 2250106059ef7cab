"""Arbitration API: a case's arbitration state (clocks, tribunal, hearings, documents with their
receipts, the evidence the caller may see) and one endpoint per main act of
services/arbitration.py: accept, refuse, compose the tribunal, schedule and hold a hearing, issue
the award, serve it.

The case (or hearing) is found within `scoped` before the body is read, so another's is a 404
whatever the body holds; service errors become 403 and 422 in `hexie.api`.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from hexie.core.api import READ, WRITE, ObjectId, in_chinese
from hexie.core.scoping import scoped

from ..models import DisputeCase, Hearing
from ..services import arbitration as service
from .common import body, json_body

router = Router(tags=["arbitration"])

ResultIn = Enum("ResultIn", {"UPHELD": "upheld", "PARTLY": "partly", "REJECTED": "rejected"}, type=str)
TribunalKind = Enum("TribunalKind", {"SOLE": "sole", "THREE": "three"}, type=str)


class MemberOut(Schema):
    id: int
    arbitrator: int = Field(..., alias="arbitrator_id")
    name: str
    seat: str
    appointed_at: datetime
    recused_at: datetime | None
    recusal_reason: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.arbitrator.get_full_name() or obj.arbitrator.username


class HearingOut(Schema):
    id: int
    starts_at: datetime
    online: bool
    place: str
    room_link: str
    notice_on: date
    status: str
    postponement_reason: str
    held_at: datetime | None
    attendance: list[dict]


class ServiceOut(Schema):
    party: int = Field(..., alias="party_id")
    party_name: str = Field(..., alias="party.name")
    channel: str
    sent_at: datetime
    receipt_at: datetime | None


class DocumentOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    sha256: str
    issued_at: datetime
    services: list[ServiceOut]

    @staticmethod
    def resolve_services(obj) -> list:
        return list(obj.services.select_related("party"))


class EvidenceOut(Schema):
    id: int
    side: str
    title: str
    exchanged_at: datetime | None
    opinion: str


class AwardClaimOut(Schema):
    id: int
    kind: str
    amount: Decimal | None
    result: str
    awarded_amount: Decimal | None
    final: bool | None


class ArbitrationOut(Schema):
    case: int
    number: str
    arbitration_number: str
    status: str
    commission: int | None
    accepted_on: date | None
    respondent_copy_deadline: date | None
    defence_deadline: date | None
    tribunal_deadline: date | None
    award_deadline: date | None
    award_deadline_provisional: bool
    award_extended: bool
    suspended_on: date | None
    refusal_reason: str
    tribunal_kind: str
    defence: str
    outcome: str
    finality: str
    awarded_on: date | None
    served_on: date | None
    amount_awarded: Decimal | None
    tribunal: list[MemberOut]
    hearings: list[HearingOut]
    evidence: list[EvidenceOut]
    claims: list[AwardClaimOut]
    documents: list[DocumentOut]


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000, description="不予受理的理由（必填）")


class TribunalIn(Schema):
    kind: TribunalKind = Field(TribunalKind.SOLE, description="sole 独任仲裁；three 三人合议庭")
    arbitrators: list[int] = Field(..., min_length=1, max_length=3, description="仲裁员的用户编号；合议庭第一位为首席")


class HearingIn(Schema):
    starts_at: datetime = Field(..., description="开庭时间（ISO 8601，含时区或按北京时间）")
    online: bool = Field(True, description="网上开庭")
    place: str = Field("", max_length=128, description="现场开庭的地点")
    notice_on: date | None = Field(None, description="通知日期，默认今天；开庭须在通知后五个工作日以后")


class HoldIn(Schema):
    transcript: str = Field(..., max_length=200000, description="庭审笔录")
    attendance: dict[int, str] = Field(
        default_factory=dict, description="当事人编号 → 到庭人员（本人或代理人）；未到庭的不填或为空"
    )


class ResultItemIn(Schema):
    claim: int = Field(..., ge=1)
    result: ResultIn
    amount: Decimal | None = Field(None, description="裁决金额（元），两位小数；全部支持的可不填")


class AwardIn(Schema):
    results: list[ResultItemIn]
    reasoning: str = Field(..., max_length=50000, description="裁决理由")


def _case(request, id: int) -> DisputeCase:
    queryset = DisputeCase.objects.select_related("commission", "region", "enterprise")
    return get_object_or_404(scoped(queryset, request.user), pk=id)


def _hearing(request, id: int) -> Hearing:
    # `case__parties__person_id` in the hearing's ScopeSpec joins one row per party: distinct
    return get_object_or_404(scoped(Hearing.objects.select_related("case"), request.user), pk=id)


def _state(request, case: DisputeCase) -> dict:
    case.refresh_from_db()
    fields = {name: getattr(case, name) for name in ArbitrationOut.model_fields if hasattr(case, name)}
    return {
        **fields,
        "case": case.pk,
        "commission": case.commission_id,
        "tribunal": list(case.tribunal.select_related("arbitrator").order_by("appointed_at", "id")),
        "hearings": list(case.hearings.order_by("starts_at", "id")),
        "evidence": list(service.visible_evidence(case, request.user)),
        "claims": list(case.claims.order_by("id")),
        "documents": list(case.documents.order_by("issued_at", "id")),
    }


@router.get("/arbitration/cases/{id}", response={200: ArbitrationOut, **READ}, summary="仲裁办理情况")
def get_case_arbitration(request, id: int = ObjectId):
    """Clocks, tribunal, hearings, documents with their services and receipts; the evidence the
    caller may see (a party sees the other side's only once exchanged)."""
    return _state(request, _case(request, id))


@router.post("/arbitration/cases/{id}/accept", response={200: ArbitrationOut, **WRITE}, summary="受理仲裁申请")
def accept_arbitration(request, id: int = ObjectId):
    """The case's commission accepts (LDMAL-29): the arbitration number, the LDMAL-30/32/43 clocks
    and the 受理通知书 served on every party."""
    case = _case(request, id)
    with in_chinese():
        service.accept(case, request.user)
    return _state(request, case)


@router.post(
    "/arbitration/cases/{id}/refuse",
    response={200: ArbitrationOut, **WRITE},
    summary="不予受理（须说明理由）",
    openapi_extra=json_body(ReasonIn),
)
def refuse_arbitration(request, id: int = ObjectId):
    case = _case(request, id)
    payload = body(request, ReasonIn)
    with in_chinese():
        service.refuse(case, request.user, payload.reason)
    return _state(request, case)


@router.post(
    "/arbitration/cases/{id}/tribunal",
    response={200: ArbitrationOut, **WRITE},
    summary="组成仲裁庭",
    openapi_extra=json_body(TribunalIn),
)
def compose_arbitration_tribunal(request, id: int = ObjectId):
    case = _case(request, id)
    payload = body(request, TribunalIn)
    users = get_user_model().objects.in_bulk(payload.arbitrators)
    if len(users) != len(set(payload.arbitrators)):
        with in_chinese():
            raise DjangoValidationError({"arbitrators": _("仲裁员不存在")})
    with in_chinese():
        service.compose_tribunal(
            case, request.user, kind=payload.kind.value, arbitrators=[users[pk] for pk in payload.arbitrators]
        )
    return _state(request, case)


@router.post(
    "/arbitration/cases/{id}/hearings",
    response={200: ArbitrationOut, **WRITE},
    summary="排期开庭（提前五日通知）",
    openapi_extra=json_body(HearingIn),
)
def schedule_arbitration_hearing(request, id: int = ObjectId):
    """A hearing at least five working days after its notice (LDMAL-35); a shorter notice is a 422
    with nothing written. The 开庭通知书 is served on every party."""
    case = _case(request, id)
    payload = body(request, HearingIn)
    with in_chinese():
        service.schedule_hearing(
            case,
            request.user,
            starts_at=payload.starts_at,
            online=payload.online,
            place=payload.place,
            notice_on=payload.notice_on,
        )
    return _state(request, case)


@router.post(
    "/arbitration/hearings/{id}/hold",
    response={200: ArbitrationOut, **WRITE},
    summary="开庭审理记录（笔录、到庭情况）",
    openapi_extra=json_body(HoldIn),
)
def hold_arbitration_hearing(request, id: int = ObjectId):
    hearing = _hearing(request, id)
    payload = body(request, HoldIn)
    with in_chinese():
        service.hold_hearing(hearing, request.user, transcript=payload.transcript, attendance=payload.attendance)
    return _state(request, hearing.case)


@router.post(
    "/arbitration/cases/{id}/award",
    response={200: ArbitrationOut, **WRITE},
    summary="作出裁决（终局、非终局或部分终局）",
    openapi_extra=json_body(AwardIn),
)
def issue_arbitration_award(request, id: int = ObjectId):
    """Only after a hearing was held; a result for every claim. Finality by LDMAL-47 with the local
    minimum wage on the acceptance date; a partial award is issued as two documents."""
    case = _case(request, id)
    payload = body(request, AwardIn)
    with in_chinese():
        service.issue_award(
            case,
            request.user,
            results={item.claim: (item.result.value, item.amount) for item in payload.results},
            reasoning=payload.reasoning,
        )
    return _state(request, case)


@router.post("/arbitration/cases/{id}/serve", response={200: ArbitrationOut, **WRITE}, summary="电子送达裁决书")
def serve_arbitration_award(request, id: int = ObjectId):
    case = _case(request, id)
    with in_chinese():
        service.serve_award(case, request.user)
    return _state(request, case)
