"""Wage-supervision statistics API: the figures of the statistics page by region or by month,
within what the caller may see (definitions in services/statistics.py)."""

from decimal import Decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from hexie.core.api import READ
from hexie.core.schemas import IsoDate

from ..services import statistics as service

router = Router(tags=["wage statistics"])


class WageStatisticsQuery(Schema):
    by: Literal["region", "month"] = Field("region", description="按地区（下一级）或按月份")
    region: str | None = Field(None, description="地区代码前缀（省2位、市4位、县6位、乡镇9位）", pattern=r"^\d{2,9}$")
    year: int | None = Field(None, ge=2000, le=2100, description="按月份统计的年度，默认今年")
    on: IsoDate | None = Field(None, description="统计日期，默认今天")


class WageFiguresOut(Schema):
    key: str = Field(description="地区代码前缀或月份（YYYY-MM）")
    label: str
    projects: int = Field(description="在监管项目（未销户）")
    with_account: int
    account_coverage: Decimal | None = Field(description="专户开设率（%）")
    with_deposit: int
    deposit_coverage: Decimal | None = Field(description="保证金存储率（%，含免存）")
    enrolled: int
    complete: int
    enrolment_rate: Decimal | None = Field(description="实名制登记完整率（%）")
    scheduled: Decimal
    allocated: Decimal
    allocation_rate: Decimal | None = Field(description="人工费用拨付率（%）")
    payroll: Decimal
    paid_out: Decimal
    payout_rate: Decimal | None = Field(description="工资发放率（%）")
    warnings_open: int
    warnings_closed: int
    amount_owed: Decimal
    workers_owed: int
    recovered: Decimal = Field(description="追回金额：投诉已支付金额 + 已解除的欠薪预警金额")


class WageStatisticsOut(Schema):
    by: str
    region: str
    on: IsoDate
    rows: list[WageFiguresOut]
    total: WageFiguresOut


@router.get("/statistics", response={200: WageStatisticsOut, **READ}, summary="农民工工资支付监管统计")
def wage_statistics(request, query: Query[WageStatisticsQuery]):
    on = query.on or timezone.localdate()
    rows, total = service.statistics(request.user, by=query.by, region=query.region or "", year=query.year, on=on)
    return {
        "by": query.by,
        "region": query.region or service.region_prefix_of(request.user),
        "on": on,
        "rows": [r.as_dict() for r in rows],
        "total": total.as_dict(),
    }
