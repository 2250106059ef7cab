"""Intake: attendance, payroll and payout files into a project (services/intake.py).

The four bad inputs the issue asks to try — an attendance file with unknown workers, a payroll
with negative or non-numeric amounts, a payout file imported twice, a worker on two projects on
the same day — each give row and field errors in Chinese and English and write nothing (or
nothing twice); good files write every row, punches roll up into WorkMonth, a payroll is
reconciled with attendance × the agreed rate, and the worker's page shows only their own wages.
"""

import io
from datetime import date, time
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from hexie.core.attachments import XLSX, save_bytes
from hexie.core.models import Job
from hexie.wages.models import Attendance, Payout, Payroll, WorkMonth
from hexie.wages.services import intake
from tests.wages.factory import enroll, make_project

APRIL = date(2026, 4, 1)
DAY = ["工号", "姓名", "日期", "上班时间", "下班时间"]
PUNCH = ["人员编号", "姓名", "打卡时间"]
PAYROLL = ["身份证号", "姓名", "月份", "出勤天数", "应发工资", "扣除", "实发工资"]
PAYOUT = ["流水号", "身份证号", "姓名", "金额", "发放日期", "工资所属月份"]


def xlsx(rows, header) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(rows, header) -> bytes:
    lines = [",".join(header)] + [",".join(str(v) for v in values) for values in rows]
    return ("\n".join(lines) + "\n").encode("gb18030")


def officer():
    """The general contractor's wage officer (HR of 历下建工集团, made by make_project)."""
    return get_user_model().objects.get(username="gc_370102")


def run(kind, project, content, *, user=None, name=None) -> Job:
    user = user or officer()
    name = name or f"{kind}.xlsx"
    content_type = "text/csv" if name.endswith(".csv") else XLSX
    attachment = save_bytes(content, name, user=user, content_type=content_type)
    job = intake.start_intake(kind, project, attachment, user)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return job


def errors_of(job) -> list[tuple]:
    return [(e["row"], e["column"], e["message"], e["message_en"]) for e in job.result["errors"]]


@pytest.fixture
def site(world):
    """Lixia's project with Alice (badge A001, 300 a day) and Carol (badge A002, 6525 a month)."""
    project = make_project(world)
    alice = enroll(project, world.alice_person, badge="A001", rate=Decimal("300.00"))
    carol = enroll(project, world.carol_person, badge="A002", rate=Decimal("6525.00"), rate_kind="monthly")
    return project, alice, carol


def day_rows(badge, name, days, first="07:58", last="17:30"):
    return [[badge, name, date(2026, 4, d), first, last] for d in days]


def counts():
    return (Attendance.objects.count(), WorkMonth.objects.count(), Payroll.objects.count(), Payout.objects.count())


# --- attendance ---------------------------------------------------------------------------------


def test_a_day_per_row_file_is_recorded_and_rolled_up_and_a_second_import_changes_nothing(world, site):
    project, alice, carol = site
    rows = day_rows("A001", "王丽", range(1, 23)) + day_rows("A002", "张敏", range(1, 11), "08:00", "12:00")
    job = run("attendance", project, xlsx(rows, DAY))
    assert job.result["valid"], job.result
    assert (job.result["created"], job.result["updated"], job.result["unchanged"]) == (32, 0, 0)
    month = WorkMonth.objects.get(project=project, person=world.alice_person, month=APRIL)
    assert month.days == Decimal("22") and month.hours == Decimal("209.7")  # 22 × 9 h 32 min
    assert WorkMonth.objects.get(person=world.carol_person).hours == Decimal("40.0")
    first = Attendance.objects.get(person=world.alice_person, day=date(2026, 4, 1))
    assert (first.first_in, first.last_out, first.job_id) == (time(7, 58), time(17, 30), job.pk)

    before = counts()
    again = run("attendance", project, xlsx(rows, DAY))
    assert again.result["valid"] and (again.result["created"], again.result["updated"]) == (0, 0)
    assert again.result["unchanged"] == 32 and counts() == before
    assert Attendance.objects.get(pk=first.pk).job_id == job.pk


