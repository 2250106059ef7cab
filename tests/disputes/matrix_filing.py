"""Authorization-matrix rows of the disputes app's filing part (see tests/disputes/matrix.py), and
the small builders the filing tests share (an application, an upload, co-workers).

A case is read by its county's staff, its enterprise and its worker: Lixia's staff, Quancheng's HR
and Alice open Alice's case against Quancheng, nobody of them Bob's against Baotu Foods
(Shizhong). Alice's own phone pages never show Carol's case. Evidence is added by a party or the
case's handlers only (Lixia's staff read it but do not add to it); a collective case is open to
the enterprise's own workers while it gathers, never to another enterprise's.
"""

import random
from datetime import date, timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hexie.core.models import Employment
from hexie.disputes.services import evidence, filing
from tests.disputes.factory import make_case
from tests.matrix import Route

ROUTES: dict[str, Route] = {
    "disputes:case-list": Route("list"),
    "disputes:case-export": Route("list"),
    "disputes:file": Route("list", methods=("GET", "POST")),
    "disputes:enterprise-lookup": Route("list"),
    "disputes:my-cases": Route("list"),
    "disputes:my-case-detail": Route("dispute-my-case"),
    "disputes:case-detail": Route("dispute-case"),
    "disputes:case-route": Route("dispute-case", methods=("POST",)),
    "disputes:evidence-add": Route("dispute-case-evidence", methods=("GET", "POST")),
    "disputes:evidence-file": Route("dispute-evidence"),
    "disputes:collective": Route("dispute-collective"),
    "disputes:collective-join": Route("dispute-collective", methods=("POST",)),
    "disputes:collective-vote": Route("dispute-collective", methods=("POST",)),
    "disputes:collective-submit": Route("dispute-collective", methods=("POST",)),
    "api:list_dispute_cases": Route("list", methods=("GET", "POST")),
    "api:get_dispute_case": Route("dispute-case"),
    "api:lookup_enterprises": Route("list"),
}
KINDS = {"dispute-case", "dispute-my-case", "dispute-case-evidence", "dispute-evidence", "dispute-collective"}


# --- builders shared by the filing tests ----------------------------------------------------------


def application(world, **overrides) -> dict:
    """A valid application of Alice against Quancheng for wages owed (overridable field by field)."""
    data = {
        "enterprise": world.enterprise_a.name,
        "claims": [{"kind": "wages", "amount": "12000.00", "description": "支付2026年6月至8月工资"}],
        "facts": "用人单位自2026年6月起拖欠工资，经多次催要未果。",
        "known_on": timezone.localdate() - timedelta(days=30),
        "route": "arbitration",
    }
    data.update(overrides)
    return data


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "工资条.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def zip_bytes() -> bytes:
    import zipfile

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("a.txt", "x")
    return buffer.getvalue()


def coworkers(world, n: int, enterprise=None, start: int = 0) -> list:
    """`n` workers of `enterprise` (Quancheng by default), each with a login and a person record."""
    from tests.world import make_person, make_user

    enterprise = enterprise or world.enterprise_a
    rng = random.Random(100 + start)
    users = []
    for i in range(start, start + n):
        person = make_person(rng, f"工友{i:02d}", enterprise.region_id, birth=date(1988, 1, 1) + timedelta(days=i))
        Employment.objects.create(person=person, enterprise=enterprise, start=date(2020, 1, 1), position="操作工")
        users.append(make_user(f"coworker{enterprise.pk}_{i}", person=person))
    return users


def collective_case(world, initiator=None, enterprise=None):
    """A gathering collective case started by `initiator` (Alice at Quancheng by default)."""
    initiator = initiator or world.alice
    enterprise = enterprise or world.enterprise_a
    data = application(world, enterprise=enterprise.name)
    data.pop("route")
    return filing.start_collective(initiator, data)


# --- the matrix's objects -------------------------------------------------------------------------


def own_and_foreign(world, kind: str, viewer: str):
    w = world
    if kind in ("dispute-case", "dispute-my-case"):
        own = make_case(w.enterprise_a, w.alice_person)
        foreign = make_case(w.enterprise_a, w.carol_person) if viewer == "alice" else None
        if kind == "dispute-my-case":
            own = own if viewer == "alice" else None
            foreign = foreign or make_case(w.enterprise_b, w.bob_person)
        return own, foreign or make_case(w.enterprise_b, w.bob_person)
    if kind == "dispute-case-evidence":
        own = make_case(w.enterprise_a, w.alice_person) if viewer in ("hr_a", "alice") else None
        foreign = make_case(w.enterprise_a, w.carol_person) if viewer == "alice" else None
        return own, foreign or make_case(w.enterprise_b, w.bob_person)
    if kind == "dispute-evidence":
        mine = make_case(w.enterprise_a, w.alice_person)
        # a party reads its own side's evidence (the other side's only once exchanged)
        own = evidence.add_evidence(mine, w.hr_a if viewer == "hr_a" else w.alice, pdf_upload(), title="工资条")
        bobs = make_case(w.enterprise_b, w.bob_person)
        foreign = evidence.add_evidence(bobs, w.bob, pdf_upload(), title="李强的工资条")
        if viewer == "alice":  # Carol's case: Alice is no party to it
            carols = make_case(w.enterprise_a, w.carol_person)
            foreign = evidence.add_evidence(carols, w.hr_a, pdf_upload(), title="考勤记录")
        return own, foreign
    if kind == "dispute-collective":
        own = collective_case(w)
        (bob_like,) = coworkers(w, 1, enterprise=w.enterprise_b, start=90)
        foreign = collective_case(w, initiator=bob_like, enterprise=w.enterprise_b)
        return own, foreign
    raise AssertionError(f"no objects for kind {kind!r}")
