"""Spreadsheet imports (数据导入): organizations and workers from .xlsx or .csv, all or nothing.

An `Importer` declares its `Column`s (Chinese header, English alias, parser, required) and two
steps over the whole file: `check` (batched look-ups: what exists, what lies in the user's
scope) and `write`. A job runs them:

1. read the file (.xlsx or .csv in UTF-8 or GB18030); a damaged file is one clear error;
2. parse every cell and check every row; errors are kept per row and field, in Chinese with
   English, and as a downloadable .xlsx report (each faulty row and an error column);
3. with any error nothing is written; otherwise every row is written in one transaction, the
   job's `ctx.final()`, so the rows and the job's DONE commit together, exactly once.

A row whose key is already in the database with identical data is "unchanged" and skipped, so
importing the same file twice changes nothing; the same key with different data is a row error.

    job = start_import("workers", attachment, user)

.xlsx is read by python-calamine (a Rust reader) and .csv by the standard library.
"""

import csv
import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_
from python_calamine import CalamineError, CalamineWorkbook, WorksheetNotFound

from . import crypto
from .attachments import XLSX, save_bytes
from .bulk import TableWriter, allocate_ids, among
from .codes import IdNumber, clean_mobile, clean_uscc, parse_id_number
from .jobs import JobContext, job_handler, start_job
from .models import Attachment, Employment, Industry, Job, Organization, Person, Region
from .scoping import scoped, user_scope

MAX_ROWS = 200_000
MAX_COLUMNS = 64
CHUNK = 1 << 20
RESULT_ERRORS = 200  # errors listed in the job's result; the report has them all
WRITE_BATCH = 5_000


class CellError(Exception):
    """A value that cannot be accepted: the message in Chinese and in English."""

    def __init__(self, zh: str, en: str):
        super().__init__(zh)
        self.zh, self.en = zh, en


class ImportFileError(CellError):
    """The file as a whole cannot be read."""


# English for the codes of hexie.core.codes' validation errors.
ENGLISH = {
    "uscc_checksum": "wrong check character in the unified social credit code",
    "uscc_format": "malformed unified social credit code",
    "ric_checksum": "wrong check digit in the ID number",
    "ric_format": "malformed ID number or birth date",
    "mobile": "a mobile number has 11 digits and starts with 1",
}


def _from_validation(exc: ValidationError) -> CellError:
    return CellError(exc.messages[0], ENGLISH.get(getattr(exc, "code", None) or "", exc.messages[0]))


# --- cell parsers: a raw cell (str, int, float, date, datetime or bool) -> a value -------------


def as_text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime):
        cell = cell.date() if not (cell.hour or cell.minute or cell.second) else cell
    return str(cell).strip()


def text(max_length: int) -> Callable[[Any], str]:
    def parse(cell: Any) -> str:
        value = as_text(cell)
        if len(value) > max_length:
            raise CellError(
                _("内容过长，最多 %(n)d 个字") % {"n": max_length},
                f"too long, at most {max_length} characters",
            )
        return value

    return parse


def uscc(cell: Any) -> str:
    try:
        return clean_uscc(as_text(cell))
    except ValidationError as exc:
        raise _from_validation(exc) from None


def id_number(cell: Any) -> IdNumber:
    try:
        return parse_id_number(as_text(cell))
    except ValidationError as exc:
        raise _from_validation(exc) from None


def mobile(cell: Any) -> str:
    value = as_text(cell)
    if len(value) == 11 and value.isascii() and value.isdigit() and value[0] == "1":
        return value  # what clean_mobile returns for it, without its character loop
    try:
        return clean_mobile(value)
    except ValidationError as exc:
        raise _from_validation(exc) from None


DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0?0:00(?::00(?:\.0+)?)?)?$")


