"""Dispute statistics on hand-made cases whose figures are worked out below, the indicator, the
KPIs and the risk signal, the page, its export and the API.

Eight cases (range 2026-01-01..2026-11-30, counted on 2026-11-30):

| # | enterprise | filed | cause | kind | outcome | accepted | closed (days) | other |
|---|---|---|---|---|---|---|---|---|
| 1 | Quancheng (Lixia) | 03-02 | wages | | mediated | | 03-12 (10) | |
| 2 | Quancheng | 03-15 | overtime | | mediation failed | | | |
| 3 | Quancheng | 04-01 | wages | | awarded | 04-03 | 05-08 (37) | |
| 4 | Baotu (Shizhong) | 05-10 | severance | | | 05-12 | | award due 06-27: overdue |
| 5 | Baotu | 06-01 | wages | collective (12) | mediated | | 06-11 (10) | |
| 6 | Haibin (Qingdao) | 2025-12-20 | social insurance | | settled | 01-05 | 02-01 (43) | filed before the range |
| 7 | Quancheng | 07-01 | double wages | | awarded | 07-04 | 08-14 (44) | court upheld 10-20 |
| 8 | Quancheng | 07-02 | dismissal | | awarded | 07-05 | 08-15 (44) | court reversed 10-21 |

Province: filed 7 (collective 1); mediation 2 / (2 + 1) = 66.67 %; accepted 5 (3, 4, 6, 7, 8), closed
in arbitration 4 (3, 6, 7, 8) = 80.00 %; closed 6 in 188 days = 31.3 on average; overdue 1; court
1 / 2 = 50.00 %; headcount 320 + 150 + 80 = 550, 7 / 550 × 100 = 1.27.
Lixia (and Quancheng's HR): filed 5; mediation 1 / 2 = 50.00 %; accepted 3, closed 3 = 100.00 %;
headcount 320: 1.56.
"""

from datetime import date
from decimal import Decimal
from importlib import import_module
from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hexie.core.models import Organization
from hexie.core.registries import INDICATORS, KPIS, RISK_SIGNALS
from hexie.disputes import indicators
from hexie.disputes.models import CourtOutcome
from hexie.disputes.services import statistics
from tests.disputes.factory import make_case

D = date.fromisoformat
START, END = D("2026-01-01"), D("2026-11-30")


@pytest.fixture
def cases(world):
    w = world
    a, b, qd = w.enterprise_a, w.enterprise_b, w.enterprise_qd
    alice, bob, carol = w.alice_person, w.bob_person, w.carol_person
    made = [
        make_case(a, alice, status="mediated", filed_on=D("2026-03-02"), outcome="mediated", closed_on=D("2026-03-12")),
        make_case(
            a, carol, status="mediation_failed", cause="overtime", filed_on=D("2026-03-15"), outcome="mediation_failed"
        ),
        make_case(
            a,
            alice,
            status="closed",
            filed_on=D("2026-04-01"),
            outcome="awarded",
            accepted_on=D("2026-04-03"),
            closed_on=D("2026-05-08"),
        ),
        make_case(
            b,
            bob,
            status="accepted",
            cause="severance",
            filed_on=D("2026-05-10"),
            accepted_on=D("2026-05-12"),
            award_deadline=D("2026-06-27"),
        ),
        make_case(
            b,
            bob,
            status="mediated",
            filed_on=D("2026-06-01"),
            kind="collective",
            workers=12,
            outcome="mediated",
            closed_on=D("2026-06-11"),
        ),
        make_case(
            qd,
            carol,
            status="closed",
            cause="social_insurance",
            filed_on=D("2025-12-20"),
            outcome="settled",
            accepted_on=D("2026-01-05"),
            closed_on=D("2026-02-01"),
        ),
        make_case(
            a,
            carol,
            status="served",
            cause="double_wages",
            filed_on=D("2026-07-01"),
            outcome="awarded",
            accepted_on=D("2026-07-04"),
            closed_on=D("2026-08-14"),
        ),
        make_case(
            a,
            alice,
            status="court_decided",
            cause="dismissal",
            filed_on=D("2026-07-02"),
            outcome="awarded",
            accepted_on=D("2026-07-05"),
            closed_on=D("2026-08-15"),
        ),
    ]
    for case, result, decided in ((made[6], "upheld", "2026-10-20"), (made[7], "reversed", "2026-10-21")):
        CourtOutcome.objects.create(
            case=case,
            court=w.lixia_court,
            kind="lawsuit",
            plaintiff="enterprise",
            filed_on=D("2026-09-01"),
            result=result,
            decided_on=D(decided),
        )
    return made


def figures(user, region=""):
    return statistics.user_statistics(user, start=START, end=END, on=END, region=region)


