"""Batch issue from a roster: a good file issues every contract in one job (PDFs rendered, the
workers waiting to sign); the same file again creates nothing; any faulty row — a wage below the
minimum, an unknown worker, a bad date, a wage that is not a number — is a row and field error in
Chinese and English with an .xlsx report, and nothing is created."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hexie.contracts.models import LaborContract
from hexie.contracts.services import batch
from hexie.core.attachments import XLSX, save_bytes
from hexie.core.models import Attachment, Job
from tests.contracts.drafting_factory import model_text, with_addresses

HEADER = ["身份证号", "姓名", "工作岗位", "工作地点", "期限类型", "起始日期", "终止日期", "试用期截止", "工资（元）"]
HEADER += ["试用期工资（元）", "劳动者住址"]


@pytest.fixture
def world(world):
    return with_addresses(world)


def start() -> date:
    return date.today() + timedelta(days=14)


def row(person, *, wage="5000", probation_wage="4500", begin=None, end=None, name=None, **changes):
    begin = begin or start()
    values = {
        "id": person.id_number,
        "name": name if name is not None else person.name,
        "position": "装配工",
        "place": "济南市历下区",
        "term": "固定期限",
        "start": begin,
        "end": end or begin.replace(year=begin.year + 3) - timedelta(days=1),
        "probation_end": begin + timedelta(days=30),
        "wage": wage,
        "probation_wage": probation_wage,
        "address": "济南市历下区泉城路1号",
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


def run(world, content: bytes, *, user=None, name="花名册.xlsx", content_type=XLSX) -> Job:
    user = user or world.hr_a
    attachment = save_bytes(content, name, user=user, content_type=content_type, organization=world.enterprise_a)
    job = batch.start_batch(world.enterprise_a, model_text("fixed"), attachment, user)
    job.refresh_from_db()
    return job


def errors_of(job) -> list[tuple[int, str, str, str]]:
    return [(e["row"], e["column"], e["message"], e["message_en"]) for e in job.result["errors"]]


def test_a_good_roster_issues_every_contract_and_a_second_run_changes_nothing(world):
    w = world
    content = xlsx([row(w.alice_person), row(w.carol_person, wage="6000.50", probation_wage="4800.40")])
    job = run(w, content)
    assert job.status == Job.Status.DONE and job.result["valid"], job.result
    assert job.result["created"] == 2 and job.result["unchanged"] == 0
    contracts = LaborContract.objects.filter(batch=job).order_by("number")
    assert contracts.count() == 2
    for contract in contracts:
        assert contract.status == LaborContract.Status.AWAITING_WORKER
        assert contract.document and len(contract.unsigned_sha256) == 64 and contract.enterprise == w.enterprise_a
    numbers = [c.number for c in contracts]
    assert int(numbers[1][-6:]) == int(numbers[0][-6:]) + 1
    carol = contracts.get(worker=w.carol_person)
    assert str(carol.wage) == "6000.50" and carol.rest and carol.social_insurance  # standard wording filled in

    again = run(w, content)
    assert again.status == Job.Status.DONE and again.result["valid"]
    assert again.result["created"] == 0 and again.result["unchanged"] == 2
    assert LaborContract.objects.count() == 2


def test_a_wage_below_the_minimum_is_a_row_error_and_nothing_is_created(world):
    w = world
    job = run(w, xlsx([row(w.alice_person), row(w.carol_person, wage="1500", probation_wage="1500")]))
    assert job.status == Job.Status.DONE and not job.result["valid"]
    assert LaborContract.objects.count() == 0
    errors = errors_of(job)
    assert {e[0] for e in errors} == {3}
    wage = [e for e in errors if e[1] == "工资（元）"]
    assert wage and wage[0][2].startswith("MWR") and "最低工资标准" in wage[0][2] and "minimum wage" in wage[0][3]
    assert any(e[1] == "试用期工资（元）" and e[2].startswith("LCL-20") for e in errors)
    report = Attachment.objects.get(pk=job.result["report"])
    with report.file.open("rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    assert cells[1][0] == 3 and "MWR" in cells[1][-1]


def test_bad_cells_and_unknown_workers_are_field_errors(world):
    w = world
    rows = [
        row(w.alice_person, wage="五千"),
        row(w.carol_person, start="2027-02-30"),
        [
            "110101199003070011",
            "查无此人",
            "装配工",
            "济南",
            "固定期限",
            start(),
            date(2030, 1, 1),
            None,
            "5000",
            None,
            "济南",
        ],
        row(w.bob_person),  # Bob works at Baotu Foods, not at Quancheng
        row(w.alice_person, term="终身", name="王莉"),
    ]
    job = run(w, xlsx(rows))
    assert not job.result["valid"] and LaborContract.objects.count() == 0
    errors = errors_of(job)
    by_row = {}
    for number, column, zh, en in errors:
        by_row.setdefault(number, []).append((column, zh, en))
    assert (
        "工资（元）",
        "应为金额（元），如 5000 或 5000.00",
        "must be an amount in yuan, e.g. 5000 or 5000.00",
    ) in by_row[2]
    assert any(c == "起始日期" and "日期无效" in zh for c, zh, _en in by_row[3])
    assert any(c == "身份证号" and "未找到" in zh for c, zh, _en in by_row[4])
    assert any(c == "身份证号" and "不是本企业的在职职工" in zh for c, zh, _en in by_row[5])
    assert any(c == "期限类型" for c, *_ in by_row[6]) and any("与第 2 行重复" in zh for _c, zh, _en in by_row[6])
    assert all(en and en != zh for _c, zh, en in sum(by_row.values(), []))


def test_a_csv_roster_and_an_end_before_start(world):
    w = world
    begin = start()
    lines = [",".join(HEADER)]
    for person, end in ((w.alice_person, begin - timedelta(days=1)), (w.carol_person, None)):
        values = row(person, end=end or begin.replace(year=begin.year + 1))
        lines.append(",".join("" if v is None else str(v) for v in values))
    job = run(w, "\n".join(lines).encode("utf-8"), name="花名册.csv", content_type="text/csv")
    errors = errors_of(job)
    assert [(e[0], e[1]) for e in errors] == [(2, "终止日期")]
    assert LaborContract.objects.count() == 0
    fixed = "\n".join(lines[:1] + lines[2:]).encode("utf-8")
    assert run(w, fixed, name="花名册.csv", content_type="text/csv").result["created"] == 1


def test_only_the_enterprises_own_people_start_a_batch(world):
    w = world
    attachment = save_bytes(xlsx([row(w.alice_person)]), "花名册.xlsx", user=w.hr_b, content_type=XLSX)
    with pytest.raises(PermissionDenied):
        batch.start_batch(w.enterprise_a, model_text("fixed"), attachment, w.hr_b)
    with pytest.raises(PermissionDenied):
        batch.start_batch(w.enterprise_a, model_text("fixed"), attachment, w.lixia)


def test_the_batch_page_template_and_job(world, client_for):
    w = world
    client = client_for(w.hr_a)
    template = client.get(reverse("contracts:batch-template"))
    book = openpyxl.load_workbook(io.BytesIO(template.content))
    header = [c.value for c in next(book.active.iter_rows())]
    assert header[:3] == ["身份证号", "姓名", "工作岗位"] and "工资（元）" in header
    assert client.get(reverse("contracts:batch-start")).status_code == 200
    upload = SimpleUploadedFile("花名册.xlsx", xlsx([row(w.alice_person)]), content_type=XLSX)
    response = client.post(
        reverse("contracts:batch-start"),
        {"enterprise": w.enterprise_a.pk, "template": model_text("fixed").pk, "file": upload},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    job = Job.objects.get(kind=batch.JOB_KIND)
    assert response["Location"] == reverse("job-detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.result["created"] == 1
    progress = client.get(reverse("job-progress", args=[job.pk])).content.decode()
    assert "100%" in progress
    refused = client.post(
        reverse("contracts:batch-start"),
        {
            "enterprise": w.enterprise_a.pk,
            "template": model_text("fixed").pk,
            "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4"),
        },
    )
    assert refused.status_code == 200 and Job.objects.filter(kind=batch.JOB_KIND).count() == 1


def test_a_clause_missing_from_the_enterprise_record_is_an_error_of_the_whole_row(world):
    w = world
    w.enterprise_a.address = ""
    w.enterprise_a.save(update_fields=["address"])
    job = run(w, xlsx([row(w.alice_person)]))
    [(number, column, zh, en)] = errors_of(job)
    assert (number, column) == (2, "") and zh.startswith("LCL-17") and "用人单位住所" in zh and "LCL-17" in en
    assert LaborContract.objects.count() == 0
