"""Projects under supervision: registering and changing them (the labor office of the region; the
general contractor's HR only its wage officer and board), bad input refused field by field with
nothing written, the contracting chain, status changes and closing (WPR-27), the real-name roster
(WPR-28) with its rates, the pages and the API, and another county's project as a 404."""

import io
import json
import random
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hexie.core.models import Organization, Person
from hexie.demo.identity import make_id_number
from hexie.wages.models import ArrearsWarning, Attendance, Project, RosterEntry, SpecialAccount, Subcontract
from hexie.wages.services import projects as service
from tests.wages.factory import contractor, enroll, make_project
from tests.world import make_org, make_user

_rng = random.Random(60)


@pytest.fixture
def grid(world):
    """A grid member in Lixia and one in Shizhong."""
    lixia_station = make_org(_rng, "历下区劳动关系服务站", "station", "370102")
    shizhong_station = make_org(_rng, "市中区劳动关系服务站", "station", "370103")
    return {
        "lixia": make_user("grid_lixia", org=lixia_station, role="grid"),
        "shizhong": make_user("grid_shizhong", org=shizhong_station, role="grid"),
    }


def general(world):
    return contractor("济南历下建工集团有限公司", "370102")


def good_values(world, **changes):
    values = {
        "code": "XM-T-0001",
        "name": "历下保障房一期",
        "region": "370102",
        "address": "济南市历下区文化东路1号",
        "construction_unit": world.enterprise_a.pk,
        "general_contractor": general(world).pk,
        "contract_amount": Decimal("20000000.00"),
        "labor_cost_share": Decimal("0.2000"),
        "starts_on": date(2026, 3, 1),
        "ends_on": date(2026, 12, 31),
        "payday": 10,
    }
    values.update(changes)
    return values


# --- create and update --------------------------------------------------------------------------


def test_the_labor_office_registers_a_project_in_its_region(world, grid):
    project = service.create_project(world.lixia, **good_values(world, grid_member=grid["lixia"]))
    assert project.status == Project.Status.ACTIVE and project.grid_member == grid["lixia"]
    assert project.contract_amount == Decimal("20000000.00") and project.payday == 10


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"contract_amount": Decimal("-1.00")}, "contract_amount"),
        ({"ends_on": date(2026, 2, 28)}, "ends_on"),
        ({"payday": 0}, "payday"),
        ({"payday": 32}, "payday"),
        ({"general_contractor": 987654}, "general_contractor"),
        ({"construction_unit": 987654}, "construction_unit"),
        ({"labor_cost_share": Decimal("1.5")}, "labor_cost_share"),
        ({"region": "999999"}, "region"),
        ({"code": ""}, "code"),
    ],
)
def test_bad_project_input_is_a_field_error_and_nothing_is_written(world, changes, field):
    before = Project.objects.count()
    with pytest.raises(ValidationError) as caught:
        service.create_project(world.lixia, **good_values(world, **changes))
    assert field in caught.value.message_dict, caught.value.message_dict
    assert all(m for m in caught.value.message_dict[field])
    assert Project.objects.count() == before


def test_a_grid_member_from_another_county_is_refused(world, grid):
    with pytest.raises(ValidationError) as caught:
        service.create_project(world.lixia, **good_values(world, grid_member=grid["shizhong"]))
    assert "网格员" in caught.value.message_dict["grid_member"][0]
    assert not Project.objects.filter(code="XM-T-0001").exists()
    with pytest.raises(ValidationError):  # a user who is no grid member at all
        service.create_project(world.lixia, **good_values(world, grid_member=world.hr_a))


def test_several_bad_fields_are_reported_together(world):
    values = good_values(world, contract_amount="-5", payday=32, ends_on=date(2025, 1, 1), general_contractor=999999)
    with pytest.raises(ValidationError) as caught:
        service.create_project(world.lixia, **values)
    assert {"contract_amount", "payday", "ends_on", "general_contractor"} <= set(caught.value.message_dict)


def test_only_the_labor_office_of_the_region_registers(world):
    for user in (world.hr_a, world.alice, world.union_lixia):
        with pytest.raises(PermissionDenied):
            service.create_project(user, **good_values(world))
    with pytest.raises(ValidationError) as caught:  # Shizhong's staff, a Lixia project
        service.create_project(world.shizhong, **good_values(world))
    assert "region" in caught.value.message_dict
    assert not Project.objects.exists()