def test_a_punch_per_row_file_takes_the_first_punch_in_and_the_last_out(world, site):
    project, alice, carol = site
    punches = [
        ["A001", "王丽", "2026-04-01 12:01:00"],
        ["A001", "王丽", "2026-04-01 07:55:10"],
        ["A001", "王丽", "2026-04-01 13:02:00"],
        ["A001", "王丽", "2026-04-01 18:05:00"],
        ["A001", "王丽", "2026-04-02 07:59:00"],
        ["A001", "王丽", "2026-04-02 16:59:00"],
        ["A002", "张敏", "2026-04-02 08:30:00"],  # one punch only: clocked in, never out
    ]
    job = run("attendance", project, csv(punches, PUNCH), name="考勤机导出.csv")
    assert job.result["valid"], job.result
    assert job.result["created"] == 3
    day = Attendance.objects.get(person=world.alice_person, day=date(2026, 4, 1))
    assert (day.first_in, day.last_out) == (time(7, 55, 10), time(18, 5))
    single = Attendance.objects.get(person=world.carol_person)
    assert (single.first_in, single.last_out) == (time(8, 30), None)
    alice_month = WorkMonth.objects.get(person=world.alice_person, month=APRIL)
    assert alice_month.days == 2 and alice_month.hours == Decimal("19.2")  # 10:09:50 + 9:00
    assert WorkMonth.objects.get(person=world.carol_person).hours == 0

    # A later export of the same machine with a corrected punch updates that day only.
    punches[3] = ["A001", "王丽", "2026-04-01 18:35:00"]
    again = run("attendance", project, csv(punches, PUNCH), name="考勤机导出.csv")
    assert (again.result["created"], again.result["updated"], again.result["unchanged"]) == (0, 1, 2)
    assert WorkMonth.objects.get(person=world.alice_person, month=APRIL).hours == Decimal("19.7")


def test_an_attendance_file_with_unknown_workers_writes_nothing(world, site):
    project, alice, carol = site
    rows = day_rows("A001", "王丽", [1, 2]) + [
        ["Z999", "赵六", date(2026, 4, 1), "08:00", "17:00"],
        ["A002", "王丽", date(2026, 4, 1), "08:00", "17:00"],  # Carol's badge, Alice's name
    ]
    job = run("attendance", project, xlsx(rows, DAY))
    assert not job.result["valid"] and job.result["error_rows"] == 2
    errors = errors_of(job)
    assert errors[0][:2] == (4, "工号")
    assert "不在本项目的实名制名册中" in errors[0][2] and "not on the project's real-name roster" in errors[0][3]
    assert errors[1][:2] == (5, "姓名") and "张敏" in errors[1][2] and "differs" in errors[1][3]
    assert job.result["report"] and job.result["url"]
    assert counts() == (0, 0, 0, 0)

    # A worker of another county's project is just as unknown here: ID numbers are looked up on this roster.
    by_id = xlsx([[world.bob_person.id_number, "李强", "2026-04-01", "08:00", "17:00"]], ["身份证号", *DAY[1:]])
    job = run("attendance", project, by_id)
    assert not job.result["valid"] and "实名制名册" in errors_of(job)[0][2]
    assert counts() == (0, 0, 0, 0)


def test_bad_cells_are_field_errors_in_both_languages(world, site):
    project, alice, carol = site
    rows = [
        ["A001", "王丽", "2026-04-31", "08:00", "17:00"],
        ["A001", "王丽", "2026-04-02", "8点", "17:00"],
        ["A001", "王丽", "2026-04-03", "17:00", "08:00"],
        ["A001", "王丽", "2099-04-03", "08:00", "17:00"],
        ["", "王丽", "2026-04-04", "08:00", "17:00"],
    ]
    job = run("attendance", project, xlsx(rows, DAY))
    errors = {(e[0], e[1]): e for e in errors_of(job)}
    assert "日期无效" in errors[(2, "日期")][2] and "invalid date" in errors[(2, "日期")][3]
    assert "时间无效" in errors[(3, "上班时间")][2] and "invalid time" in errors[(3, "上班时间")][3]
    assert "下班时间早于上班时间" in errors[(4, "下班时间")][2]
    assert "晚于今天" in errors[(5, "日期")][2]
    assert "须填写工号或身份证号" in errors[(6, "")][2] and "badge number or an ID number" in errors[(6, "")][3]
    assert counts() == (0, 0, 0, 0)