def a_date(cell: Any) -> date:
    """2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301 or an Excel date cell."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = as_text(cell)
    match = DATE_RE.match(value)
    if match is None and len(value) == 8 and value.isdigit():
        match = re.match(r"(\d{4})(\d{2})(\d{2})", value)
    if match is not None:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise CellError(
        _("日期无效，请写作 2024-03-01、2024/3/1 或 2024年3月1日"),
        "invalid date; write 2024-03-01, 2024/3/1 or 2024年3月1日",
    )


def count(cell: Any) -> int:
    value = as_text(cell).replace(",", "")
    if not value.isdigit():
        raise CellError(_("应为不小于 0 的整数"), "must be a whole number, 0 or more")
    return int(value)


def region_code(cell: Any) -> str:
    value = as_text(cell)
    if not value.isdigit() or len(value) not in (6, 9):
        raise CellError(_("区划代码应为 6 位或 9 位数字"), "a region code has 6 or 9 digits")
    return value


def choice(choices: type) -> Callable[[Any], str]:
    """An enum cell: its value (`contract`) or its Chinese label (`劳动合同用工`)."""
    lookup: dict[str, str] = {}

    def parse(cell: Any) -> str:
        if not lookup:
            for value, label in choices.choices:
                lookup[str(value).lower()] = value
                lookup[str(label).lower()] = value
                with translation.override("zh-hans"):
                    lookup[str(label).lower()] = value
        found = lookup.get(as_text(cell).lower())
        if found is None:
            with translation.override("zh-hans"):
                labels = "、".join(str(label) for _value, label in choices.choices)
            raise CellError(_("无效的选项，可选：%(labels)s") % {"labels": labels}, f"not one of: {labels}")
        return found

    return parse


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # Chinese, as the template writes it (marked for translation with gettext_noop)
    alias: str  # English header, also accepted
    parse: Callable[[Any], Any]
    required: bool = False
    example: Any = ""
    hint: str = ""
    default: Any = ""
    memo: bool = False  # the parse of a distinct cell is remembered (values that repeat)

    @property
    def label(self) -> str:
        return f"{self.header}（{self.alias}）"


@dataclass
class Row:
    number: int  # the row's number in the sheet (the header is row 1)
    raw: list
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (column header, zh, en)
    unchanged: bool = False

    def fail(self, column: "Column | str | None", zh: str, en: str) -> None:
        header = column.header if isinstance(column, Column) else (column or "")
        self.errors.append((header, zh, en))


# --- reading ------------------------------------------------------------------------------------


def _damaged() -> ImportFileError:
    return ImportFileError(
        _("文件已损坏或不是有效的 Excel (.xlsx) 文件，请用 Excel 重新保存后再导入"),
        "the file is damaged or not a valid .xlsx workbook; save it again from Excel and retry",
    )


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("行数超过上限 %(n)d，请分成多个文件导入") % {"n": MAX_ROWS},
        f"more than {MAX_ROWS} rows; split the file",
    )


def read_xlsx(stream) -> list[tuple[int, list]]:
    """The first sheet's non-empty rows and their row numbers, read by python-calamine (Rust):
    100,000 rows of 8 columns in under a second, where openpyxl's read-only mode takes 11 s."""
    try:
        sheet = CalamineWorkbook.from_filelike(stream).get_sheet_by_index(0)
        grid = sheet.to_python(skip_empty_area=False)
    except (CalamineError, WorksheetNotFound, ValueError, OSError):
        raise _damaged() from None
    rows = []
    for number, values in enumerate(grid, start=1):
        values = [None if v == "" else v for v in values[:MAX_COLUMNS]]
        while values and values[-1] is None:
            values.pop()
        if values:
            rows.append((number, values))
            if len(rows) > MAX_ROWS + 1:
                raise _too_many_rows()
    return rows


def read_csv(content: bytes) -> list[tuple[int, list]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            decoded = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(
            _("无法识别文件编码，请保存为 UTF-8 或 GB18030 编码的 CSV"),
            "unknown encoding; save the CSV as UTF-8 or GB18030",
        )
    rows = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(decoded, newline="")), start=1):
            if any(v.strip() for v in values):
                rows.append((number, values[:MAX_COLUMNS]))
                if len(rows) > MAX_ROWS + 1:
                    raise _too_many_rows()
    except csv.Error:
        raise ImportFileError(_("CSV 格式错误"), "malformed CSV") from None
    return rows