def test_the_province_figures(world, cases):
    stats = figures(world.province)
    assert stats.figures() == {
        "filed": 7,
        "collective": 1,
        "mediated": 2,
        "mediation_failed": 1,
        "mediation_success_rate": Decimal("66.67"),
        "accepted": 5,
        "arbitration_closed": 4,
        "closure_rate": Decimal("80.00"),
        "closed": 6,
        "average_days_to_close": Decimal("31.3"),
        "overdue": 1,
        "court_consistent": 1,
        "court_decided": 2,
        "consistency_rate": Decimal("50.00"),
        "headcount": 550,
        "per_100_workers": Decimal("1.27"),
    }
    assert {r.key: r.filed for r in stats.by_cause} == {
        "wages": 3,
        "overtime": 1,
        "severance": 1,
        "double_wages": 1,
        "dismissal": 1,
        "social_insurance": 0,  # case 6: filed before the range, accepted and closed in it
    }
    social = next(r for r in stats.by_cause if r.key == "social_insurance")
    assert (social.accepted, social.arbitration_closed, social.label) == (1, 1, "社会保险")
    assert {r.key: r.filed for r in stats.by_industry} == {"C": 7, "G": 0}
    assert {r.key: r.filed for r in stats.by_month} == {
        "2026-03": 2,
        "2026-04": 1,
        "2026-05": 1,
        "2026-06": 1,
        "2026-07": 2,
    }
    regions = {r.key: r for r in stats.by_region}
    assert set(regions) == {"3701", "3702"}
    jinan = regions["3701"]
    assert (jinan.label, jinan.filed, jinan.mediation_success_rate, jinan.accepted, jinan.arbitration_closed) == (
        "济南市",
        7,
        Decimal("66.67"),
        4,
        3,
    )
    assert jinan.closure_rate == Decimal("75.00") and jinan.drill


def test_drilling_down_to_the_counties(world, cases):
    stats = figures(world.province, region="3701")
    assert {r.key: r.filed for r in stats.by_region} == {"370102": 5, "370103": 2}
    assert stats.filed == 7 and stats.headcount == 470


def test_the_county_and_the_enterprise_see_their_own(world, cases):
    for user in (world.lixia, world.hr_a):
        stats = figures(user)
        f = stats.figures()
        assert (f["filed"], f["mediation_success_rate"], f["accepted"], f["closure_rate"]) == (
            5,
            Decimal("50.00"),
            3,
            Decimal("100.00"),
        ), user
        assert (f["overdue"], f["consistency_rate"], f["headcount"], f["per_100_workers"]) == (
            0,
            Decimal("50.00"),
            320,
            Decimal("1.56"),
        ), user
    alice = figures(world.alice)
    assert alice.filed == 3 and alice.per_100_workers is None
    assert figures(world.shizhong).filed == 2 and figures(world.shizhong).overdue == 1
    # a region outside one's own is ignored
    assert figures(world.lixia, region="370103").filed == 5


def test_a_few_aggregate_queries_whatever_the_number_of_cases(world, cases):
    figures(world.province)  # the user's scope is read once and kept
    with CaptureQueriesContext(connection) as few:
        figures(world.province)
    for _ in range(3):
        make_case(world.enterprise_a, world.alice_person, filed_on=D("2026-10-01"), cause="injury_medical")
    with CaptureQueriesContext(connection) as more:
        figures(world.province)
    assert len(few) == len(more) <= 10


def test_a_failed_mediation_that_went_on_to_arbitration_counts_as_failed(world, cases):
    """The award overwrote the outcome; the mediation's own result still counts (both statements:
    GROUPING SETS on PostgreSQL, the materialized rows on SQLite; the totals and each group)."""
    make_case(
        world.enterprise_a,
        world.carol_person,
        status="closed",
        cause="overtime",
        filed_on=D("2026-08-03"),
        mediation_result="failed",
        outcome="awarded",
        accepted_on=D("2026-08-20"),
        closed_on=D("2026-09-30"),
    )
    stats = figures(world.province)
    assert (stats.mediated, stats.mediation_failed, stats.mediation_success_rate) == (2, 2, Decimal("50.00"))
    overtime = next(r for r in stats.by_cause if r.key == "overtime")
    assert (overtime.mediated, overtime.mediation_failed, overtime.mediation_success_rate) == (0, 2, Decimal("0.00"))
    august = next(r for r in stats.by_month if r.key == "2026-08")
    assert (august.mediated, august.mediation_failed) == (0, 1)


