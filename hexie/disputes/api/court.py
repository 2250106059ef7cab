"""Court linkage API (裁审衔接): the awards served and cases in court the caller may see, recording
a suit or set-aside application and the court's result (services/court.py)."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from hexie.core.api import READ, WRITE, ObjectId, in_chinese
from hexie.core.models import Organization
from hexie.core.schemas import BodyId, IsoDate, text
from hexie.core.scoping import scoped

from ..models import CourtOutcome, DisputeCase
from ..services import court
from ..views.court import may_open_liaison_view
from .common import body, json_body

router = Router(tags=["dispute court linkage"])
COURT_STATUSES = ("served", "in_court", "court_decided")


class CourtOutcomeOut(Schema):
    id: int
    case: int = Field(alias="case_id")
    court: str = Field(alias="court.name")
    kind: str
    plaintiff: str
    filed_on: date
    court_case_number: str
    result: str
    decided_on: date | None
    note: str


class CourtCaseOut(Schema):
    id: int
    number: str
    arbitration_number: str
    status: str
    finality: str
    served_on: date | None
    enterprise: str = Field(alias="enterprise.name")
    outcomes: list[CourtOutcomeOut]


class CourtCasesOut(Schema):
    consistent: int
    decided: int
    consistency_rate: Decimal | None = Field(description="裁审一致率（%）")
    cases: list[CourtCaseOut]


class CourtCasesQuery(Schema):
    status: Literal["served", "in_court", "court_decided"] | None = None
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=2**31 - 1)


@router.get("/court/cases", response={200: CourtCasesOut, **READ}, summary="裁审衔接案件")
def court_cases(request, query: Query[CourtCasesQuery]):
    """Awards served and cases in court within the caller's scope, with the court outcomes and the
    consistency rate over them."""
    cases = scoped(DisputeCase.objects.filter(status__in=COURT_STATUSES), request.user)
    if not may_open_liaison_view(request.user):
        cases = cases.none()  # the parties follow their cases on the case pages
    consistent, decided = court.consistency_counts(cases)
    rate = court.consistency_rate(cases)
    if query.status:
        cases = cases.filter(status=query.status)
    page = list(
        cases.select_related("enterprise")
        .prefetch_related("court_outcomes__court")
        .order_by("-served_on", "-id")[query.offset : query.offset + query.limit]
    )
    for case in page:
        case.outcomes = list(case.court_outcomes.all())
    return {"consistent": consistent, "decided": decided, "consistency_rate": rate, "cases": page}


class SuitIn(Schema):
    court: BodyId
    kind: Literal["lawsuit", "set_aside"]
    plaintiff: Literal["worker", "enterprise"]
    filed_on: IsoDate
    court_case_number: text(64) = ""


class ResultIn(Schema):
    result: Literal["upheld", "modified", "reversed", "set_aside", "set_aside_refused", "withdrawn"]
    decided_on: IsoDate


@router.post(
    "/court/cases/{id}/suit",
    response={201: CourtOutcomeOut, **WRITE},
    summary="记录起诉或申请撤销裁决",
    openapi_extra=json_body(SuitIn),
)
def record_suit(request, id: int = ObjectId):
    """A party sued on a served award (LDMAL-48/50) or the employer applied to set a final award
    aside (LDMAL-49). A late filing is recorded with a warning in `note`; an employer's suit on a
    final award is refused (422)."""
    case = get_object_or_404(scoped(DisputeCase.objects.all(), request.user), pk=id)
    payload = body(request, SuitIn)
    chosen = get_object_or_404(Organization.objects.filter(kind=Organization.Kind.COURT), pk=payload.court)
    with in_chinese():
        outcome = court.record_suit(
            case,
            request.user,
            court=chosen,
            kind=payload.kind,
            plaintiff=payload.plaintiff,
            filed_on=payload.filed_on,
            court_case_number=payload.court_case_number,
        )
    return Status(201, outcome)


@router.post(
    "/court/outcomes/{id}/result",
    response={200: CourtOutcomeOut, **WRITE},
    summary="记录法院裁判结果",
    openapi_extra=json_body(ResultIn),
)
def record_court_result(request, id: int = ObjectId):
    """The court's result on a suit or set-aside application (the court liaison)."""
    outcome = get_object_or_404(
        CourtOutcome.objects.select_related("case", "court").filter(
            case__in=scoped(DisputeCase.objects.all(), request.user).values("pk")
        ),
        pk=id,
    )
    payload = body(request, ResultIn)
    with in_chinese():
        return court.record_court_result(outcome, request.user, result=payload.result, decided_on=payload.decided_on)