def test_a_duplicate_code_is_refused(world):
    service.create_project(world.lixia, **good_values(world))
    with pytest.raises(ValidationError) as caught:
        service.create_project(world.lixia, **good_values(world, name="另一个"))
    assert "code" in caught.value.message_dict and Project.objects.count() == 1


def test_the_general_contractors_hr_updates_only_the_wage_officer_and_board(world):
    project = make_project(world)
    gc_hr = world.users.get("gc_370102") or _gc_user()
    service.update_project(gc_hr, project, wage_officer="张工", wage_officer_phone="13912345678")
    project.refresh_from_db()
    assert project.wage_officer == "张工" and project.wage_officer_phone == "13912345678"
    with pytest.raises(PermissionDenied):
        service.update_project(gc_hr, project, contract_amount=Decimal("1.00"))
    with pytest.raises(PermissionDenied):  # the construction unit's HR is no contractor
        service.update_project(world.hr_a, project, wage_officer="李四")
    project.refresh_from_db()
    assert project.contract_amount == Decimal("30000000.00") and project.wage_officer == "张工"


def _gc_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="gc_370102")


def test_an_update_with_bad_input_changes_nothing(world, grid):
    project = make_project(world)
    with pytest.raises(ValidationError) as caught:
        service.update_project(world.lixia, project, ends_on=date(2026, 1, 1), name="新名称")
    assert "ends_on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        service.update_project(world.lixia, project, grid_member=grid["shizhong"])
    project.refresh_from_db()
    assert project.name != "新名称" and project.grid_member is None
    service.update_project(world.lixia, project, grid_member=grid["lixia"], payday=31)
    project.refresh_from_db()
    assert project.grid_member == grid["lixia"] and project.payday == 31