def test_a_worker_on_two_projects_on_the_same_day_is_refused(world, site):
    project, alice, carol = site
    other = make_project(world)
    enroll(other, world.alice_person, badge="C001")
    first = run("attendance", project, xlsx(day_rows("A001", "王丽", [1, 2]), DAY))
    assert first.result["valid"]
    before = counts()

    # Already recorded on the first project on 2 April.
    job = run("attendance", other, xlsx(day_rows("C001", "王丽", [2, 3]), DAY))
    assert not job.result["valid"]
    ((row, column, zh, en),) = errors_of(job)
    assert (row, column) == (2, "日期")
    assert "已在其他项目有考勤记录" in zh and "one project a day" in en
    assert counts() == before

    # Within one file naming each row's project.
    header = [*DAY, "项目编号"]
    rows = [
        ["A001", "王丽", date(2026, 4, 6), "08:00", "17:00", project.code],
        ["C001", "王丽", date(2026, 4, 6), "08:00", "17:00", other.code],
    ]
    job = run("attendance", project, xlsx(rows, header))
    ((row, column, zh, en),) = errors_of(job)
    assert (row, column) == (3, "项目编号")
    assert "两个项目（见第 2 行）" in zh and "two projects on the same day (see row 2)" in en
    assert counts() == before

    # Other days on the other project are fine, in the same file.
    rows[1][2] = date(2026, 4, 7)
    job = run("attendance", project, xlsx(rows, header))
    assert job.result["valid"] and job.result["created"] == 2
    assert WorkMonth.objects.get(project=other, person=world.alice_person).days == 1


def test_a_project_outside_the_users_remit_is_refused(world, site):
    project, alice, carol = site
    foreign = make_project(world, county="370103")
    attachment = save_bytes(b"x", "a.csv", user=world.hr_a, content_type="text/csv")
    for user, target in ((world.hr_a, project), (world.alice, project), (officer(), foreign)):
        with pytest.raises(PermissionDenied):
            intake.start_intake("attendance", target, attachment, user)
    assert intake.may_import(world.lixia, project) and not intake.may_import(world.lixia, foreign)


def test_the_arrears_check_runs_after_an_import(world, site, monkeypatch):
    from hexie.wages.services import detection

    project, alice, carol = site
    seen = []
    monkeypatch.setattr(detection, "check_project", lambda p, today: seen.append(p.pk), raising=False)
    run("attendance", project, xlsx(day_rows("A001", "王丽", [1]), DAY))
    assert seen == [project.pk]
    run("attendance", project, xlsx(day_rows("A001", "王丽", [1]), DAY))  # nothing new: no check
    assert seen == [project.pk]


# --- payroll ------------------------------------------------------------------------------------


def payroll_row(person, month="2026-04", days=22, gross="6600.00", deductions="0", net="6600.00"):
    return [person.id_number, person.name, month, days, gross, deductions, net]


def test_a_payroll_with_negative_or_non_numeric_amounts_writes_nothing(world, site):
    project, alice, carol = site
    rows = [
        payroll_row(world.alice_person, gross="-6600", net="-6600"),
        payroll_row(world.carol_person, gross="六千", net="abc"),
        payroll_row(world.alice_person, month="2026-03", gross="6600", deductions="100", net="6600"),
    ]
    job = run("payroll", project, xlsx(rows, PAYROLL))
    assert not job.result["valid"] and job.result["error_rows"] == 3
    errors = {(e[0], e[1]): e for e in errors_of(job)}
    assert errors[(2, "应发工资")][2:] == ("金额不能为负数", "the amount cannot be negative")
    assert errors[(2, "实发工资")][2] == "金额不能为负数"
    assert "应为金额" in errors[(3, "应发工资")][2] and "amount in yuan" in errors[(3, "应发工资")][3]
    assert "应为金额" in errors[(3, "实发工资")][2]
    assert "6600.00 − 100.00 = 6500.00" in errors[(4, "实发工资")][2]
    assert "gross minus deductions" in errors[(4, "实发工资")][3]
    assert counts() == (0, 0, 0, 0)


