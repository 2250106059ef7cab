"""The demo province's wage supervision, on the tests' tiny tier "T": projects in good standing and
projects in arrears; the daily arrears check opens exactly the warnings the demo says it seeded
(none for the projects in good standing), a second run changes nothing, and paying the arrears the
way the platform records it — the bank's payout file through the intake import, the construction
unit's allocation and the wage deposit through the accounts services — closes every one of them.
The printed `worker` login is owed wages and its 我的工资 page says how much; the public blacklist
page shows the published listing.

The province is generated once for the module (inside a transaction rolled back at the end)."""

import io
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from hexie.core.attachments import XLSX, save_bytes
from hexie.core.models import Job, Membership
from hexie.demo import generator
from hexie.wages import rules
from hexie.wages.models import (
    Allocation,
    ArrearsWarning,
    Attendance,
    Complaint,
    Deposit,
    Listing,
    Payout,
    Project,
    RosterEntry,
    SpecialAccount,
    WorkMonth,
)
from hexie.wages.services import accounts, detection, intake
from hexie.wages.services.intake import my_wages

Kind = ArrearsWarning.Kind
Status = ArrearsWarning.Status
PAYOUT = ["流水号", "工号", "姓名", "金额", "发放日期", "工资所属月份"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, SIGNING_DIR=media / "signing", TSA_URL=""),
        transaction.atomic(),
    ):
        summary = generator.generate("T", seed=5)
        yield SimpleNamespace(summary=summary, seeded=summary.wages, media=media)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def open_warnings() -> set[tuple]:
    return {
        (w.project.code, w.kind, w.month)
        for w in ArrearsWarning.objects.filter(status__in=(Status.OPEN, Status.HANDLING)).select_related("project")
    }


def xlsx(rows, header) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def contractor_hr(project: Project):
    membership = Membership.objects.filter(organization_id=project.general_contractor_id, role="hr").first()
    if membership is not None:
        return membership.user
    user = get_user_model().objects.create(username=f"test-hr-{project.pk}")
    Membership.objects.create(user=user, organization_id=project.general_contractor_id, role="hr")
    return user


def county_staff(project: Project):
    return (
        Membership.objects.filter(organization__kind="government", organization__region_id=project.region_id[:6])
        .filter(role="staff")
        .first()
        .user
    )


def test_the_demo_has_projects_in_good_standing_and_in_arrears(demo):
    seeded = demo.seeded
    counts = demo.summary.counts
    kinds = {kind for _code, kind, _month in seeded.expected}
    assert kinds == {Kind.UNPAID, Kind.UNDERPAID, Kind.BELOW_MINIMUM, Kind.ALLOCATION, Kind.DEPOSIT}
    supervised = Project.objects.filter(status__in=detection.SUPERVISED)
    owing = {code for code, _kind, _month in seeded.expected}
    assert 0 < len(owing) < supervised.count() / 2
    assert counts["wage_projects"] == Project.objects.count() and counts["wage_expected_warnings"] == len(
        seeded.expected
    )
    # Every supervised project has a roster, months of attendance, payrolls and payouts.
    for project in supervised:
        assert project.roster.exists() and project.work_months.exists() and project.payouts.exists()
        assert project.grid_member is not None and project.grid_member.memberships.filter(role="grid").exists()
    # Special accounts for most, deposits for most (some exempt), no warning written by the demo.
    assert SpecialAccount.objects.count() >= 0.8 * supervised.count()
    assert Project.objects.filter(deposit_exempt=True).exists()
    assert Deposit.objects.values("project").distinct().count() >= 0.7 * supervised.count()
    assert not ArrearsWarning.objects.exists()
    # The bank references are unique and WorkMonth agrees with the daily punches it rolls up.
    assert Payout.objects.values("bank_reference").distinct().count() == Payout.objects.count()
    punched = defaultdict(int)
    for a in Attendance.objects.values("project_id", "person_id", "day"):
        punched[(a["project_id"], a["person_id"], a["day"].replace(day=1))] += 1
    assert punched
    months = {(w.project_id, w.person_id, w.month): w.days for w in WorkMonth.objects.all()}
    for key, days in punched.items():
        assert months[key] == days
    # A worker is on one project.
    assert RosterEntry.objects.values("person").distinct().count() == RosterEntry.objects.count()