def test_the_notice_board_needs_a_photo(world):
    project = make_project(world)
    with pytest.raises(ValidationError) as caught:
        service.post_notice_board(world.lixia, project, posted=True)
    assert "photo" in caught.value.message_dict
    fake = SimpleUploadedFile("board.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError):
        service.post_notice_board(world.lixia, project, posted=True, photo=fake)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    service.post_notice_board(
        _gc_user(), project, posted=True, photo=SimpleUploadedFile("board.png", png, content_type="image/png")
    )
    project.refresh_from_db()
    assert project.notice_board and project.notice_board_photo.name == "board.png"


# --- the chain --------------------------------------------------------------------------------------


def test_the_contracting_chain(world):
    project = make_project(world)
    labor = project.subcontracts.get()
    steel = make_org(_rng, "济南钢构专业分包有限公司", "enterprise", "370102", industry="E")
    crew = make_org(_rng, "济南劳务二公司", "enterprise", "370102", industry="E")
    link = service.add_subcontract(world.lixia, project, subcontractor=steel.pk, kind="professional")
    service.add_subcontract(world.lixia, project, subcontractor=crew, kind="labor", parent=link, amount="150000")
    nodes = service.chain(project)
    assert [(n.depth, n.organization.name) for n in nodes] == [
        (0, project.general_contractor.name),
        (1, labor.subcontractor.name),
        (1, steel.name),
        (2, crew.name),
    ]
    other = make_org(_rng, "济南其他劳务有限公司", "enterprise", "370102", industry="E")
    cases = [
        ({"subcontractor": other, "kind": "labor", "parent": labor}, "parent"),  # labor does not subcontract
        ({"subcontractor": steel, "kind": "labor"}, "subcontractor"),  # already in the chain
        ({"subcontractor": project.general_contractor, "kind": "labor"}, "subcontractor"),
        ({"subcontractor": 999999, "kind": "labor"}, "subcontractor"),
        ({"subcontractor": other, "kind": "demolition"}, "kind"),
        ({"subcontractor": other, "kind": "labor", "amount": "-3"}, "amount"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as caught:
            service.add_subcontract(world.lixia, project, **kwargs)
        assert field in caught.value.message_dict, (kwargs, caught.value.message_dict)
    assert project.subcontracts.count() == 3
    with pytest.raises(PermissionDenied):
        service.add_subcontract(world.hr_a, project, subcontractor=other, kind="labor")


def test_a_parent_from_another_project_is_refused(world):
    mine, theirs = make_project(world), make_project(world, county="370103")
    other = make_org(_rng, "济南某专业分包公司", "enterprise", "370102", industry="E")
    with pytest.raises(ValidationError) as caught:
        service.add_subcontract(
            world.lixia, mine, subcontractor=other, kind="professional", parent=theirs.subcontracts.get()
        )
    assert "parent" in caught.value.message_dict


# --- status and closing ----------------------------------------------------------------------------


def test_status_changes_and_closing_needs_the_account_closed_and_no_arrears(world):
    project = make_project(world)
    with pytest.raises(ValidationError):
        service.change_status(world.lixia, project, "closed")
    service.change_status(world.lixia, project, "suspended")
    service.change_status(world.lixia, project, "active")
    service.change_status(world.lixia, project, "completed", on=date(2027, 11, 30))
    project.refresh_from_db()
    assert project.completed_on == date(2027, 11, 30)
    SpecialAccount.objects.create(
        project=project, bank="建设银行", account_masked="6227****1234", opened_on=date(2026, 3, 1)
    )
    with pytest.raises(ValidationError) as caught:
        service.change_status(world.lixia, project, "closed")
    assert "WPR-27" in caught.value.messages[0]
    SpecialAccount.objects.filter(project=project).update(closed_on=date(2028, 1, 5))
    warning = ArrearsWarning.objects.create(
        project=project, kind="unpaid", month=date(2027, 10, 1), rule="WPR-12", opened_on=date(2027, 11, 16)
    )
    with pytest.raises(ValidationError):
        service.change_status(world.lixia, project, "closed")
    ArrearsWarning.objects.filter(pk=warning.pk).update(status="closed")
    project.refresh_from_db()
    service.change_status(world.lixia, project, "closed")
    project.refresh_from_db()
    assert project.status == "closed"
    with pytest.raises(ValidationError):
        service.change_status(world.lixia, project, "active")
    with pytest.raises(PermissionDenied):
        service.change_status(world.hr_a, make_project(world), "suspended")


# --- the roster ------------------------------------------------------------------------------------


def new_id(birth=date(1985, 4, 2), sex="M") -> str:
    return make_id_number(_rng, "370102", birth, sex)


def bad_id() -> str:
    """A well-formed ID number whose check character is wrong."""
    good = new_id(date(1979, 9, 9))
    return good[:-1] + ("1" if good[-1] != "1" else "2")


def enroll_values(project, **changes):
    values = {
        "id_number": new_id(),
        "name": "赵建国",
        "employer": project.subcontracts.get().subcontractor_id,
        "badge": "A001",
        "rate": "350",
        "rate_kind": "daily",
        "trade": "木工",
        "phone": "13700001111",
        "bank_account": "6222 0202 0011 2233 445",
        "enrolled_on": date(2026, 3, 2),
        "contract_signed": True,
    }
    values.update(changes)
    return values


def test_enrolling_creates_or_finds_the_person(world):
    project = make_project(world)
    entry = service.enroll(world.lixia, project, **enroll_values(project))
    assert entry.person.name == "赵建国" and entry.person.region_id == "370102"
    assert entry.bank_account_masked == "6222***********3445" and entry.rate == Decimal("350.00")
    people = Person.objects.count()
    alice = world.alice_person
    found = service.enroll(
        world.lixia, project, **enroll_values(project, id_number=alice.id_number, name=alice.name, badge="A002")
    )
    assert found.person == alice and Person.objects.count() == people


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"id_number": "bad"}, "id_number"),
        ({"name": ""}, "name"),
        ({"rate": "0"}, "rate"),
        ({"rate": "-20"}, "rate"),
        ({"rate_kind": "weekly"}, "rate_kind"),
        ({"bank_account": "12ab"}, "bank_account"),
        ({"badge": ""}, "badge"),
        ({"phone": "12345"}, "phone"),
    ],
)
def test_bad_enrolment_input_is_a_field_error(world, changes, field):
    project = make_project(world)
    people = Person.objects.count()
    if changes.get("id_number") == "bad":
        changes = {"id_number": bad_id()}
    with pytest.raises(ValidationError) as caught:
        service.enroll(world.lixia, project, **enroll_values(project, **changes))
    assert field in caught.value.message_dict, caught.value.message_dict
    assert RosterEntry.objects.count() == 0 and Person.objects.count() == people


