"""Authorization-matrix rows of arbitration (see tests/disputes/matrix.py).

Alice's case against Quancheng Machinery (Lixia) is accepted by Lixia's commission: Lixia's staff,
Quancheng's HR and Alice all read its arbitration panel, its state in the API and its served
documents; Quancheng's HR answers it (答辩); each side gives its opinion (质证) on the other side's
exchanged evidence. The arbitrators' own acts are open to none of the three. Bob's case against
Baotu Foods (Shizhong) and Carol's (not Alice's) are out of reach: a 404 before any form or body is
read.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from hexie.core.models import Attachment
from hexie.disputes.models import CaseDocument, Evidence, Hearing, TribunalMember
from hexie.disputes.pdf import Document
from hexie.disputes.services import arbitration, documents
from tests.disputes.factory import make_case
from tests.matrix import Route

CASE, ACT, DEFENCE = "arbitration-case", "arbitration-act", "arbitration-defence"
MEMBER, HEARING, EVIDENCE, DOCUMENT = (
    "arbitration-member",
    "arbitration-hearing",
    "arbitration-evidence",
    "arbitration-document",
)
POST = ("POST",)
FORM = ("GET", "POST")

ROUTES: dict[str, Route] = {
    "disputes:arbitration-panel": Route(CASE),
    "disputes:arbitration-accept": Route(ACT, methods=POST),
    "disputes:arbitration-refuse": Route(ACT, methods=FORM),
    "disputes:arbitration-tribunal": Route(ACT, methods=FORM),
    "disputes:arbitration-appoint": Route(ACT, methods=FORM),
    "disputes:arbitration-recuse": Route(MEMBER, methods=FORM),
    "disputes:arbitration-defence": Route(DEFENCE, methods=FORM),
    "disputes:arbitration-exchange": Route(ACT, methods=POST),
    "disputes:arbitration-opinion": Route(EVIDENCE, methods=FORM),
    "disputes:arbitration-hearing": Route(ACT, methods=FORM),
    "disputes:arbitration-postpone": Route(HEARING, methods=FORM),
    "disputes:arbitration-hold": Route(HEARING, methods=FORM),
    "disputes:hearing-calendar": Route("list"),
    "disputes:arbitration-award": Route(ACT, methods=FORM),
    "disputes:arbitration-extend": Route(ACT, methods=FORM),
    "disputes:arbitration-suspend": Route(ACT, methods=FORM),
    "disputes:arbitration-resume": Route(ACT, methods=POST),
    "disputes:arbitration-settle": Route(ACT, methods=FORM),
    "disputes:arbitration-withdraw": Route(ACT, methods=POST),
    "disputes:arbitration-serve": Route(ACT, methods=POST),
    "disputes:arbitration-document": Route(DOCUMENT),
    "api:get_case_arbitration": Route(CASE),
    "api:accept_arbitration": Route(ACT, methods=POST),
    "api:refuse_arbitration": Route(ACT, methods=POST),
    "api:compose_arbitration_tribunal": Route(ACT, methods=POST),
    "api:schedule_arbitration_hearing": Route(ACT, methods=POST),
    "api:hold_arbitration_hearing": Route(HEARING, methods=POST),
    "api:issue_arbitration_award": Route(ACT, methods=POST),
    "api:serve_arbitration_award": Route(ACT, methods=POST),
}
KINDS = {CASE, ACT, DEFENCE, MEMBER, HEARING, EVIDENCE, DOCUMENT}


def _accepted(world):
    """Alice's case, accepted by Lixia's commission through the service (its notice served)."""
    case = make_case(world.enterprise_a, world.alice_person, status="arb_review", arbitration_number="")
    arbitration.accept(case, world.arbitrator)
    case.refresh_from_db()
    return case


def _foreign(world, viewer):
    """Carol's case for Alice (same enterprise, not hers), Bob's against Baotu for the others;
    its arbitration objects made directly (a fixture: Shizhong has no commission in the world)."""
    if viewer == "alice":
        return make_case(world.enterprise_a, world.carol_person, status="heard")
    return make_case(world.enterprise_b, world.bob_person, status="heard")


def _evidence(case, side, user):
    a = Attachment(name="证据.pdf", content_type="application/pdf", size=8, sha256="0" * 64, uploaded_by=user)
    a.file.save("证据.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return Evidence.objects.create(
        case=case, side=side, title="证据", attachment=a, submitted_by=user, exchanged_at=timezone.now()
    )


def own_and_foreign(world, kind: str, viewer: str):
    w = world
    foreign = _foreign(w, viewer)
    if kind == ACT:
        return None, foreign
    if kind == CASE:
        return _accepted(w), foreign
    if kind == DEFENCE:
        return (_accepted(w) if viewer == "hr_a" else None), foreign
    if kind == MEMBER:
        return None, TribunalMember.objects.create(
            case=foreign, arbitrator=w.arbitrator, seat="sole", appointed_at=timezone.now()
        )
    if kind == HEARING:
        return None, Hearing.objects.create(
            case=foreign, starts_at=timezone.now() + timedelta(days=10), notice_on=timezone.localdate()
        )
    if kind == EVIDENCE:
        foreign_evidence = _evidence(foreign, "respondent", w.hr_b)
        if viewer == "lixia":
            return None, foreign_evidence
        own = _accepted(w)
        other_side = {"alice": "respondent", "hr_a": "applicant"}[viewer]
        return _evidence(own, other_side, w.arbitrator), foreign_evidence
    if kind == DOCUMENT:
        own = _accepted(w).documents.get(kind=CaseDocument.Kind.ACCEPTANCE)
        content = Document(title="受理通知书", number="测", issuer="仲裁委员会", issued_on=timezone.localdate())
        return own, documents.issue_document(foreign, CaseDocument.Kind.ACCEPTANCE, content, w.arbitrator)
    raise AssertionError(f"no objects for kind {kind!r}")
