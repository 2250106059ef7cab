"""Dispute statistics API: the statistics page's figures and groups over the cases the caller may
see (definitions in services/statistics.py)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from hexie.core.api import READ, in_chinese
from hexie.core.schemas import IsoDate

from ..services import statistics

router = Router(tags=["dispute statistics"])


class DisputeStatisticsQuery(Schema):
    start: IsoDate | None = Field(None, description="起始日期（含），默认本年1月1日")
    end: IsoDate | None = Field(None, description="截止日期（含），默认今天")
    region: str | None = Field(None, description="地区代码前缀（省2位、市4位、县6位、乡镇9位）", pattern=r"^\d{2,9}$")


class RowOut(Schema):
    key: str = Field(description="地区代码前缀、争议事项、行业门类或月份（YYYY-MM）")
    label: str
    filed: int = Field(description="期间内收案数")
    mediated: int
    mediation_failed: int
    mediation_success_rate: Decimal | None = Field(description="调解成功率（%）")
    accepted: int = Field(description="期间内仲裁受理数")
    arbitration_closed: int = Field(description="期间内仲裁结案数（裁决、调解、撤回）")
    closure_rate: Decimal | None = Field(description="仲裁结案率（%）")


class DisputeStatisticsOut(Schema):
    start: date
    end: date
    on: date
    region: str
    filed: int
    collective: int
    mediated: int
    mediation_failed: int
    mediation_success_rate: Decimal | None
    accepted: int
    arbitration_closed: int
    closure_rate: Decimal | None
    closed: int
    average_days_to_close: Decimal | None
    overdue: int = Field(description="法定期限已过仍未办结的案件（截至今天）")
    court_consistent: int
    court_decided: int
    consistency_rate: Decimal | None = Field(description="裁审一致率（%）")
    headcount: int
    per_100_workers: Decimal | None = Field(description="每百名职工争议案件数")
    by_region: list[RowOut]
    by_cause: list[RowOut]
    by_industry: list[RowOut]
    by_month: list[RowOut]


@router.get("/statistics", response={200: DisputeStatisticsOut, **READ}, summary="劳动争议案件统计")
def dispute_statistics(request, query: Query[DisputeStatisticsQuery]):
    """Cases by region (one level below `region`), cause, industry and month; mediation success
    rate, closure rate, average days to close, overdue cases, court consistency rate and disputes
    per 100 workers — over the cases the caller may see."""
    start, end = statistics.default_range()
    start, end = query.start or start, query.end or end
    if start > end:
        with in_chinese():
            raise ValidationError({"start": _("起始日期不能晚于截止日期")})
    stats = statistics.user_statistics(request.user, start=start, end=end, region=query.region or "")
    return {
        "start": start,
        "end": end,
        "on": stats.on,
        "region": stats.prefix,
        **stats.figures(),
        **{
            name: [row.as_dict() for row in getattr(stats, name)]
            for name in ("by_region", "by_cause", "by_industry", "by_month")
        },
    }
