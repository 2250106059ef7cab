"""Authorization-matrix rows of the internal complaint and mediation (see tests/disputes/matrix.py).

Alice's case against Quancheng Machinery (Lixia) is mediated by Lixia's committee: Lixia's staff,
Quancheng's HR and Alice all read its mediation panel and its agreement. Bob's case against Baotu
Foods is mediated in Shizhong and Carol's (Quancheng) is not Alice's: nobody of the three may touch
those, by page or by API — a 404 before any form or body is read.
"""

from hexie.disputes.models import Channel
from hexie.disputes.services import mediation, routing
from tests.disputes.factory import make_case
from tests.matrix import Route

CASE, ATTEMPT, AGREEMENT = "mediation-case", "mediation-attempt", "mediation-agreement"
POST = ("POST",)

ROUTES: dict[str, Route] = {
    "disputes:mediation-queue": Route("list"),
    "disputes:mediation-queue-export": Route("list"),
    "disputes:mediation-actions": Route(CASE),
    "disputes:mediation-reply": Route(CASE, methods=POST),
    "disputes:mediation-resolve": Route(CASE, methods=POST),
    "disputes:mediation-escalate": Route(CASE, methods=POST),
    "disputes:mediation-handover": Route(CASE, methods=POST),
    "disputes:mediation-agree": Route(CASE, methods=POST),
    "disputes:mediation-fail": Route(CASE, methods=POST),
    "disputes:mediation-arbitration": Route(CASE, methods=POST),
    "disputes:mediation-assign": Route(ATTEMPT, methods=POST),
    "disputes:mediation-confirmation": Route(ATTEMPT, methods=POST),
    "disputes:mediation-confirmation-result": Route(ATTEMPT, methods=POST),
    "disputes:mediation-agreement": Route(AGREEMENT),
    "api:list_mediation_queue": Route("list"),
    "api:get_case_mediation": Route(CASE),
    "api:reply_internal": Route(CASE, methods=POST),
    "api:resolve_internal": Route(CASE, methods=POST),
    "api:escalate_internal": Route(CASE, methods=POST),
    "api:handover_mediation": Route(CASE, methods=POST),
    "api:record_agreement": Route(CASE, methods=POST),
    "api:record_failure": Route(CASE, methods=POST),
    "api:apply_after_lapse": Route(CASE, methods=POST),
    "api:assign_mediator": Route(ATTEMPT, methods=POST),
    "api:request_confirmation": Route(ATTEMPT, methods=POST),
    "api:record_confirmation": Route(ATTEMPT, methods=POST),
}
KINDS = {CASE, ATTEMPT, AGREEMENT}


def _mediating(world, enterprise, person, committee):
    case = make_case(enterprise, person)
    routing.start_mediation(case, person.user, organization=committee, channel=Channel.REGIONAL)
    return case


def own_and_foreign(world, kind: str, viewer: str):
    w = world
    own = _mediating(w, w.enterprise_a, w.alice_person, w.lixia_mediation)
    if viewer == "alice":
        foreign = _mediating(w, w.enterprise_a, w.carol_person, w.lixia_mediation)
        foreign_mediator = w.mediator
    else:
        foreign = _mediating(w, w.enterprise_b, w.bob_person, w.shizhong_mediation)
        foreign_mediator = w.mediator_shizhong
    if kind == CASE:
        return own, foreign
    if kind == ATTEMPT:
        return own.mediations.get(), foreign.mediations.get()
    if kind == AGREEMENT:
        return (
            mediation.record_agreement(own, w.mediator, terms="支付工资12000元", amount="12000"),
            mediation.record_agreement(foreign, foreign_mediator, terms="支付工资8000元", amount="8000"),
        )
    raise AssertionError(f"no objects for kind {kind!r}")