def test_a_payroll_is_recorded_once_and_reconciled_with_attendance(world, site):
    project, alice, carol = site
    run("attendance", project, xlsx(day_rows("A001", "王丽", range(1, 21)), DAY))  # 20 days × 300
    rows = [
        payroll_row(world.alice_person, days=22, gross="5000.00", deductions="200.00", net="4800.00"),
        payroll_row(world.carol_person, days=0, gross="0", net="0"),
    ]
    job = run("payroll", project, xlsx(rows, PAYROLL))
    assert job.result["valid"] and job.result["created"] == 2, job.result
    assert job.result["flagged"] == 1
    codes = [w["code"] for w in job.result["warnings"]]
    assert codes == ["days", "below_rate"]
    assert "低于考勤 × 约定工资 6000.00 元" in job.result["warnings"][1]["message"]
    payroll = Payroll.objects.get(person=world.alice_person)
    assert (payroll.employer, payroll.net, payroll.job_id) == (alice.employer, Decimal("4800.00"), job.pk)

    recon = {r.entry.person_id: r for r in intake.reconciliation(project, APRIL)}
    assert recon[world.alice_person.pk].expected == Decimal("6000.00")
    assert [f["code"] for f in recon[world.alice_person.pk].flags] == ["days", "below_rate"]

    # The same file again: nothing; different figures for a recorded month: a conflict, not an overwrite.
    again = run("payroll", project, xlsx(rows, PAYROLL))
    assert again.result["valid"] and (again.result["created"], again.result["unchanged"]) == (0, 2)
    rows[0] = payroll_row(world.alice_person, days=20, gross="6000.00", net="6000.00")
    conflict = run("payroll", project, xlsx(rows, PAYROLL))
    ((row, column, zh, en),) = errors_of(conflict)
    assert (row, column) == (2, "月份") and "已登记" in zh and "never overwritten" in en
    assert Payroll.objects.get(person=world.alice_person).net == Decimal("4800.00")


def test_one_payroll_row_entered_by_hand(world, site):
    project, alice, carol = site
    user = officer()
    with pytest.raises(ValidationError) as caught:
        intake.enter_payroll(
            project,
            user,
            entry=alice,
            month=APRIL,
            days=None,
            gross=Decimal("-1"),
            deductions=Decimal(0),
            net=Decimal(0),
        )
    assert "gross" in caught.value.error_dict
    with pytest.raises(ValidationError) as caught:
        intake.enter_payroll(
            project,
            user,
            entry=alice,
            month=APRIL,
            days=None,
            gross=Decimal(100),
            deductions=Decimal(0),
            net=Decimal(90),
        )
    assert "net" in caught.value.error_dict
    assert Payroll.objects.count() == 0
    payroll, created = intake.enter_payroll(
        project, user, entry=alice, month=APRIL, days=None, gross=Decimal(100), deductions=Decimal(10), net=Decimal(90)
    )
    assert created and payroll.days == 0
    same, created = intake.enter_payroll(
        project, user, entry=alice, month=APRIL, days=None, gross=Decimal(100), deductions=Decimal(10), net=Decimal(90)
    )
    assert same == payroll and not created
    with pytest.raises(PermissionDenied):
        intake.enter_payroll(
            project,
            world.hr_a,
            entry=alice,
            month=APRIL,
            days=None,
            gross=Decimal(1),
            deductions=Decimal(0),
            net=Decimal(1),
        )


# --- payouts ------------------------------------------------------------------------------------


def payout_row(reference, person, amount="6000.00", paid_on="2026-05-15", month="2026-04"):
    return [reference, person.id_number, person.name, amount, paid_on, month]


def test_a_payout_file_imported_twice_writes_nothing_twice(world, site):
    project, alice, carol = site
    rows = [payout_row("P0001", world.alice_person), payout_row("P0002", world.carol_person, amount="6525")]
    job = run("payouts", project, xlsx(rows, PAYOUT))
    assert job.result["valid"] and job.result["created"] == 2 and job.result["amount"] == "12525.00"
    assert Payout.objects.count() == 2

    again = run("payouts", project, xlsx(rows, PAYOUT))
    assert again.result["valid"] and again.result["created"] == 0 and again.result["unchanged"] == 2
    assert again.result["already_recorded"] == ["P0001", "P0002"]
    assert "新增发放 0 笔" in again.result["message"] and "未重复写入" in again.result["message"]
    assert Payout.objects.count() == 2

    # The same reference with another amount is a conflict; a reference twice in one file a duplicate.
    rows = [payout_row("P0001", world.alice_person, amount="1.00"), payout_row("P0003", world.alice_person)]
    rows.append(payout_row("P0003", world.alice_person))
    job = run("payouts", project, xlsx(rows, PAYOUT))
    errors = {(e[0], e[1]): e for e in errors_of(job)}
    assert "已登记为另一笔发放" in errors[(2, "流水号")][2] and "recorded once" in errors[(2, "流水号")][3]
    assert "与第 3 行重复" in errors[(4, "流水号")][2] and "duplicates row 3" in errors[(4, "流水号")][3]
    assert Payout.objects.count() == 2