def test_the_daily_check_opens_exactly_the_expected_warnings_and_paying_closes_them(demo):
    seeded = demo.seeded
    today = seeded.as_of
    result = detection.check(today)
    assert open_warnings() == set(seeded.expected)
    owing = {code for code, _kind, _month in seeded.expected}
    good = Project.objects.filter(status__in=detection.SUPERVISED).exclude(code__in=owing)
    assert good.exists() and not ArrearsWarning.objects.filter(project__in=good).exists()
    for warning in ArrearsWarning.objects.select_related("project"):
        assert warning.assigned_to_id == warning.project.grid_member_id and warning.deadline > today
        if warning.kind in detection.WAGE_KINDS:
            assert warning.workers > 0 and warning.amount > 0
    # Running it again the same day changes nothing.
    before = list(ArrearsWarning.objects.order_by("id").values())
    again = detection.check(today)
    assert (len(again.opened), again.updated, again.resolved, again.reopened) == (0, 0, 0, 0)
    assert list(ArrearsWarning.objects.order_by("id").values()) == before

    # Pay the arrears: the wages owed through the bank's payout file (imported by the general
    # contractor's wage officer), the missing allocation and the deposit through the accounts.
    owed = defaultdict(list)
    for (project_id, person_id, month), amount in result.owed.items():
        owed[project_id].append((person_id, month, amount))
    serial = 0
    for project_id, rows in owed.items():
        project = Project.objects.get(pk=project_id)
        badges = {e.person_id: e for e in RosterEntry.objects.filter(project=project).select_related("person")}
        lines = []
        for person_id, month, amount in rows:
            serial += 1
            entry = badges[person_id]
            lines.append([f"BJ{today:%Y%m%d}{serial:06d}", entry.badge, entry.person.name, str(amount),
                          today.isoformat(), f"{month:%Y-%m}"])  # fmt: skip
        user = contractor_hr(project)
        attachment = save_bytes(xlsx(lines, PAYOUT), "代发明细.xlsx", user=user, content_type=XLSX)
        job = intake.start_intake("payouts", project, attachment, user)
        job.refresh_from_db()
        assert job.status == Job.Status.DONE and job.result["valid"], job.result
        assert job.result["created"] == len(lines)
    for warning in ArrearsWarning.objects.filter(kind__in=(Kind.ALLOCATION, Kind.DEPOSIT)).select_related("project"):
        project = warning.project
        staff = county_staff(project)
        if warning.kind == Kind.ALLOCATION:
            allocation = Allocation.objects.get(project=project, month=warning.month)
            accounts.record_allocation(
                staff,
                project,
                month=warning.month,
                paid=allocation.scheduled - allocation.paid,
                paid_on=today,
                bank_reference=f"BF{today:%Y%m%d}{project.pk:06d}",
            )
        else:
            required = rules.yuan(project.contract_amount * detection.deposit_rate())
            accounts.record_deposit(
                staff, project, form=Deposit.Form.CASH, amount=required, deposited_on=today, bank="中国建设银行"
            )
    detection.check(today)
    assert open_warnings() == set()
    closed = {(w.project.code, w.kind, w.month) for w in ArrearsWarning.objects.select_related("project")}
    assert closed == set(seeded.expected)
    assert all(w.closed_on == today for w in ArrearsWarning.objects.all())


def test_the_printed_worker_is_owed_wages_and_sees_how_much(demo):
    worker = get_user_model().objects.get(username="worker")
    assert worker.person.pk == demo.seeded.owed_worker
    today = demo.seeded.as_of
    projects = my_wages(worker, today)
    assert len(projects) == 1
    owed = projects[0].owed
    assert owed > 0
    month = max(m.month for m in projects[0].months if m.owed)
    assert (projects[0].entry.project.code, Kind.UNPAID, month) in demo.seeded.expected
    client = Client()
    client.force_login(worker)
    page = client.get(reverse("wages:mine"))
    assert page.status_code == 200
    assert str(owed) in page.content.decode()
    # and the worker filed a complaint about it
    assert Complaint.objects.filter(person=worker.person).exists()


def test_complaints_in_every_status_and_the_listings(demo):
    assert set(Complaint.objects.values_list("status", flat=True)) == set(Complaint.Status.values)
    listed = Listing.objects.get(pk=demo.seeded.published)
    assert listed.kind == Listing.Kind.BLACKLIST and listed.status == Listing.Status.LISTED and listed.published
    assert listed.amount_owed >= Decimal("50000") and listed.workers_owed >= 10  # BL-5 above the threshold
    assert listed.listed_on > listed.objection_deadline and listed.expires_on > listed.listed_on
    assert Listing.objects.filter(kind=Listing.Kind.ATTENTION, status=Listing.Status.LISTED).exists()
    waiting = Listing.objects.get(status=Listing.Status.NOTIFIED)
    assert waiting.objection_deadline >= demo.seeded.as_of
    page = Client().get(reverse("wages:blacklist-public"))
    assert page.status_code == 200
    assert listed.organization.name in page.content.decode()
    assert waiting.organization.name not in page.content.decode() or waiting.organization == listed.organization
