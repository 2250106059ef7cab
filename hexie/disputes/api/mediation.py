"""Mediation API: a case's internal complaint and mediation history with the routing options, the
mediators' queue, and one endpoint per action of services/mediation.py (reply, resolve, escalate,
hand over, agree, fail, apply for arbitration after the LDMAL-14 lapse, assign a mediator,
judicial confirmation).

The case (or attempt) is found within `scoped` before the body is read, so another's case is a
404 whatever the body holds; service errors become 403 and 422 in `hexie.api`.
"""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from hexie.core.api import READ, WRITE, ObjectId, Page, in_chinese
from hexie.core.models import Organization
from hexie.core.scoping import scoped

from ..models import Channel, DisputeCase, MediationAttempt
from ..services import mediation as service
from .common import body, json_body

router = Router(tags=["mediation"])

ChannelIn = Enum("ChannelIn", {c.name: c.value for c in Channel}, type=str)


class AttemptOut(Schema):
    id: int
    organization: int = Field(..., alias="organization_id")
    organization_name: str = Field(..., alias="organization.name")
    channel: str
    mediator: int | None = Field(None, alias="mediator_id")
    started_at: datetime
    ended_at: datetime | None
    outcome: str
    note: str
    terms: str
    amount: Decimal | None
    has_agreement: bool
    confirmation_court: int | None = Field(None, alias="confirmation_court_id")
    confirmation_requested_on: date | None
    confirmation_result: str

    @staticmethod
    def resolve_has_agreement(obj) -> bool:
        return bool(obj.agreement)


class OptionOut(Schema):
    organization: int
    name: str
    channel: str


class MediationOut(Schema):
    case: int
    number: str
    mediation_number: str
    status: str
    internal_deadline: date | None
    internal_reply: str
    internal_replied_at: datetime | None
    mediation_org: int | None
    mediation_deadline: date | None
    days_left: int | None
    outcome: str
    attempts: list[AttemptOut]
    options: list[OptionOut]


class QueueOut(Schema):
    id: int
    number: str
    mediation_number: str
    enterprise: int = Field(..., alias="enterprise_id")
    mediation_org: int | None = Field(None, alias="mediation_org_id")
    mediation_deadline: date | None
    cause: str


class TextIn(Schema):
    text: str = Field(..., max_length=4000)


class NoteIn(Schema):
    note: str = Field("", max_length=4000)


class RouteIn(Schema):
    organization: int = Field(..., ge=1)
    channel: ChannelIn
    note: str = Field("", max_length=4000)


class AgreementIn(Schema):
    terms: str = Field(..., max_length=4000)
    amount: Decimal | None = Field(None, description="协议金额（元），两位小数")


class MediatorIn(Schema):
    mediator: int = Field(..., ge=1, description="调解员的用户编号")


class ConfirmationIn(Schema):
    court: int = Field(..., ge=1)
    requested_on: date


ConfirmationResult = Enum("ConfirmationResult", {"CONFIRMED": "confirmed", "REJECTED": "rejected"}, type=str)


class ConfirmationResultIn(Schema):
    result: ConfirmationResult


def _case(request, id: int) -> DisputeCase:
    return get_object_or_404(scoped(DisputeCase.objects.select_related("region", "enterprise"), request.user), pk=id)


def _attempt(request, id: int) -> MediationAttempt:
    # `case__parties__person_id` in the attempt's ScopeSpec joins one row per party: distinct
    attempts = scoped(MediationAttempt.objects.select_related("case"), request.user)
    return get_object_or_404(attempts, pk=id)


def _organization(pk: int) -> Organization | None:
    """Any organization by id: whether it may take the case is the service's question (a 422)."""
    return Organization.objects.filter(pk=pk).first()


def _mediation(request, case: DisputeCase) -> dict:
    case.refresh_from_db()
    state = service.mediation_state(case, request.user)
    return {
        "case": case.pk,
        "number": case.number,
        "mediation_number": case.mediation_number,
        "status": case.status,
        "internal_deadline": case.internal_deadline,
        "internal_reply": case.internal_reply,
        "internal_replied_at": case.internal_replied_at,
        "mediation_org": case.mediation_org_id,
        "mediation_deadline": case.mediation_deadline,
        "days_left": state.days_left,
        "outcome": case.outcome,
        "attempts": state.attempts,
        "options": [
            {"organization": o.organization.pk, "name": o.organization.name, "channel": o.channel}
            for o in state.options
        ],
    }


@router.get("/mediation/queue", response={200: list[QueueOut], **READ}, summary="调解工作台：调解中的案件")
@paginate(Page)
def list_mediation_queue(request):
    """Cases being mediated within the caller's scope, the nearest LDMAL-14 deadline first."""
    return scoped(DisputeCase.objects.filter(status=DisputeCase.Status.MEDIATING), request.user).order_by(
        "mediation_deadline", "id"
    )


