"""Contract data as JSON with the model text's field names (劳动合同示范文本), per enterprise or
region, within the caller's scope, streamed row by row so a province's export never sits in memory.

ID numbers are the stored masked form (370102********1234); the encrypted number is never read.
Money is a string with two places ("5000.00"), dates ISO strings, choices their Chinese label.
"""

import json
from collections.abc import Callable, Iterator

from django.db.models import QuerySet
from django.utils import timezone, translation

from hexie.core.scoping import scoped

from ..models import LaborContract

Status = LaborContract.Status
NOT_EXPORTED = (Status.DRAFT, Status.CANCELLED)  # not (yet) a contract between the parties
CHUNK = 2000


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _date(value) -> str | None:
    return None if value is None else value.isoformat()


def _datetime(value) -> str | None:
    return None if value is None else timezone.localtime(value).isoformat(timespec="seconds")


# (the model text's field name, value of a contract). The names follow the 劳动合同（通用）示范文本
# and LCL-17's mandatory clauses; the mapping is part of the export's contract with its readers.
FIELDS: list[tuple[str, Callable[[LaborContract], object]]] = [
    ("合同编号", lambda c: c.number),
    ("文书类型", lambda c: c.get_kind_display()),
    ("合同状态", lambda c: c.get_status_display()),
    ("订立方式", lambda c: c.get_change_kind_display()),
    ("变更或续订前合同编号", lambda c: c.supersedes.number if c.supersedes_id else None),
    ("用人单位名称", lambda c: c.enterprise.name),
    ("统一社会信用代码", lambda c: c.enterprise.uscc),
    ("用人单位住所", lambda c: c.enterprise.address),
    ("法定代表人", lambda c: c.enterprise.legal_representative),
    ("用人单位所在地区代码", lambda c: c.enterprise.region_id),
    ("劳动者姓名", lambda c: c.worker.name),
    ("劳动者身份证号码", lambda c: c.worker.id_masked),
    ("劳动者性别", lambda c: c.worker.get_sex_display()),
    ("劳动者住址", lambda c: c.worker_address),
    ("合同期限类型", lambda c: c.get_term_kind_display()),
    ("合同起始日期", lambda c: _date(c.start)),
    ("合同终止日期", lambda c: _date(c.end)),
    ("工作任务", lambda c: c.task or None),
    ("试用期截止日期", lambda c: _date(c.probation_end)),
    ("用工之日", lambda c: _date(c.first_work_day)),
    ("工作岗位", lambda c: c.position),
    ("工作内容", lambda c: c.job_description),
    ("工作地点", lambda c: c.work_place),
    ("工时制度", lambda c: c.get_hours_system_display()),
    ("休息休假", lambda c: c.rest),
    ("劳动报酬", lambda c: _money(c.wage)),
    ("工资形式", lambda c: c.get_wage_form_display()),
    ("试用期工资", lambda c: _money(c.probation_wage)),
    ("工资支付日", lambda c: c.payday),
    ("社会保险", lambda c: c.social_insurance),
    ("劳动保护、劳动条件和职业危害防护", lambda c: c.protection),
    ("劳动合同的变更、解除和终止", lambda c: c.termination_terms),
    ("双方约定的其他事项", lambda c: c.other_terms),
    ("纸质合同备案", lambda c: c.paper),
    ("生效时间", lambda c: _datetime(c.effective_at)),
    ("终止或解除日期", lambda c: _date(c.ended_on)),
    ("合同文件摘要", lambda c: c.sha256 or None),
]


def export_queryset(user, *, enterprise: int | None = None, region: str = "") -> QuerySet:
    """The contracts `user` may see (drafts and cancelled ones left out), of one enterprise or
    of a region prefix."""
    queryset = scoped(LaborContract.objects.exclude(status__in=NOT_EXPORTED), user)
    if enterprise:
        queryset = queryset.filter(enterprise_id=enterprise)
    if region:
        queryset = queryset.filter(enterprise__region__code__startswith=region)
    return queryset.select_related("enterprise", "worker", "supersedes").order_by("pk")


def contract_record(contract: LaborContract) -> dict:
    return {name: value(contract) for name, value in FIELDS}


def stream_json(queryset: QuerySet) -> Iterator[str]:
    """A JSON array of `contract_record`s, a piece at a time (labels in Chinese, whatever the
    request's language: the field names are the model text's)."""
    with translation.override("zh-hans"):
        yield "[\n"
        first = True
        for contract in queryset.iterator(chunk_size=CHUNK):
            text = json.dumps(contract_record(contract), ensure_ascii=False)
            yield text if first else ",\n" + text
            first = False
        yield "\n]\n"
