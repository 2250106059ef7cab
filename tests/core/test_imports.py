"""Spreadsheet imports: whole-file validation, all-or-nothing writes, idempotent re-imports,
error reports, scope, CSV encodings and the import page, with real files built here."""

import csv
import io
import random
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from hexie.core import crypto
from hexie.core.attachments import save_upload
from hexie.core.imports import IMPORTERS, start_import
from hexie.core.models import Attachment, Employment, Job, Organization, Person
from hexie.demo.identity import make_id_number, make_uscc

ORG_HEADER = [
    "名称",
    "统一社会信用代码",
    "类型",
    "所在地区代码",
    "行业",
    "经济类型",
    "规模",
    "职工人数",
    "法定代表人",
    "地址",
    "成立日期",
]
WORKER_HEADER = [
    "姓名",
    "身份证号",
    "手机号",
    "用人单位统一社会信用代码",
    "用工形式",
    "岗位",
    "入职日期",
    "离职日期",
]


def xlsx_bytes(rows, *, header) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_upload(rows, *, header, name="导入.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, header=header))


def run(kind, upload, user) -> Job:
    attachment = save_upload(upload, user=user)
    return start_import(kind, attachment, user)


def org_rows(n=3, region="370102", seed=1):
    rng = random.Random(seed)
    return [
        [
            f"历下测试企业{i}有限公司",
            make_uscc(rng, region),
            "企业",
            region,
            "制造业",
            "民营",
            "小型",
            20 + i,
            "张三",
            f"泉城路 {i} 号",
            date(2015, 6, 1 + i),
        ]
        for i in range(n)
    ]


def worker_rows(enterprise, n=3, seed=7, region="370102"):
    rng = random.Random(seed)
    return [
        [
            f"工人{i}",
            make_id_number(rng, region, date(1990, 1, 1 + i), "M" if i % 2 else "F"),
            f"1390000{i:04d}",
            enterprise.uscc,
            "劳动合同用工",
            "装配工",
            date(2024, 3, 1),
            None,
        ]
        for i in range(n)
    ]


def errors_of(job):
    return [(e["row"], e["column"]) for e in job.result["errors"]]


# --- organizations ----------------------------------------------------------------------------


def test_a_good_organization_file_imports_every_field(world):
    before = Organization.objects.count()
    job = run("organizations", xlsx_upload(org_rows(3), header=ORG_HEADER), world.lixia)
    assert job.status == Job.Status.DONE and job.result["valid"], job.result
    assert job.result["created"] == 3 and job.result["unchanged"] == 0
    assert Organization.objects.count() == before + 3
    org = Organization.objects.get(name="历下测试企业1有限公司")
    assert (org.kind, org.region_id, org.industry, org.ownership, org.size, org.headcount) == (
        "enterprise",
        "370102",
        "C",
        "private",
        "small",
        21,
    )
    assert (org.legal_representative, org.address, org.established) == (
        "张三",
        "泉城路 1 号",
        date(2015, 6, 2),
    )


def test_reimporting_the_same_file_changes_nothing(world):
    content = xlsx_bytes(org_rows(3), header=ORG_HEADER)
    run("organizations", SimpleUploadedFile("a.xlsx", content), world.lixia)
    snapshot = list(Organization.objects.order_by("pk").values())
    job = run("organizations", SimpleUploadedFile("a.xlsx", content), world.lixia)
    assert job.result["valid"] and job.result["created"] == 0 and job.result["unchanged"] == 3
    assert list(Organization.objects.order_by("pk").values()) == snapshot


def test_same_code_with_different_data_is_a_row_error(world):
    rows = org_rows(2)
    run("organizations", xlsx_upload(rows, header=ORG_HEADER), world.lixia)
    rows[1][7] = 999
    rows.append(org_rows(1, seed=99)[0])
    job = run("organizations", xlsx_upload(rows, header=ORG_HEADER), world.lixia)
    assert not job.result["valid"]
    assert errors_of(job) == [(3, "统一社会信用代码")]
    assert not Organization.objects.filter(uscc=rows[2][1]).exists()  # the good new row was not written


def test_a_wrong_uscc_check_character_is_a_field_error_and_nothing_is_written(world):
    rows = org_rows(3)
    good = rows[1][1]
    rows[1][1] = good[:-1] + ("0" if good[-1] != "0" else "1")
    before = Organization.objects.count()
    job = run("organizations", xlsx_upload(rows, header=ORG_HEADER), world.lixia)
    assert job.status == Job.Status.DONE and not job.result["valid"]
    assert job.result["errors"][0] == {
        "row": 3,
        "column": "统一社会信用代码",
        "message": "统一社会信用代码校验位错误",
        "message_en": "wrong check character in the unified social credit code",
    }
    assert Organization.objects.count() == before


def test_a_region_code_that_does_not_exist_is_an_error(world):
    rows = org_rows(2)
    rows[0][3] = "370199"
    job = run("organizations", xlsx_upload(rows, header=ORG_HEADER), world.lixia)
    assert errors_of(job) == [(2, "所在地区代码")]
    assert "区划代码不存在" in job.result["errors"][0]["message"]
    assert not Organization.objects.filter(uscc=rows[1][1]).exists()


def test_county_staff_import_organizations_of_their_county_only(world):
    rows = org_rows(1) + org_rows(1, region="370103", seed=5)
    job = run("organizations", xlsx_upload(rows, header=ORG_HEADER), world.lixia)
    assert errors_of(job) == [(3, "所在地区代码")]
    assert job.result["errors"][0]["message"] == "该地区不在您的管理范围内"
    job = run("organizations", xlsx_upload(rows, header=ORG_HEADER), world.city)
    assert job.result["valid"] and job.result["created"] == 2


def test_enterprise_hr_cannot_import_organizations(world):
    job = run("organizations", xlsx_upload(org_rows(1), header=ORG_HEADER), world.hr_a)
    assert not job.result["valid"] and errors_of(job) == [(2, "所在地区代码")]


def test_bad_dates_and_enum_labels_are_field_errors(world):
    rows = org_rows(3)
    rows[0][10] = "2015-13-01"
    rows[1][4] = "造船业"
    rows[2][10] = "2015年6月3日"
    job = run("organizations", xlsx_upload(rows, header=ORG_HEADER), world.lixia)
    assert errors_of(job) == [(2, "成立日期"), (3, "行业")]
    assert "日期无效" in job.result["errors"][0]["message"]


def test_missing_required_columns_are_one_clear_file_error(world):
    job = run("organizations", xlsx_upload([["某公司", "370102"]], header=["名称", "所在地区代码"]), world.lixia)
    assert not job.result["valid"]
    assert job.result["errors"][0]["row"] is None
    assert "缺少必填列：统一社会信用代码" in job.result["errors"][0]["message"]


def test_english_headers_are_accepted(world):
    header = [c.alias for c in IMPORTERS["organizations"].columns]
    job = run("organizations", xlsx_upload(org_rows(2), header=header), world.lixia)
    assert job.result["valid"] and job.result["created"] == 2


# --- workers ----------------------------------------------------------------------------------


def test_a_good_worker_file_creates_people_and_employments(world):
    rows = worker_rows(world.enterprise_a, 3)
    rows[2][4] = "劳务派遣"
    rows[2][7] = "2024年12月31日"
    rows[1][6] = "2024/3/1"
    job = run("workers", xlsx_upload(rows, header=WORKER_HEADER), world.hr_a)
    assert job.result["valid"], job.result
    assert job.result["created"] == 3 and job.result["people_created"] == 3
    person = Person.find_by_id_number(rows[2][1])
    assert person.name == "工人2" and person.region_id == "370102"
    assert person.id_number == rows[2][1] and person.id_masked == rows[2][1][:6] + "********" + rows[2][1][-4:]
    assert crypto.decrypt(person.phone_cipher) == "13900000002" and person.phone_masked == "139****0002"
    assert person.birth_date == date(1990, 1, 3) and person.sex == "F"
    employment = person.employments.get()
    assert (employment.enterprise, employment.kind, employment.start, employment.end) == (
        world.enterprise_a,
        "dispatch",
        date(2024, 3, 1),
        date(2024, 12, 31),
    )


def test_a_known_person_gets_a_new_employment_and_reimport_changes_nothing(world):
    alice = world.alice_person
    rows = worker_rows(world.enterprise_a, 2) + [
        [
            alice.name,
            alice.id_number,
            "13800000001",
            world.enterprise_b.uscc,
            "非全日制用工",
            "收银",
            date(2025, 1, 6),
            None,
        ]
    ]
    content = xlsx_bytes(rows, header=WORKER_HEADER)
    job = run("workers", SimpleUploadedFile("w.xlsx", content), world.city)
    assert job.result["valid"] and (job.result["created"], job.result["people_created"]) == (3, 2)
    assert alice.employments.count() == 2
    people, jobs = Person.objects.count(), Employment.objects.count()
    job = run("workers", SimpleUploadedFile("w.xlsx", content), world.city)
    assert job.result["valid"] and (job.result["created"], job.result["unchanged"]) == (0, 3)
    assert (Person.objects.count(), Employment.objects.count()) == (people, jobs)


def test_a_duplicated_id_number_within_the_file_is_an_error(world):
    rows = worker_rows(world.enterprise_a, 3)
    rows[2][1] = rows[0][1]
    before = Person.objects.count()
    job = run("workers", xlsx_upload(rows, header=WORKER_HEADER), world.hr_a)
    assert errors_of(job) == [(4, "身份证号")]
    assert job.result["errors"][0]["message"] == "与第 2 行重复"
    assert Person.objects.count() == before


def test_an_employer_outside_the_users_scope_is_an_error(world):
    rows = worker_rows(world.enterprise_a, 1) + worker_rows(world.enterprise_b, 1, seed=8)
    for user in (world.hr_a, world.lixia):
        job = run("workers", xlsx_upload(rows, header=WORKER_HEADER), user)
        assert errors_of(job) == [(3, "用人单位统一社会信用代码")]
        assert job.result["errors"][0]["message"] == "该用人单位不在您的管理范围内"
    job = run("workers", xlsx_upload(rows, header=WORKER_HEADER), world.alice)
    assert errors_of(job) == [(2, "用人单位统一社会信用代码"), (3, "用人单位统一社会信用代码")]
    assert not Person.objects.filter(name__startswith="工人").exists()


def test_field_errors_are_reported_per_row_and_field(world):
    rows = worker_rows(world.enterprise_a, 6)
    rows[0][1] = rows[0][1][:-1] + ("0" if rows[0][1][-1] != "0" else "1")
    rows[1][2] = "1234"
    rows[2][6] = "3/1/2024"
    rows[3][7] = date(2020, 1, 1)
    rows[4][3] = make_uscc(random.Random(3), "370102")
    rows[5][0] = None
    job = run("workers", xlsx_upload(rows, header=WORKER_HEADER), world.hr_a)
    assert errors_of(job) == [
        (2, "身份证号"),
        (3, "手机号"),
        (4, "入职日期"),
        (5, "离职日期"),
        (6, "用人单位统一社会信用代码"),
        (7, "姓名"),
    ]
    assert job.result["error_rows"] == 6
    assert not Person.objects.filter(name__startswith="工人").exists()


def test_a_registered_id_number_with_another_name_is_an_error(world):
    rows = [
        [
            "王小丽",
            world.alice_person.id_number,
            "13800000001",
            world.enterprise_a.uscc,
            "",
            "",
            date(2025, 1, 1),
            None,
        ]
    ]
    job = run("workers", xlsx_upload(rows, header=WORKER_HEADER), world.hr_a)
    assert errors_of(job) == [(2, "姓名")]


def test_the_error_report_is_an_xlsx_the_user_can_download(world, client_for):
    rows = worker_rows(world.enterprise_a, 3)
    rows[1][6] = "明天"
    job = run("workers", xlsx_upload(rows, header=WORKER_HEADER), world.hr_a)
    report = Attachment.objects.get(pk=job.result["report"])
    assert report.uploaded_by == world.hr_a and job.result["url"] == reverse("attachment-download", args=[report.pk])
    response = client_for(world.hr_a).get(job.result["url"])
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header, *lines = list(book.worksheets[0].iter_rows(values_only=True))
    assert header[0] == "行号" and header[1:9] == tuple(WORKER_HEADER) and header[-1].startswith("错误")
    assert len(lines) == 1 and lines[0][0] == 3 and lines[0][1] == "工人1" and lines[0][7] == "明天"
    assert "入职日期：日期无效" in lines[0][-1]
    assert client_for(world.hr_b).get(job.result["url"]).status_code == 404


def test_a_truncated_xlsx_is_refused_with_a_clear_message(world):
    content = xlsx_bytes(worker_rows(world.enterprise_a, 3), header=WORKER_HEADER)
    truncated = SimpleUploadedFile("w.xlsx", content[: len(content) // 2])
    with pytest.raises(ValidationError) as refused:
        save_upload(truncated, user=world.hr_a)
    assert "文件内容与扩展名 .xlsx 不符，或文件已损坏" in refused.value.messages[0]
    # A damaged workbook that gets past the upload check still ends in one clear error.
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    job = run("workers", SimpleUploadedFile("w.xlsx", damaged.getvalue()), world.hr_a)
    assert job.status == Job.Status.DONE and not job.result["valid"]
    assert job.result["errors"][0]["message"].startswith("文件已损坏或不是有效的 Excel")
    assert not Person.objects.filter(name__startswith="工人").exists()


def test_a_50_mb_upload_is_refused_before_it_is_read(world, tmp_path):
    upload = SimpleUploadedFile("big.xlsx", b"PK\x03\x04")
    upload.size = 50 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        save_upload(upload, user=world.hr_a)
    assert refused.value.code == "too_large" and "文件过大" in refused.value.messages[0]
    sparse = tmp_path / "big.xlsx"
    with sparse.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # a sparse file: 50 MB long, nothing allocated
    with pytest.raises(CommandError, match="文件过大"):
        call_command("import_data", "workers", str(sparse), "--user", "hr_a")
    assert not Attachment.objects.exists()


def test_csv_in_gb18030_and_utf8_imports(world):
    rows = worker_rows(world.enterprise_a, 4)
    for index, row in enumerate(rows):
        row[6] = ["2024-03-01", "2024/3/1", "2024年3月1日", "2024.03.01"][index]
    for encoding, part in (("gb18030", rows[:2]), ("utf-8-sig", rows[2:])):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(WORKER_HEADER)
        writer.writerows([["" if v is None else v for v in row] for row in part])
        job = run("workers", SimpleUploadedFile(f"{encoding}.csv", buffer.getvalue().encode(encoding)), world.hr_a)
        assert job.result["valid"], job.result
        assert job.result["created"] == 2
    assert Person.find_by_id_number(rows[0][1]).name == "工人0"
    assert set(Employment.objects.filter(person__name__startswith="工人").values_list("start", flat=True)) == {
        date(2024, 3, 1)
    }


# --- the reader -------------------------------------------------------------------------------


def rewrite_part(content: bytes, part: str, change) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, change(data) if item.filename == part else data)
    return out.getvalue()


def shared_strings(content: bytes) -> bytes:
    """The workbook with its strings in a shared-strings table, as Excel and WPS save them
    (openpyxl writes them inline)."""
    import re as regex

    strings: dict[str, int] = {}

    def share(match):
        index = strings.setdefault(match[2], len(strings))
        return f'<c{match[1]} t="s"><v>{index}</v></c>'.encode()

    def sheet(xml: bytes) -> bytes:
        return regex.sub(
            rb'<c([^>]*?) t="inlineStr"><is><t>([^<]*)</t></is></c>',
            lambda m: share((None, m[1].decode(), m[2].decode())),
            xml,
        )

    content = rewrite_part(content, "xl/worksheets/sheet1.xml", sheet)
    table = "".join(f"<si><t>{text}</t></si>" for text in strings)
    sst = (
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">{table}</sst>'
    ).encode()
    content = rewrite_part(
        content,
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace(
            b"</Relationships>",
            (
                b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                b'sharedStrings" '
                b'Target="sharedStrings.xml" Id="rIdStrings" /></Relationships>'
            ),
        ),
    )
    content = rewrite_part(
        content,
        "[Content_Types].xml",
        lambda xml: xml.replace(
            b"</Types>",
            (
                b'<Override PartName="/xl/sharedStrings.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                b'sharedStrings+xml" /></Types>'
            ),
        ),
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def sample_workbook(strings: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["文本", "整数", "小数", "日期", "日期时间", "布尔", "空"])
    sheet.append(['泉城 & <路> "引号"', 42, 3.5, date(2024, 3, 1), datetime(2024, 3, 1, 8, 30), True, None])
    sheet.append(["13800000001", 13800000001, -0.25, date(1999, 12, 31), None, False, ""])
    sheet.append([None])
    sheet.append([None, None, "第五行", 12345678901234567890])
    sheet["J7"] = "远处的格子"
    out = io.BytesIO()
    book.save(out)
    return shared_strings(out.getvalue()) if strings == "shared" else out.getvalue()


def prefixed(xml: bytes) -> bytes:
    """The same sheet with a namespace prefix on every element, as some generators write it."""
    import re as regex

    xml = regex.sub(rb"<(/?)(?!\?)([A-Za-z])", rb"<\1x:\2", xml)
    return xml.replace(b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=").replace(b"<x:sst xmlns=", b"<x:sst xmlns:x=")


def pretty(xml: bytes) -> bytes:
    return xml.replace(b"><", b">\n  <")


@pytest.mark.parametrize("strings", ["shared", "inline"])
@pytest.mark.parametrize("variant", ["plain", "prefixed", "pretty"])
def test_the_reader_agrees_with_openpyxl(strings, variant):
    from hexie.core.imports import read_xlsx

    content = sample_workbook(strings)
    change = {"plain": None, "prefixed": prefixed, "pretty": pretty}[variant]
    if change:
        for part in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
            content = rewrite_part(content, part, change)

    def plain(value):
        if isinstance(value, datetime) and value.time() == datetime.min.time():
            return value.date()  # openpyxl reads a date cell as midnight
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value

    def trimmed(values):
        values = [None if v == "" else plain(v) for v in values]
        while values and values[-1] is None:
            values.pop()
        return values

    theirs = {
        number: trimmed(row)
        for number, row in enumerate(
            openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True), 1
        )
        if any(v not in (None, "") for v in row)
    }
    ours = read_xlsx(io.BytesIO(content))
    assert {number: trimmed(values) for number, values in ours} == theirs
    assert ours[1][1][0] == '泉城 & <路> "引号"'


def test_rich_text_and_phonetic_runs_read_as_their_plain_text():
    from hexie.core.imports import read_xlsx

    content = sample_workbook("shared")
    rich = (
        '<si><r><rPr><b/></rPr><t>泉城</t></r><r><t xml:space="preserve"> 机械</t></r>'
        '<rPh sb="0" eb="1"><t>QUAN</t></rPh></si>'
    ).encode()
    content = rewrite_part(
        content,
        "xl/sharedStrings.xml",
        lambda xml: (
            xml.replace(b"<si>", rich + b"<si>", 1)
            .replace(b'count="', b'count="1')
            .replace(b'uniqueCount="', b'uniqueCount="1')
        ),
    )
    assert read_xlsx(io.BytesIO(content))[0][1][0] == "泉城 机械"  # string 0 is now the rich one


# --- the page and the command -----------------------------------------------------------------


def test_the_template_imports_as_it_is(world, client):
    for kind in ("organizations", "workers"):
        response = client.get(reverse("import-template", args=[kind]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        header, example = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert list(header) == (ORG_HEADER if kind == "organizations" else WORKER_HEADER)
        job = run(kind, SimpleUploadedFile("模板.xlsx", response.content), world.lixia)
        assert job.result["valid"] and job.result["created"] == 1, job.result
    assert client.get("/imports/template/nothing/").status_code == 404


def test_the_import_page_uploads_and_redirects_to_the_job(world, client_for):
    client = client_for(world.hr_a)
    page = client.get(reverse("import-start"))
    assert page.status_code == 200
    assert reverse("import-template", args=["workers"]) in page.content.decode()
    upload = xlsx_upload(worker_rows(world.enterprise_a, 2), header=WORKER_HEADER)
    response = client.post(reverse("import-start"), {"kind": "workers", "file": upload})
    job = Job.objects.get(kind="core.import_workers")
    assert response.status_code == 302 and response["Location"] == reverse("job-detail", args=[job.pk])
    assert job.created_by == world.hr_a and job.status == Job.Status.DONE and job.result["created"] == 2
    assert client.get(response["Location"]).status_code == 200


def test_the_import_page_explains_a_refused_file(world, client_for):
    client = client_for(world.hr_a)
    response = client.post(
        reverse("import-start"), {"kind": "workers", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 200
    assert "不支持的文件类型" in response.content.decode()
    assert not Job.objects.exists() and not Attachment.objects.exists()


def test_the_command_imports_a_file(world, tmp_path):
    path = tmp_path / "orgs.xlsx"
    path.write_bytes(xlsx_bytes(org_rows(2), header=ORG_HEADER))
    call_command("import_data", "organizations", str(path), "--user", "lixia")
    assert Organization.objects.filter(name__startswith="历下测试企业").count() == 2
    bad = org_rows(1)
    bad[0][3] = "999999"
    path.write_bytes(xlsx_bytes(bad, header=ORG_HEADER))
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_data", "organizations", str(path), "--user", "lixia")