def test_enrolment_conflicts(world):
    project = make_project(world)
    service.enroll(world.lixia, project, **enroll_values(project))
    outsider = make_org(_rng, "济南不在链上公司", "enterprise", "370102", industry="E")
    cases = [
        (enroll_values(project, badge="A009", employer=outsider.pk), "employer"),  # not in the chain
        (enroll_values(project, id_number=new_id(date(1991, 1, 1))), "badge"),  # the badge is taken
        (enroll_values(project, id_number=world.alice_person.id_number, name="王莉莉", badge="A010"), "name"),
    ]
    for values, field in cases:
        with pytest.raises(ValidationError) as caught:
            service.enroll(world.lixia, project, **values)
        assert field in caught.value.message_dict, caught.value.message_dict
    first = RosterEntry.objects.get()
    with pytest.raises(ValidationError) as caught:  # the same worker twice
        service.enroll(
            world.lixia,
            project,
            **enroll_values(project, id_number=first.person.id_number, name=first.person.name, badge="A011"),
        )
    assert "id_number" in caught.value.message_dict
    assert RosterEntry.objects.count() == 1


def test_a_subcontractor_enrolls_only_its_own_workers(world):
    project = make_project(world)
    labor = project.subcontracts.get().subcontractor
    labor_hr = make_user("labor_hr", org=labor, role="hr")
    service.enroll(labor_hr, project, **enroll_values(project))
    with pytest.raises(ValidationError) as caught:
        service.enroll(
            labor_hr, project, **enroll_values(project, employer=project.general_contractor_id, badge="A002")
        )
    assert "employer" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        service.enroll(world.hr_b, project, **enroll_values(project, badge="A003"))


def test_leaving(world):
    project = make_project(world)
    entry = enroll(project, world.alice_person)
    with pytest.raises(ValidationError):
        service.leave(world.lixia, entry, project.starts_on - timedelta(days=1))
    service.leave(world.lixia, entry, date(2026, 6, 30))
    entry.refresh_from_db()
    assert entry.left_on == date(2026, 6, 30)
    with pytest.raises(ValidationError):
        service.leave(world.lixia, entry, date(2026, 7, 30))


def test_enrolment_and_attendance_rates(world):
    """4 enrolled on the day (one more left before it): 2 complete (contract and card), 1 with a
    contract only, 1 with a card only → 50.00 %; 3 attended in the last 7 days → 75.00 %."""
    project = make_project(world)
    on = date(2026, 5, 20)
    people = [world.alice_person, world.carol_person] + [
        Person.objects.create(
            name=f"工人{i}", region_id="370102", id_hash=f"h{i}", birth_date=date(1990, 1, 1), sex="M"
        )
        for i in range(3)
    ]
    entries = [
        enroll(project, people[0], contract_signed=True, bank_account_masked="6222****0001"),
        enroll(project, people[1], contract_signed=True, bank_account_masked="6222****0002"),
        enroll(project, people[2], contract_signed=True),
        enroll(project, people[3], bank_account_masked="6222****0004"),
        enroll(project, people[4], contract_signed=True, bank_account_masked="6222****0005", left_on=date(2026, 5, 1)),
    ]
    Attendance.objects.create(project=project, person=people[0], day=on)
    Attendance.objects.create(project=project, person=people[1], day=on - timedelta(days=6))
    Attendance.objects.create(project=project, person=people[2], day=on - timedelta(days=3))
    Attendance.objects.create(project=project, person=people[3], day=on - timedelta(days=7))  # outside the window
    Attendance.objects.create(project=project, person=people[4], day=on - timedelta(days=1))  # left: not counted
    rates = service.project_rates(project, on)
    assert (rates.enrolled, rates.complete, rates.attending) == (4, 2, 3)
    assert rates.enrolment_rate == Decimal("50.00") and rates.attendance_rate == Decimal("75.00")
    assert len(entries) == 5
    empty = make_project(world)
    assert service.project_rates(empty, on).enrolment_rate is None


# --- the roster import ---------------------------------------------------------------------------


HEADER = ["姓名", "身份证号", "手机号", "用工单位统一社会信用代码", "考勤工号", "工种", "约定工资（元）", "计薪方式"]
HEADER += ["工资卡号", "进场日期", "已签劳动合同", "退场日期"]


def roster_row(project, *, name="钱多多", id_number=None, badge="R001", rate="320", **changes):
    values = {
        "name": name,
        "id": id_number or new_id(date(1988, 8, 8)),
        "phone": "13600002222",
        "employer": project.subcontracts.get().subcontractor.uscc,
        "badge": badge,
        "trade": "钢筋工",
        "rate": rate,
        "kind": "按日",
        "card": "6222020200112233445",
        "start": date(2026, 3, 5),
        "signed": "是",
        "left": None,
        **changes,
    }
    return list(values.values())