def test_the_data_migration_fills_the_mediation_result_from_the_attempts(world):
    from django.apps import apps
    from django.utils import timezone

    from hexie.disputes.models import DisputeCase, MediationAttempt

    fill = import_module("hexie.disputes.migrations.0002_mediation_result").fill
    failed_then_awarded = make_case(world.enterprise_a, world.alice_person, status="closed", outcome="awarded")
    agreed = make_case(world.enterprise_a, world.alice_person, status="mediated", outcome="mediated")
    handed_over_then_failed = make_case(world.enterprise_a, world.carol_person, status="served", outcome="awarded")
    still_mediating = make_case(world.enterprise_a, world.carol_person, status="mediating")
    never = make_case(world.enterprise_b, world.bob_person, status="closed", outcome="awarded")
    now = timezone.now()
    for case, outcomes in (
        (failed_then_awarded, ["failed"]),
        (agreed, ["agreed"]),
        (handed_over_then_failed, ["handed_over", "failed"]),
        (still_mediating, ["handed_over", "pending"]),
    ):
        for outcome in outcomes:
            MediationAttempt.objects.create(
                case=case, organization=world.lixia_mediation, channel="regional", started_at=now, outcome=outcome
            )
    DisputeCase.objects.update(mediation_result="")
    fill(apps, None)
    results = dict(DisputeCase.objects.values_list("pk", "mediation_result"))
    assert results == {
        failed_then_awarded.pk: "failed",
        agreed.pk: "agreed",
        handed_over_then_failed.pk: "failed",
        still_mediating.pk: "",
        never.pk: "",
    }


def test_no_cases_no_rates(world):
    stats = figures(world.province)
    assert stats.filed == 0 and stats.mediation_success_rate is None and stats.closure_rate is None
    assert stats.average_days_to_close is None and stats.consistency_rate is None


# --- indicator, KPIs, risk signal ------------------------------------------------------------


def test_disputes_per_100_workers(world, cases):
    on = D("2026-11-30")  # the twelve months from 2025-12-01: case 6 (2025-12-20) counts
    w = world
    township = Organization.objects.create(name="历下区某街道办事处", kind="township", region=w.lixia_court.region)
    nobody = Organization.objects.create(name="无职工企业", kind="enterprise", region=w.lixia_court.region)
    per_100 = INDICATORS["disputes.per_100_workers"].func
    assert per_100(w.enterprise_a, on) == Decimal("1.56")  # 5 / 320
    assert per_100(w.enterprise_b, on) == Decimal("1.33")  # 2 / 150
    assert per_100(w.enterprise_qd, on) == Decimal("1.25")  # 1 / 80
    assert per_100(township, on) == Decimal("1.56")  # the enterprises of Lixia: 5 / 320
    assert per_100(nobody, on) is None
    assert per_100(w.enterprise_qd, D("2026-12-20")) == Decimal("0.00")  # case 6 left the window
    assert per_100.many([w.enterprise_a, w.enterprise_b, township, nobody], on) == {
        w.enterprise_a.pk: Decimal("1.56"),
        w.enterprise_b.pk: Decimal("1.33"),
        township.pk: Decimal("1.56"),
    }


def test_the_kpis_and_the_risk_signal(world, cases):
    on = D("2026-11-30")
    assert KPIS["disputes.mediation_success_rate"].func("37", on) == Decimal("66.67")
    assert KPIS["disputes.closure_rate"].func("3701", on) == Decimal("75.00")  # 3 of 4
    assert KPIS["disputes.closure_rate"].func("3702", on) == Decimal("100.00")
    assert KPIS["disputes.mediation_success_rate"].func("3702", on) is None
    signal = RISK_SIGNALS["disputes.cases"].func
    assert signal("3701", on) == [(world.enterprise_a.pk, 5, 0), (world.enterprise_b.pk, 2, 1)]
    assert signal("370103", on) == [(world.enterprise_b.pk, 2, 1)]
    assert indicators.window(on) == (D("2025-12-01"), on)


# --- page, export, API -----------------------------------------------------------------------


def test_the_page_shows_the_rates(world, cases, client_for):
    page = client_for(world.province).get(reverse("disputes:statistics"), {"start": "2026-01-01", "end": "2026-11-30"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "66.67%" in html and "80.00%" in html and "31.3" in html and "50.00%" in html
    assert "济南市" in html and "region=3701" in html and "chart-data" in html
    lixia = client_for(world.lixia).get(reverse("disputes:statistics"), {"start": "2026-01-01", "end": "2026-11-30"})
    assert "100.00%" in lixia.content.decode() and "济南趵突食品" not in lixia.content.decode()


def test_the_export(world, cases, client_for):
    response = client_for(world.lixia).get(
        reverse("disputes:statistics-export"), {"start": "2026-01-01", "end": "2026-11-30"}
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(BytesIO(response.content), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("分组", "名称", "收案数")
    assert ("汇总", "调解成功率（%）", 50) in [r[:3] for r in rows]
    assert ("按争议事项", "拖欠工资", 2) in [r[:3] for r in rows]


def test_the_api(world, cases, client_for):
    url = reverse("api:dispute_statistics")
    data = client_for(world.province).get(url, {"start": "2026-01-01", "end": "2026-11-30"}).json()
    assert (data["filed"], data["mediation_success_rate"], data["closure_rate"]) == (7, "66.67", "80.00")
    assert data["region"] == "37" and {r["key"] for r in data["by_region"]} == {"3701", "3702"}
    assert client_for(world.province).get(url, {"start": "2026-11-30", "end": "2026-01-01"}).status_code == 422
    assert client_for(world.province).get(url, {"start": "20260101"}).status_code == 422