def read_table(attachment: Attachment) -> list[tuple[int, list]]:
    with attachment.file.open("rb") as stream:
        if attachment.name.lower().endswith(".csv") or attachment.content_type == "text/csv":
            return read_csv(stream.read())
        return read_xlsx(io.BytesIO(stream.read()))


# --- importers -----------------------------------------------------------------------------------


def _norm_header(value: Any) -> str:
    return re.sub(r"[\s*＊]|（必填）|\(必填\)", "", str(value or "")).lower()


class Importer:
    kind = ""
    title = ""
    columns: tuple[Column, ...] = ()
    key = ""  # the column that identifies a row; duplicated within one file it is an error

    def __init__(self, user):
        self.user = user
        self.scope = user_scope(user)
        self.stats: dict[str, int] = {}

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def in_region_scope(self, code: str) -> bool:
        return self.scope.everything or any(code.startswith(prefix) for prefix in self.scope.regions)

    def map_header(self, header: list) -> tuple[list[tuple[int, Column]], list[str]]:
        wanted: dict[str, Column] = {}
        for column in self.columns:
            for name in (column.header, _(column.header), column.alias):
                wanted[_norm_header(name)] = column
        found: list[tuple[int, Column]] = []
        seen: set[str] = set()
        ignored = []
        for index, cell in enumerate(header):
            column = wanted.get(_norm_header(cell))
            if column is None:
                if cell not in (None, ""):
                    ignored.append(str(cell))
                continue
            if column.key in seen:
                raise ImportFileError(
                    _("列“%(h)s”重复") % {"h": _(column.header)}, f"column {column.alias} appears twice"
                )
            seen.add(column.key)
            found.append((index, column))
        missing = [c for c in self.columns if c.required and c.key not in seen]
        if missing:
            names = "、".join(_(c.header) for c in missing)
            raise ImportFileError(
                _("缺少必填列：%(names)s（请使用导入模板）") % {"names": names},
                "missing required columns: " + ", ".join(c.alias for c in missing) + " (use the import template)",
            )
        return found, ignored

    def parse(self, table: list[tuple[int, list]], progress) -> tuple[list[Row], list[str]]:
        if not table:
            raise ImportFileError(_("文件中没有数据"), "the file has no rows")
        (_header_number, header), body = table[0], table[1:]
        if not body:
            raise ImportFileError(_("文件中只有表头，没有数据行"), "the file has a header but no rows")
        mapping, ignored = self.map_header(header)
        # Cells repeat (an employer's code, a start date, a kind): parse each distinct one once.
        memos = {column.key: {} for _index, column in mapping if column.memo}
        missing = [column for column in self.columns if column.key not in {c.key for _i, c in mapping}]
        required = _("必填")
        rows = []
        for done, (number, raw) in enumerate(body, start=1):
            row = Row(number, raw)
            values = row.values
            width = len(raw)
            for index, column in mapping:
                cell = raw[index] if index < width else None
                if cell is None or (type(cell) is str and not cell.strip()):
                    if column.required:
                        row.fail(column, required, "required")
                    values[column.key] = column.default
                    continue
                memo = memos.get(column.key)
                if memo is not None:
                    value = memo.get(cell, memo)
                    if value is memo:
                        try:
                            value = memo[cell] = column.parse(cell)
                        except CellError as exc:
                            value = memo[cell] = exc
                    if type(value) is CellError:
                        row.fail(column, value.zh, value.en)
                        values[column.key] = column.default
                    else:
                        values[column.key] = value
                    continue
                try:
                    values[column.key] = column.parse(cell)
                except CellError as exc:
                    row.fail(column, exc.zh, exc.en)
                    values[column.key] = column.default
            for column in missing:
                values[column.key] = column.default
            rows.append(row)
            if done % 2000 == 0:
                progress(done)
        self.mark_duplicates(rows)
        return rows, ignored

    def key_of(self, row: Row):
        return row.values.get(self.key)

    def mark_duplicates(self, rows: list[Row]) -> None:
        first: dict = {}
        column = self.column(self.key)
        for row in rows:
            key = self.key_of(row)
            if not key:
                continue
            if key in first:
                row.fail(column, _("与第 %(n)d 行重复") % {"n": first[key]}, f"duplicates row {first[key]}")
            else:
                first[key] = row.number

    def check(self, rows: list[Row]) -> None:
        """Batched checks against the database and the user's scope."""
        raise NotImplementedError

    def write(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def summary(self) -> str:
        raise NotImplementedError


def matching(queryset, field: str, values) -> Iterator:
    """Querysets that together hold the rows whose `field` is one of `values`: a single query on
    PostgreSQL (`IN (SELECT unnest(%s))`, the values one array parameter), batches under SQLite's
    parameter limit elsewhere."""
    values = sorted(set(values))
    if not values:
        return
    if connection.vendor == "postgresql":
        yield queryset.filter(among(queryset.model, field, values))
        return
    size = connection.features.max_query_params or 900
    for start in range(0, len(values), size - 10):
        yield queryset.filter(**{f"{field}__in": values[start : start + size - 10]})


def _region_codes(codes: set[str]) -> set[str]:
    found: set[str] = set()
    for queryset in matching(Region.objects.all(), "code", codes):
        found.update(queryset.values_list("code", flat=True))
    return found


class OrganizationImporter(Importer):
    kind = "organizations"
    title = gettext_lazy("组织")
    key = "uscc"
    columns = (
        Column("name", N_("名称"), "name", text(128), required=True, example="济南示例机械有限公司"),
        Column(
            "uscc",
            N_("统一社会信用代码"),
            "uscc",
            uscc,
            required=True,
            example="91370102MA3C0E0C23",
            default=None,
        ),
        Column(
            "kind",
            N_("类型"),
            "kind",
            choice(Organization.Kind),
            example="企业",
            default=Organization.Kind.ENTERPRISE,
            memo=True,
        ),
        Column(
            "region",
            N_("所在地区代码"),
            "region_code",
            region_code,
            required=True,
            example="370102",
            memo=True,
        ),
        Column("industry", N_("行业"), "industry", choice(Industry), example="制造业", memo=True),
        Column(
            "ownership",
            N_("经济类型"),
            "ownership",
            choice(Organization.Ownership),
            example="民营",
            memo=True,
        ),
        Column("size", N_("规模"), "size", choice(Organization.Size), example="中型", memo=True),
        Column("headcount", N_("职工人数"), "headcount", count, example=120, default=0),
        Column("legal_representative", N_("法定代表人"), "legal_representative", text(64), example="张三"),
        Column("address", N_("地址"), "address", text(255), example="济南市历下区泉城路 1 号"),
        Column("established", N_("成立日期"), "established", a_date, example=date(2015, 6, 1), default=None),
    )
    COMPARED = (
        "name",
        "kind",
        "industry",
        "ownership",
        "size",
        "headcount",
        "legal_representative",
        "address",
        "established",
    )

    def check(self, rows: list[Row]) -> None:
        region_column = self.column("region")
        known = _region_codes({r.values["region"] for r in rows if r.values["region"]})
        keys = [r.values["uscc"] for r in rows if r.values["uscc"]]
        existing = {}
        for queryset in matching(Organization.objects.all(), "uscc", keys):
            for org in queryset:
                existing[org.uscc] = org
        for row in rows:
            v = row.values
            code = v["region"]
            if code and code not in known:
                row.fail(region_column, _("区划代码不存在"), "no region has this code")
            elif code and not self.in_region_scope(code):
                row.fail(region_column, _("该地区不在您的管理范围内"), "this region is outside your scope")
            org = existing.get(v["uscc"])
            if org is not None and not row.errors:
                if org.region_id == code and all(getattr(org, f) == v[f] for f in self.COMPARED):
                    row.unchanged = True
                else:
                    row.fail(
                        self.column("uscc"),
                        _("该统一社会信用代码已登记，但其他信息与文件不一致"),
                        "this code is already registered with different data",
                    )

    def write(self, rows: list[Row]) -> None:
        new = [
            Organization(region_id=r.values["region"], uscc=r.values["uscc"], **{f: r.values[f] for f in self.COMPARED})
            for r in rows
            if not r.unchanged
        ]
        Organization.objects.bulk_create(new, batch_size=WRITE_BATCH)
        self.stats = {"created": len(new), "unchanged": len(rows) - len(new)}

    def summary(self) -> str:
        return _("导入完成：新增组织 %(created)d 个，未变 %(unchanged)d 个") % self.stats


# A worker's name, ID number and phone: the first columns of every import of people (workers,
# rosters).
PERSON_COLUMNS = (
    Column("name", N_("姓名"), "name", text(64), required=True, example="王丽"),
    Column(
        "id_number",
        N_("身份证号"),
        "id_number",
        id_number,
        required=True,
        example="370102199005170029",
        default=None,
    ),
    Column("phone", N_("手机号"), "phone", mobile, example="13800000001"),
)


class WorkerImporter(Importer):
    """Workers: a Person (found by ID number, or created with the employer's region) and an Employment."""

    kind = "workers"
    title = gettext_lazy("职工")
    key = "id_number"
    columns = (
        *PERSON_COLUMNS,
        Column(
            "enterprise",
            N_("用人单位统一社会信用代码"),
            "employer_uscc",
            uscc,
            required=True,
            example="91370102MA3C0E0C23",
            memo=True,
        ),
        Column(
            "kind",
            N_("用工形式"),
            "employment_kind",
            choice(Employment.Kind),
            example="劳动合同用工",
            default=Employment.Kind.LABOR_CONTRACT,
            memo=True,
        ),
        Column("position", N_("岗位"), "position", text(64), example="装配工", memo=True),
        Column(
            "start",
            N_("入职日期"),
            "start",
            a_date,
            required=True,
            example=date(2024, 3, 1),
            default=None,
            memo=True,
        ),
        Column("end", N_("离职日期"), "end", a_date, default=None, memo=True),
    )

    def key_of(self, row: Row):
        parsed = row.values.get("id_number")
        return parsed.number if parsed else None

    def check(self, rows: list[Row]) -> None:
        col = self.column
        hash_key = crypto.cipher().lookup_hash
        for row in rows:
            v = row.values
            parsed = v["id_number"]
            v["id_hash"] = hash_key(parsed.number) if parsed else None
            v["phone_hash"] = hash_key(v["phone"]) if v["phone"] else ""
            if v["start"] and v["end"] and v["end"] < v["start"]:
                row.fail(col("end"), _("离职日期早于入职日期"), "the end date is before the start date")

        enterprises = {}
        codes = sorted({r.values["enterprise"] for r in rows if r.values["enterprise"]})
        for queryset in matching(Organization.objects.only("id", "uscc", "region_id"), "uscc", codes):
            for org in queryset:
                enterprises[org.uscc] = org
        persons: dict[str, tuple] = {}
        hashes = [r.values["id_hash"] for r in rows if r.values["id_hash"]]
        for queryset in matching(Person.objects.all(), "id_hash", hashes):
            for found in queryset.values_list("id_hash", "id", "name", "phone_hash"):
                persons[found[0]] = found[1:]
        employments: dict[tuple, tuple] = {}
        person_ids = [p[0] for p in persons.values()]
        for queryset in matching(Employment.objects.all(), "person_id", person_ids):
            for e in queryset.values_list("person_id", "enterprise_id", "start", "kind", "position", "end"):
                employments[e[:3]] = e[3:]

        allowed: dict[int, bool] = {}
        for row in rows:
            v = row.values
            org = enterprises.get(v["enterprise"])
            if v["enterprise"] and org is None:
                row.fail(
                    col("enterprise"),
                    _("未找到该统一社会信用代码的用人单位，请先导入组织"),
                    "no organization has this code; import it first",
                )
                continue
            if org is None:
                continue
            if org.id not in allowed:
                allowed[org.id] = org.id in self.scope.organizations or self.in_region_scope(org.region_id)
            if not allowed[org.id]:
                row.fail(
                    col("enterprise"),
                    _("该用人单位不在您的管理范围内"),
                    "this employer is outside your scope",
                )
                continue
            v["enterprise_id"], v["region_id"] = org.id, org.region_id
            person = persons.get(v["id_hash"])
            if person is None or row.errors:
                continue
            person_id, name, phone_hash = person
            v["person_id"] = person_id
            if name != v["name"]:
                row.fail(
                    col("name"),
                    _("该身份证号已登记，姓名不一致"),
                    "this ID number is registered under another name",
                )
            if phone_hash != v["phone_hash"]:
                row.fail(
                    col("phone"),
                    _("该身份证号已登记，手机号不一致"),
                    "this ID number is registered with another phone",
                )
            known = employments.get((person_id, org.id, v["start"]))
            if known is not None and not row.errors:
                if known == (v["kind"], v["position"], v["end"]):
                    row.unchanged = True
                else:
                    row.fail(
                        col("start"),
                        _("该用工记录已存在，但用工形式、岗位或离职日期与文件不一致"),
                        "this employment exists with a different kind, position or end date",
                    )

    def _person_values(self, row: Row, now: datetime, encrypt) -> tuple:
        v = row.values
        parsed, phone = v["id_number"], v["phone"]
        number = parsed.number
        return (
            v["name"],
            encrypt(number),
            v["id_hash"],
            number[:6] + "********" + number[-4:],
            parsed.birth_date,
            parsed.sex,
            encrypt(phone) if phone else "",
            v["phone_hash"],
            phone[:3] + "****" + phone[-4:] if phone else "",
            v["region_id"],
            None,
            now,
        )

    PERSON_COLUMNS = (
        "name",
        "id_cipher",
        "id_hash",
        "id_masked",
        "birth_date",
        "sex",
        "phone_cipher",
        "phone_hash",
        "phone_masked",
        "region_id",
        "user_id",
        "created_at",
    )
    EMPLOYMENT_COLUMNS = ("person_id", "enterprise_id", "kind", "position", "start", "end")

    def write(self, rows: list[Row]) -> None:
        todo = [r for r in rows if not r.unchanged]
        new_people = [r for r in todo if "person_id" not in r.values]
        now = timezone.now()
        ids = allocate_ids(Person, len(new_people))
        encrypt = crypto.cipher().encrypt
        people = []
        for pk, row in zip(ids, new_people, strict=True):
            row.values["person_id"] = pk
            people.append((pk, *self._person_values(row, now, encrypt)))
        TableWriter(Person, ("id", *self.PERSON_COLUMNS)).write(people)
        TableWriter(Employment, self.EMPLOYMENT_COLUMNS).write(
            [
                (
                    r.values["person_id"],
                    r.values["enterprise_id"],
                    r.values["kind"],
                    r.values["position"],
                    r.values["start"],
                    r.values["end"],
                )
                for r in todo
            ],
        )
        self.stats = {
            "created": len(todo),
            "people_created": len(new_people),
            "unchanged": len(rows) - len(todo),
        }

    def summary(self) -> str:
        return (
            _("导入完成：新增用工 %(created)d 条（新建人员 %(people_created)d 人），未变 %(unchanged)d 条") % self.stats
        )


IMPORTERS: dict[str, type[Importer]] = {"organizations": OrganizationImporter, "workers": WorkerImporter}


# --- the job --------------------------------------------------------------------------------------


def error_report(importer: Importer, header: list, rows: list[Row]) -> bytes:
    """An .xlsx of the faulty rows: the row number, the original cells and every error."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(str(_("错误报告")))
    width = max([len(header)] + [len(r.raw) for r in rows])
    head = [str(_("行号"))] + [("" if h is None else str(h)) for h in header] + [""] * (width - len(header))
    head.append(str(_("错误")) + " / Errors")
    sheet.append(head)
    for row in rows:
        cells = [row.number] + [_report_cell(v) for v in row.raw] + [None] * (width - len(row.raw))
        cells.append("；".join(f"{_(h) or _('文件')}：{zh}（{en}）" for h, zh, en in row.errors))
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _report_cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # never let a cell of the report run as a formula
    return value


def _error_items(rows: list[Row]) -> list[dict]:
    items = []
    for row in rows:
        for header, zh, en in row.errors:
            items.append({"row": row.number, "column": _(header) if header else "", "message": zh, "message_en": en})
            if len(items) >= RESULT_ERRORS:
                return items
    return items


def run_import(importer_class: type[Importer], ctx: JobContext) -> dict:
    user = ctx.job.created_by
    attachment = scoped(Attachment.objects, user).get(pk=ctx.params["attachment"])
    importer = importer_class(user)
    base = {"kind": importer.kind, "file": attachment.name, "attachment": attachment.pk}
    clock = _Clock()
    try:
        table = read_table(attachment)
        clock.lap("read")
        ctx.progress(0, max(len(table) - 1, 0), force=True)
        rows, ignored = importer.parse(table, ctx.progress)
        clock.lap("parse")
    except ImportFileError as exc:
        result = {
            **base,
            "valid": False,
            "rows": 0,
            "error_count": 1,
            "error_rows": 0,
            "report": None,
            "errors": [{"row": None, "column": "", "message": exc.zh, "message_en": exc.en}],
            "message": _("文件无法导入：%(reason)s；未写入任何数据") % {"reason": exc.zh},
        }
        with ctx.final() as final:
            final["result"] = result
        return result
    importer.check(rows)
    clock.lap("check")
    ctx.progress(len(rows), len(rows), force=True)
    faulty = [r for r in rows if r.errors]
    base.update(rows=len(rows), ignored_columns=ignored)
    if faulty:
        errors = sum(len(r.errors) for r in faulty)
        report = error_report(importer, table[0][1], faulty)
        result = {
            **base,
            "valid": False,
            "error_count": errors,
            "error_rows": len(faulty),
            "errors": _error_items(faulty),
            "message": _("发现 %(errors)d 处错误（%(rows)d 行），未写入任何数据。请下载错误报告，修改后重新导入。")
            % {"errors": errors, "rows": len(faulty)},
        }
        with ctx.final() as final:
            saved = save_bytes(
                report, f"{attachment.name.rsplit('.', 1)[0]}-错误报告.xlsx", user=user, content_type=XLSX
            )
            result.update(report=saved.pk, url=reverse("attachment-download", args=[saved.pk]), seconds=clock.laps)
            final["result"] = result
        return result
    with ctx.final() as final:
        importer.write(rows)
        clock.lap("write")
        result = {
            **base,
            "valid": True,
            "error_count": 0,
            "errors": [],
            "report": None,
            **importer.stats,
            "message": importer.summary(),
            "seconds": clock.laps,
        }
        final["result"] = result
    return result


class _Clock:
    """Seconds spent in each phase, kept in the job's result."""

    def __init__(self):
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now


@job_handler("core.import_organizations")
def import_organizations(ctx: JobContext) -> dict:
    return run_import(OrganizationImporter, ctx)


@job_handler("core.import_workers")
def import_workers(ctx: JobContext) -> dict:
    return run_import(WorkerImporter, ctx)


def start_import(kind: str, attachment: Attachment, user) -> Job:
    """Start the import of `attachment` (already saved by `save_upload`) as a job owned by `user`."""
    if kind not in IMPORTERS:
        raise ValueError(f"unknown import kind {kind!r}")
    return start_job(f"core.import_{kind}", {"attachment": attachment.pk}, user=user)


def template_workbook(kind: "str | type[Importer]") -> bytes:
    """The import template of a registered kind or of an importer class: the headers (required
    ones in red), one example row, and a sheet explaining each column."""
    import openpyxl
    from openpyxl.styles import Font

    importer = IMPORTERS[kind] if isinstance(kind, str) else kind
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = str(importer.title)
    sheet.append([_(c.header) for c in importer.columns])
    sheet.append([c.example for c in importer.columns])
    for index, column in enumerate(importer.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        sheet.column_dimensions[cell.column_letter].width = max(12, len(_(column.header)) * 2 + 4)
        if isinstance(column.example, date):
            sheet.cell(row=2, column=index).number_format = "yyyy-mm-dd"
    notes = book.create_sheet(str(_("填写说明")))
    notes.append([_("列"), _("英文列名"), _("必填"), _("示例")])
    for column in importer.columns:
        notes.append([_(column.header), column.alias, _("是") if column.required else _("否"), str(column.example)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