def test_bad_payout_rows_are_refused(world, site):
    project, alice, carol = site
    rows = [
        payout_row("P0001", world.alice_person, amount="-5"),
        payout_row("P0002", world.alice_person, amount="0"),
        payout_row("P0003", world.alice_person, amount="五千"),
        payout_row("P0004", world.bob_person),
    ]
    job = run("payouts", project, csv(rows, PAYOUT), name="代发.csv")
    errors = {(e[0], e[1]): e for e in errors_of(job)}
    assert errors[(2, "金额")][2:] == ("金额不能为负数", "the amount cannot be negative")
    assert errors[(3, "金额")][2:] == ("金额应大于 0", "the amount must be more than 0")
    assert "应为金额" in errors[(4, "金额")][2]
    assert "实名制名册" in errors[(5, "身份证号")][2] and "roster" in errors[(5, "身份证号")][3]
    assert counts() == (0, 0, 0, 0)


def test_a_payout_is_matched_by_the_wage_card(world, site):
    project, alice, carol = site
    alice.bank_account_masked = "6222****3445"
    alice.save()
    header = ["流水号", "账号", "姓名", "金额", "发放日期", "工资所属月份"]
    job = run("payouts", project, xlsx([["P9", "6222020200112233445", "王丽", "100", "2026-05-15", "2026-04"]], header))
    assert job.result["valid"], job.result
    assert Payout.objects.get().person == world.alice_person


# --- the worker's page ---------------------------------------------------------------------------


def test_the_worker_sees_only_their_own_wages(world, site, client_for):
    project, alice, carol = site
    run("attendance", project, xlsx(day_rows("A001", "王丽", range(1, 21)) + day_rows("A002", "张敏", [1]), DAY))
    run("payroll", project, xlsx([payroll_row(world.alice_person, days=20, gross="6000", net="6000")], PAYROLL))
    run("payouts", project, xlsx([payout_row("P1", world.alice_person, amount="5000.00")], PAYOUT))
    projects = intake.my_wages(world.alice, today=date(2026, 6, 1))
    (mine,) = projects
    (april,) = mine.months
    assert (april.days, april.net, april.paid, april.paid_on) == (
        20,
        Decimal("6000.00"),
        Decimal("5000.00"),
        date(2026, 5, 15),
    )
    assert april.owed == Decimal("1000.00") and mine.owed == Decimal("1000.00")
    assert intake.my_wages(world.alice, today=date(2026, 5, 1))[0].months[0].owed is None  # before the payday
    assert intake.my_wages(world.lixia) == []


def test_an_import_opens_the_arrears_warning_and_paying_closes_it(world, site, monkeypatch):
    """The real arrears check (services/detection.py) after each import: attendance with no payout
    once the payday passed opens an "unpaid" warning; importing the bank's payout closes it."""
    from django.utils import timezone

    from hexie.wages.models import ArrearsWarning

    detection = pytest.importorskip("hexie.wages.services.detection")
    if not hasattr(detection, "check_project"):
        pytest.skip("no arrears check yet")
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 6, 1))
    project, alice, carol = site
    run("attendance", project, xlsx(day_rows("A001", "王丽", range(1, 21)), DAY))
    unpaid = ArrearsWarning.objects.get(project=project, kind="unpaid", month=APRIL)
    assert unpaid.status == "open" and unpaid.workers == 1 and unpaid.amount >= Decimal("6000.00")
    run("payouts", project, xlsx([payout_row("P1", world.alice_person, amount="6000.00")], PAYOUT))
    unpaid.refresh_from_db()
    assert unpaid.status == "closed"


def test_excel_time_and_date_cells_are_read_as_such(world, site):
    project, alice, carol = site
    rows = [["A001", "王丽", date(2026, 4, 1), time(7, 30), time(16, 30)], ["A002", "张敏", "2026/4/1", 0.25, 0.75]]
    job = run("attendance", project, xlsx(rows, DAY))
    assert job.result["valid"], job.result
    assert {(a.first_in, a.last_out) for a in Attendance.objects.all()} == {
        (time(7, 30), time(16, 30)),
        (time(6), time(18)),
    }
