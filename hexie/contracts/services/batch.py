"""Batch issue (批量发起) from an .xlsx or .csv roster, as a job with a progress bar.

The roster is read and reported by core's import machinery (`hexie.core.imports`): every row is
parsed and checked first — its cells, the worker (found by ID number, an employee of the
enterprise) and the contract's legal checks (a wage below the minimum is a row error citing MWR,
a probation wage too low LCL-20, …) — and with any error nothing is created and the job's result
carries the errors per row and field in Chinese and English with a downloadable .xlsx report.
Otherwise every contract is created and issued (its PDF rendered, the worker texted after commit)
inside the job's `ctx.final()`, all or nothing.

Re-importing the same file creates nothing: a row whose enterprise, worker, start date and template
(any version of the same template code) match a contract already drafted and not cancelled or
declined is "unchanged" when its terms are the same, and an error when they differ.

    job = start_batch(enterprise, template, attachment, user)
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from hexie.core import crypto
from hexie.core.imports import (
    CellError,
    Column,
    Importer,
    Row,
    a_date,
    as_text,
    choice,
    count,
    id_number,
    matching,
    template_workbook,
    text,
)
from hexie.core.jobs import start_job
from hexie.core.models import Attachment, Employment, Job, Organization, Person
from hexie.core.rules import ERROR
from hexie.core.scoping import roles_on, scoped

from ..models import ContractTemplate, HoursSystem, LaborContract, TermKind, WageForm
from . import drafting

JOB_KIND = "contracts.batch_issue"
MAX_MONEY = Decimal("999999999999.99")
COMPARED = ("term_kind", "end", "probation_end", "position", "work_place", "wage", "probation_wage")
NOT_CONCLUDED = (LaborContract.Status.CANCELLED, LaborContract.Status.DECLINED)


def money(cell: Any) -> Decimal:
    """An amount in yuan: 5000, 5,000.00, ¥5000 or 5000元; at most two decimal places."""
    value = as_text(cell).replace(",", "").replace("，", "").removeprefix("¥").removeprefix("￥").removesuffix("元")
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        raise CellError(
            _("应为金额（元），如 5000 或 5000.00"), "must be an amount in yuan, e.g. 5000 or 5000.00"
        ) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_MONEY:
        raise CellError(_("金额超出范围"), "the amount is out of range")
    if amount != amount.quantize(Decimal("0.01")):
        raise CellError(_("金额最多保留两位小数"), "at most two decimal places")
    return amount.quantize(Decimal("0.01"))


def hours(cell: Any) -> Decimal:
    try:
        value = Decimal(as_text(cell))
    except InvalidOperation:
        raise CellError(_("应为小时数，如 4 或 7.5"), "must be a number of hours, e.g. 4 or 7.5") from None
    if not value.is_finite() or value < 0 or value >= 100 or value != value.quantize(Decimal("0.1")):
        raise CellError(_("小时数应在 0 到 99.9 之间，最多一位小数"), "hours between 0 and 99.9, one decimal place")
    return value


def day_of_month(cell: Any) -> int:
    value = count(cell)
    if not 1 <= value <= 31:
        raise CellError(_("发薪日应为 1 到 31 之间的整数"), "a payday is a whole number from 1 to 31")
    return value


# The column a finding's rule concerns (row errors point at the cell to fix); the others, such as a
# missing LCL-17 clause of the enterprise's own record, concern the row as a whole.
FINDING_COLUMNS = {**drafting.FINDING_FIELDS, "PWG-5": "wage"}


class RosterImporter(Importer):
    """One contract per row for the workers of one enterprise, from one template."""

    kind = "contracts"
    title = gettext_lazy("劳动合同批量发起")
    key = "id_number"
    columns = (
        Column(
            "id_number",
            N_("身份证号"),
            "id_number",
            id_number,
            required=True,
            example="370102199005170029",
            default=None,
        ),
        Column("name", N_("姓名"), "name", text(64), example="王丽"),
        Column("position", N_("工作岗位"), "position", text(64), required=True, example="装配工", memo=True),
        Column("job_description", N_("工作内容"), "job_description", text(255), example="机械装配", memo=True),
        Column("work_place", N_("工作地点"), "work_place", text(128), required=True, example="济南市历下区", memo=True),
        Column(
            "term_kind", N_("期限类型"), "term_kind", choice(TermKind), required=True, example="固定期限", memo=True
        ),
        Column(
            "start", N_("起始日期"), "start", a_date, required=True, example=date(2027, 1, 1), default=None, memo=True
        ),
        Column("end", N_("终止日期"), "end", a_date, example=date(2029, 12, 31), default=None, memo=True),
        Column("task", N_("工作任务"), "task", text(255)),
        Column("probation_end", N_("试用期截止"), "probation_end", a_date, example=date(2027, 2, 28), default=None),
        Column("wage", N_("工资（元）"), "wage", money, required=True, example="5000.00", default=None, memo=True),
        Column(
            "probation_wage",
            N_("试用期工资（元）"),
            "probation_wage",
            money,
            example="4500.00",
            default=None,
            memo=True,
        ),
        Column(
            "hours_system",
            N_("工时制度"),
            "hours_system",
            choice(HoursSystem),
            example="标准工时制",
            default=HoursSystem.STANDARD,
            memo=True,
        ),
        Column(
            "wage_form",
            N_("工资形式"),
            "wage_form",
            choice(WageForm),
            example="月工资",
            default=WageForm.MONTHLY,
            memo=True,
        ),
        Column("payday", N_("每月发薪日"), "payday", day_of_month, example=10, default=10, memo=True),
        Column("hours_per_day", N_("日工作小时"), "hours_per_day", hours, default=None, memo=True),
        Column("hours_per_week", N_("周工作小时"), "hours_per_week", hours, default=None, memo=True),
        Column("pay_cycle_days", N_("结算周期（天）"), "pay_cycle_days", count, default=None, memo=True),
        Column(
            "worker_address",
            N_("劳动者住址"),
            "worker_address",
            text(255),
            required=True,
            example="济南市历下区泉城路1号",
        ),
        Column("first_work_day", N_("用工之日"), "first_work_day", a_date, default=None, memo=True),
        Column("rest", N_("休息休假"), "rest", text(255), default=drafting.STANDARD_TEXTS["rest"], memo=True),
        Column(
            "social_insurance",
            N_("社会保险"),
            "social_insurance",
            text(255),
            default=drafting.STANDARD_TEXTS["social_insurance"],
            memo=True,
        ),
        Column(
            "protection",
            N_("劳动保护"),
            "protection",
            text(255),
            default=drafting.STANDARD_TEXTS["protection"],
            memo=True,
        ),
        Column("other_terms", N_("其他约定"), "other_terms", text(2000)),
    )
    FIELDS = tuple(c.key for c in columns if c.key not in ("id_number", "name"))

    def __init__(self, user, *, enterprise_id: int, template_id: int, job_id: int | None = None):
        super().__init__(user)
        self.enterprise = drafting.managed_enterprises(user).filter(pk=enterprise_id).first()
        if self.enterprise is None:
            raise PermissionDenied(_("只有本企业的人力资源、法定代表人或管理员可以批量发起劳动合同"))
        self.template = drafting.usable_templates(self.enterprise).filter(pk=template_id).first()
        if self.template is None:
            raise ValidationError(_("所选模板不可用：请选择已发布的平台示范文本或本企业的模板"))
        self.job_id = job_id
        self.contracts: dict[int, LaborContract] = {}  # row number -> the contract to create

    def key_of(self, row: Row):
        parsed = row.values.get("id_number")
        return parsed.number if parsed else None

    def check(self, rows: list[Row]) -> None:
        col = self.column
        hash_of = crypto.cipher().lookup_hash
        for row in rows:
            parsed = row.values["id_number"]
            row.values["id_hash"] = hash_of(parsed.number) if parsed else None
        people: dict[str, Person] = {}
        hashes = [r.values["id_hash"] for r in rows if r.values["id_hash"]]
        for queryset in matching(Person.objects.all(), "id_hash", hashes):
            people.update((p.id_hash, p) for p in queryset)
        employments: dict[int, list[Employment]] = {}
        existing: dict[tuple, LaborContract] = {}
        ids = [p.pk for p in people.values()]
        for queryset in matching(Employment.objects.filter(enterprise=self.enterprise), "person_id", ids):
            for employment in queryset.order_by("-start"):
                employments.setdefault(employment.person_id, []).append(employment)
        contracts = LaborContract.objects.filter(
            enterprise=self.enterprise, template__code=self.template.code, template__enterprise=self.template.enterprise
        ).exclude(status__in=NOT_CONCLUDED)
        for queryset in matching(contracts, "worker_id", ids):
            existing.update(((c.worker_id, c.start), c) for c in queryset)

        for row in rows:
            v = row.values
            person = people.get(v["id_hash"]) if v["id_hash"] else None
            if v["id_hash"] and person is None:
                row.fail(col("id_number"), _("未找到该身份证号的职工，请先导入职工"), "no worker has this ID number")
                continue
            if person is None:
                continue
            if v["name"] and v["name"] != person.name:
                row.fail(col("name"), _("姓名与该身份证号登记的姓名不一致"), "the name differs from the registered one")
            if v["start"] and v["end"] and v["end"] < v["start"]:
                row.fail(col("end"), _("终止日期早于起始日期"), "the end date is before the start date")
            if v["term_kind"] == TermKind.FIXED and v["start"] and not v["end"]:
                row.fail(col("end"), _("固定期限劳动合同须填写终止日期"), "a fixed-term contract needs an end date")
            if v["term_kind"] == TermKind.OPEN_ENDED and v["end"]:
                row.fail(col("end"), _("无固定期限劳动合同不约定终止日期"), "an open-ended contract has no end date")
            employment = self._employment(employments.get(person.pk, []))
            if employment is None:
                row.fail(
                    col("id_number"),
                    _("该职工不是本企业的在职职工，请先登记用工"),
                    "this worker is not employed by the enterprise",
                )
            if row.errors:
                continue
            known = existing.get((person.pk, v["start"]))
            if known is not None:
                if all(getattr(known, name) == v[name] for name in COMPARED):
                    row.unchanged = True
                else:
                    row.fail(
                        col("start"),
                        _("该职工在此起始日期已有使用本模板的合同（%(number)s），但内容与文件不一致")
                        % {"number": known.number},
                        f"a contract from this template with this start date exists ({known.number}) with other terms",
                    )
                continue
            contract = self._contract(person, employment, v)
            keys = {c.key for c in self.columns}
            for finding in drafting.check_contract_terms(contract, employment=employment):
                if finding.level == ERROR:
                    name = FINDING_COLUMNS.get(finding.code)
                    english = drafting.FINDINGS_EN.get(finding.code, "the legal check failed")
                    row.fail(
                        col(name) if name in keys else None,
                        f"{finding.code} {finding.message}",
                        f"{finding.code}: {english}",
                    )
            self.contracts[row.number] = contract

    @staticmethod
    def _employment(employments: list[Employment]) -> Employment | None:
        """The latest employment not ended before today (the worker must be an employee now)."""
        today = timezone.localdate()
        return next((e for e in employments if e.end is None or e.end >= today), None)

    def _contract(self, person: Person, employment: Employment, values: dict) -> LaborContract:
        contract = LaborContract(
            enterprise=self.enterprise,
            worker=person,
            employment=employment,
            template=self.template,
            kind=self.template.kind,
            batch_id=self.job_id,
            created_by=self.user,
        )
        for name in self.FIELDS:
            value = values[name]
            setattr(contract, name, str(value) if name in drafting.STANDARD_TEXTS else value)
        return contract

    def write(self, rows: list[Row]) -> None:
        todo = [self.contracts[r.number] for r in rows if not r.unchanged]
        year = timezone.localdate().year
        numbers = drafting.allocate_numbers(
            drafting.number_prefix(self.enterprise, self.template.kind, year), len(todo)
        )
        roles = None
        for contract, number in zip(todo, numbers, strict=True):
            contract.number = number
            contract.findings = drafting.as_stored(drafting.check_contract_terms(contract))
            contract.save()
            drafting._timeline(contract, "draft", self.user, "", contract.status, note=_("批量发起"))
            roles = roles if roles is not None else roles_on(self.user, contract)
            drafting.render_and_issue(contract, self.user, roles=roles)
        self.stats = {"created": len(todo), "unchanged": len(rows) - len(todo)}

    def summary(self) -> str:
        return _("批量发起完成：已发起签署 %(created)d 份合同，未变 %(unchanged)d 份") % self.stats


def start_batch(enterprise: Organization, template: ContractTemplate, attachment: Attachment, user) -> Job:
    """Start the batch issue of `attachment` (saved by `save_upload`) as a job owned by `user`."""
    drafting._require_manager(user, enterprise)
    drafting._require_usable(template, enterprise)
    return start_job(
        JOB_KIND, {"attachment": attachment.pk, "enterprise": enterprise.pk, "template": template.pk}, user=user
    )


def batch_jobs(user):
    return scoped(Job.objects.filter(kind=JOB_KIND), user)


def roster_template() -> bytes:
    return template_workbook(RosterImporter)