@router.get("/mediation/cases/{id}", response={200: MediationOut, **READ}, summary="内部申诉与调解情况")
def get_case_mediation(request, id: int = ObjectId):
    """The internal complaint, every mediation attempt (hand-overs included) and, for who may route
    the case now, the organizations it may go to."""
    return _mediation(request, _case(request, id))


@router.post(
    "/mediation/cases/{id}/reply",
    response={200: MediationOut, **WRITE},
    summary="用人单位答复内部申诉",
    openapi_extra=json_body(TextIn),
)
def reply_internal(request, id: int = ObjectId):
    case = _case(request, id)
    payload = body(request, TextIn)
    with in_chinese():
        service.reply_internal(case, request.user, payload.text)
    return _mediation(request, case)


@router.post(
    "/mediation/cases/{id}/resolve",
    response={200: MediationOut, **WRITE},
    summary="劳动者确认内部申诉已解决",
    openapi_extra=json_body(NoteIn),
)
def resolve_internal(request, id: int = ObjectId):
    case = _case(request, id)
    payload = body(request, NoteIn)
    with in_chinese():
        service.resolve_internal(case, request.user, payload.note)
    return _mediation(request, case)


@router.post(
    "/mediation/cases/{id}/escalate",
    response={200: MediationOut, **WRITE},
    summary="劳动者申请外部调解",
    openapi_extra=json_body(RouteIn),
)
def escalate_internal(request, id: int = ObjectId):
    case = _case(request, id)
    payload = body(request, RouteIn)
    with in_chinese():
        service.escalate(case, request.user, _organization(payload.organization), payload.channel.value, payload.note)
    return _mediation(request, case)


@router.post(
    "/mediation/cases/{id}/handover",
    response={200: MediationOut, **WRITE},
    summary="移交其他调解组织（调解期限不重新计算）",
    openapi_extra=json_body(RouteIn),
)
def handover_mediation(request, id: int = ObjectId):
    case = _case(request, id)
    payload = body(request, RouteIn)
    with in_chinese():
        service.handover(
            case,
            request.user,
            organization=_organization(payload.organization),
            channel=payload.channel.value,
            note=payload.note,
        )
    return _mediation(request, case)


@router.post(
    "/mediation/cases/{id}/agreement",
    response={200: MediationOut, **WRITE},
    summary="达成调解协议（生成并送达调解协议书）",
    openapi_extra=json_body(AgreementIn),
)
def record_agreement(request, id: int = ObjectId):
    case = _case(request, id)
    payload = body(request, AgreementIn)
    with in_chinese():
        service.record_agreement(case, request.user, terms=payload.terms, amount=payload.amount)
    return _mediation(request, case)


@router.post(
    "/mediation/cases/{id}/failure",
    response={200: MediationOut, **WRITE},
    summary="调解不成",
    openapi_extra=json_body(NoteIn),
)
def record_failure(request, id: int = ObjectId):
    case = _case(request, id)
    payload = body(request, NoteIn)
    with in_chinese():
        service.record_failure(case, request.user, payload.note)
    return _mediation(request, case)


@router.post(
    "/mediation/cases/{id}/arbitration",
    response={200: MediationOut, **WRITE},
    summary="调解期满未达成协议，申请仲裁（第十四条）",
)
def apply_after_lapse(request, id: int = ObjectId):
    case = _case(request, id)
    with in_chinese():
        service.apply_after_lapse(case, request.user)
    return _mediation(request, case)


@router.post(
    "/mediation/attempts/{id}/mediator",
    response={200: AttemptOut, **WRITE},
    summary="指派调解员",
    openapi_extra=json_body(MediatorIn),
)
def assign_mediator(request, id: int = ObjectId):
    attempt = _attempt(request, id)
    payload = body(request, MediatorIn)
    with in_chinese():
        return service.assign_mediator(
            attempt, get_user_model().objects.filter(pk=payload.mediator).first(), request.user
        )


@router.post(
    "/mediation/attempts/{id}/confirmation",
    response={200: AttemptOut, **WRITE},
    summary="登记司法确认申请",
    openapi_extra=json_body(ConfirmationIn),
)
def request_confirmation(request, id: int = ObjectId):
    attempt = _attempt(request, id)
    payload = body(request, ConfirmationIn)
    with in_chinese():
        return service.request_confirmation(attempt, request.user, _organization(payload.court), payload.requested_on)


@router.post(
    "/mediation/attempts/{id}/confirmation-result",
    response={200: AttemptOut, **WRITE},
    summary="登记司法确认结果",
    openapi_extra=json_body(ConfirmationResultIn),
)
def record_confirmation(request, id: int = ObjectId):
    attempt = _attempt(request, id)
    payload = body(request, ConfirmationResultIn)
    with in_chinese():
        return service.record_confirmation(attempt, request.user, payload.result.value)