def xlsx(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run_import(world, project, content: bytes, name="花名册.xlsx", user=None):
    upload = SimpleUploadedFile(name, content)
    job = service.start_roster_import(user or world.lixia, project, upload)
    job.refresh_from_db()
    return job


def test_a_good_roster_imports_and_a_second_run_changes_nothing(world):
    project = make_project(world)
    alice = world.alice_person
    rows = [
        roster_row(project),
        roster_row(project, name=alice.name, id_number=alice.id_number, badge="R002", rate="6500", kind="按月"),
    ]
    content = xlsx(rows)
    job = run_import(world, project, content)
    assert job.result["valid"], job.result
    assert job.result["created"] == 2 and job.result["people_created"] == 1
    entries = {e.badge: e for e in RosterEntry.objects.filter(project=project)}
    assert entries["R002"].person == alice and entries["R002"].rate_kind == "monthly"
    assert entries["R001"].bank_account_masked == "6222***********3445" and entries["R001"].contract_signed
    again = run_import(world, project, content)
    assert again.result["valid"] and again.result["created"] == 0 and again.result["unchanged"] == 2
    assert RosterEntry.objects.filter(project=project).count() == 2


def test_a_csv_roster_imports(world):
    project = make_project(world)
    row = roster_row(project)
    row[9] = "2026-03-05"
    text = ",".join(HEADER) + "\n" + ",".join("" if v is None else str(v) for v in row) + "\n"
    job = run_import(world, project, text.encode("utf-8"), name="roster.csv")
    assert job.result["valid"], job.result
    assert RosterEntry.objects.filter(project=project).count() == 1


def test_a_bad_roster_is_row_and_field_errors_and_nothing_is_written(world):
    project = make_project(world)
    outsider = make_org(_rng, "济南链外劳务公司", "enterprise", "370102", industry="E")
    people = Person.objects.count()
    rows = [
        roster_row(project),  # good, but the file fails as a whole
        roster_row(project, id_number=bad_id(), badge="R002"),  # bad check digit
        roster_row(project, badge="R003", rate="三百", id_number=new_id(date(1990, 2, 2))),
        roster_row(project, badge="R004", employer=outsider.uscc, id_number=new_id(date(1990, 3, 3))),
        roster_row(project, badge="R001", id_number=new_id(date(1990, 4, 4))),  # badge repeats row 2
        roster_row(project, badge="R006", kind="按周", id_number=new_id(date(1990, 5, 5))),
        roster_row(project, badge="R007", start=date(2026, 5, 1), left=date(2026, 4, 1), id_number=new_id()),
    ]
    job = run_import(world, project, xlsx(rows))
    assert not job.result["valid"]
    assert RosterEntry.objects.count() == 0 and Person.objects.count() == people
    errors = {(e["row"], e["column"]) for e in job.result["errors"]}
    assert {(3, "身份证号"), (4, "约定工资（元）"), (5, "用工单位统一社会信用代码"), (6, "考勤工号")} <= errors
    assert {(7, "计薪方式"), (8, "退场日期")} <= errors
    assert all(e["message"] and e["message_en"] for e in job.result["errors"])
    employer_error = next(e for e in job.result["errors"] if e["row"] == 5)
    assert "分包链" in employer_error["message"] and "chain" in employer_error["message_en"]
    report = job.result["report"]
    assert report and job.result["url"]


def test_a_changed_row_on_reimport_is_an_error(world):
    project = make_project(world)
    row = roster_row(project)
    assert run_import(world, project, xlsx([row])).result["valid"]
    row[6] = "400"
    job = run_import(world, project, xlsx([row]))
    assert not job.result["valid"] and job.result["errors"][0]["column"] == "身份证号"
    assert RosterEntry.objects.get().rate == Decimal("320.00")


def test_a_file_of_the_wrong_type_or_missing_columns(world):
    project = make_project(world)
    with pytest.raises(ValidationError) as caught:
        run_import(world, project, b"%PDF-1.4", name="roster.pdf")
    assert "file" in caught.value.message_dict
    job = run_import(world, project, xlsx([["钱多多", new_id()]], header=["姓名", "身份证号"]))
    assert not job.result["valid"] and "缺少必填列" in job.result["errors"][0]["message"]


def test_the_roster_template_round_trips(world, client_for):
    response = client_for(world.lixia).get(reverse("wages:roster-template"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book.active[1]]
    assert header[:4] == HEADER[:4] and "已签劳动合同" in header


# --- pages and API ---------------------------------------------------------------------------------


def test_pages_for_the_labor_office(world, client_for, grid):
    project = make_project(world)
    enroll(project, world.alice_person, contract_signed=True, bank_account_masked="6222****0001")
    client = client_for(world.lixia)
    listing = client.get(reverse("wages:project-list"), {"status": "active", "region": "370102"})
    assert listing.status_code == 200 and project.name in listing.content.decode()
    export = client.get(reverse("wages:project-export"))
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    assert project.code in [c.value for c in book.active["A"]]
    detail = client.get(project.get_absolute_url())
    text = detail.content.decode()
    assert detail.status_code == 200 and "100.00%" in text and world.alice_person.name in text
    assert "济南泉城劳务有限公司" in text  # the chain
    response = client.post(
        reverse("wages:project-create"),
        {
            "code": "XM-P-1",
            "name": "页面登记项目",
            "region": "370102",
            "construction_unit": world.enterprise_a.pk,
            "general_contractor": "999999",
            "contract_amount": "-1",
            "labor_cost_share": "0.2",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-01",
            "payday": "0",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"general_contractor", "contract_amount", "ends_on", "payday"} <= set(errors), errors
    assert not Project.objects.filter(code="XM-P-1").exists()
    response = client.post(
        reverse("wages:project-create"),
        {
            "code": "XM-P-2",
            "name": "页面登记项目",
            "region": "370102",
            "construction_unit": world.enterprise_a.pk,
            "general_contractor": general(world).pk,
            "contract_amount": "1000000",
            "labor_cost_share": "0.3",
            "starts_on": "2026-05-01",
            "ends_on": "2026-10-31",
            "payday": "15",
            "grid_member": grid["lixia"].pk,
        },
    )
    created = Project.objects.get(code="XM-P-2")
    assert response.status_code == 302 and created.grid_member == grid["lixia"]
    filtered = client.get(reverse("wages:project-list"), {"grid_member": grid["lixia"].pk})
    assert "XM-P-2" in filtered.content.decode() and project.code not in filtered.content.decode()


def test_enrol_and_status_pages(world, client_for):
    project = make_project(world)
    client = client_for(world.lixia)
    employer = project.subcontracts.get().subcontractor_id
    form = {
        "name": "孙师傅",
        "id_number": new_id(),
        "employer": employer,
        "badge": "P01",
        "rate": "300",
        "rate_kind": "daily",
        "enrolled_on": "2026-03-10",
        "contract_signed": "on",
    }
    assert client.post(reverse("wages:roster-enroll", args=[project.pk]), form).status_code == 302
    bad = client.post(
        reverse("wages:roster-enroll", args=[project.pk]), {**form, "id_number": new_id(), "badge": "P01"}
    )
    assert bad.status_code == 200 and "badge" in bad.context["form"].errors
    assert RosterEntry.objects.filter(project=project).count() == 1
    entry = RosterEntry.objects.get()
    assert client.post(reverse("wages:roster-leave", args=[entry.pk]), {"left_on": "2026-04-01"}).status_code == 302
    assert client.get(reverse("wages:project-roster", args=[project.pk])).status_code == 200
    client.post(reverse("wages:project-status", args=[project.pk]), {"status": "suspended"})
    project.refresh_from_db()
    assert project.status == "suspended"


def test_another_countys_project_is_a_404(world, client_for):
    theirs = make_project(world, county="370103")
    entry = enroll(theirs, world.bob_person)
    for user in (world.lixia, world.hr_a, world.alice):
        client = client_for(user)
        for url in (
            theirs.get_absolute_url(),
            reverse("wages:project-edit", args=[theirs.pk]),
            reverse("wages:roster-enroll", args=[theirs.pk]),
            reverse("wages:roster-leave", args=[entry.pk]),
            f"/api/wages/projects/{theirs.pk}",
            f"/api/wages/projects/{theirs.pk}/roster",
        ):
            assert client.get(url).status_code == 404, (user, url)
        response = client.post(
            f"/api/wages/projects/{theirs.pk}/roster", data=json.dumps({"name": "x"}), content_type="application/json"
        )
        assert response.status_code == 404
    listing = client_for(world.lixia).get("/api/wages/projects")
    assert all(row["id"] != theirs.pk for row in listing.json()["items"])


def test_the_api(world, client_for, grid):
    client = client_for(world.lixia)
    values = good_values(world, grid_member=grid["lixia"].pk)
    body = {k: (str(v) if isinstance(v, (Decimal, date)) else v) for k, v in values.items()}
    created = client.post("/api/wages/projects", data=json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    bad = client.post(
        "/api/wages/projects",
        data=json.dumps(
            {**body, "code": "XM-T-0002", "payday": 32, "general_contractor": 999999, "ends_on": "2026-01-01"}
        ),
        content_type="application/json",
    )
    assert bad.status_code == 422
    locations = {tuple(e["loc"]) for e in bad.json()["detail"]}
    assert {("body", "payday"), ("body", "general_contractor"), ("body", "ends_on")} <= locations
    assert all(" / " in e["msg"] or e["msg"] for e in bad.json()["detail"])
    assert Project.objects.count() == 1
    project = Project.objects.get(pk=pk)
    Subcontract.objects.create(
        project=project, subcontractor=contractor("济南泉城劳务有限公司", "370102"), kind="labor"
    )
    enrol = {
        "name": "周一",
        "id_number": new_id(),
        "employer": project.subcontracts.get().subcontractor_id,
        "badge": "API1",
        "rate": "310.00",
        "contract_signed": True,
        "bank_account": "6222020200112233445",
    }
    response = client.post(f"/api/wages/projects/{pk}/roster", data=json.dumps(enrol), content_type="application/json")
    assert response.status_code == 201, response.content
    again = client.post(f"/api/wages/projects/{pk}/roster", data=json.dumps(enrol), content_type="application/json")
    assert again.status_code == 422
    roster = client.get(f"/api/wages/projects/{pk}/roster").json()
    assert roster["count"] == 1 and roster["items"][0]["bank_account_masked"].startswith("6222*")
    detail = client.get(f"/api/wages/projects/{pk}").json()
    assert detail["rates"]["enrolled"] == (1 if project.starts_on <= timezone.localdate() else 0)
    assert (
        client_for(world.hr_a)
        .post("/api/wages/projects", data=json.dumps({**body, "code": "XM-T-0003"}), content_type="application/json")
        .status_code
        == 403
    )
    assert Organization.objects.filter(pk=detail["general_contractor"]).exists()


def test_completing_a_registration(world, client_for):
    project = make_project(world)
    entry = enroll(project, world.alice_person)
    client = client_for(world.lixia)
    url = reverse("wages:roster-edit", args=[entry.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"rate": "0", "rate_kind": "daily", "bank_account": "12"})
    assert bad.status_code == 200 and {"rate", "bank_account"} <= set(bad.context["form"].errors)
    form = {"rate": "320", "rate_kind": "daily", "bank_account": "6222020200112233445", "contract_signed": "on"}
    assert client.post(url, form).status_code == 302
    entry.refresh_from_db()
    assert entry.contract_signed and entry.bank_account_masked == "6222***********3445"
    assert service.project_rates(project).enrolment_rate == Decimal("100.00")
    assert client.post(url, {"rate": "330", "rate_kind": "daily"}).status_code == 302  # the card stays
    entry.refresh_from_db()
    assert entry.bank_account_masked == "6222***********3445" and entry.rate == Decimal("330.00")
    assert client_for(world.hr_a).get(url).status_code == 403


def test_the_board_page_for_the_general_contractor(world, client_for):
    project = make_project(world)
    client = client_for(_gc_user())
    url = reverse("wages:project-board", args=[project.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"wage_officer": "王工", "wage_officer_phone": "13912345678", "notice_board": "on"})
    assert bad.status_code == 200 and "photo" in bad.context["form"].errors
    project.refresh_from_db()
    assert project.wage_officer == "" and not project.notice_board  # nothing written
    png = SimpleUploadedFile("board.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    form = {"wage_officer": "王工", "wage_officer_phone": "13912345678", "notice_board": "on", "photo": png}
    assert client.post(url, form).status_code == 302
    project.refresh_from_db()
    assert project.wage_officer == "王工" and project.notice_board and project.notice_board_photo
    assert client.get(reverse("wages:project-edit", args=[project.pk])).status_code == 403
