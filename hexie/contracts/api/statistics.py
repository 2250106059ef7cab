"""Contract statistics and the JSON export API: signing rates by region, industry or enterprise,
and the contracts as JSON with the model text's field names."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import StreamingHttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from hexie.core.api import READ
from hexie.core.schemas import IsoDate

from ..services import export, statistics

router = Router(tags=["contracts"])


class StatisticsQuery(Schema):
    region: str | None = Field(None, description="地区代码前缀（省2位、市4位、县6位、乡镇9位）", pattern=r"^\d{2,9}$")
    group: Literal["region", "industry", "enterprise"] = Field("region", description="按地区（下一级）、行业或企业分组")
    industry: str | None = Field(None, description="行业门类（GB/T 4754）", pattern=r"^[A-T]$")
    on: IsoDate | None = Field(None, description="统计日期，默认今天")


class StatisticsRowOut(Schema):
    key: str = Field(description="地区代码前缀、行业门类或企业编号")
    label: str
    employed: int = Field(description="应签劳动合同人数（在岗劳动合同用工）")
    signed: int = Field(description="劳动合同履行中的人数")
    unsigned: int
    rate: Decimal | None = Field(description="签订率（%），无在岗人员时为 null")
    unsigned_past_month: int = Field(description="入职超过一个月仍未签订")
    expiring: int = Field(description="30日内到期的合同")
    platform_workers: int = Field(description="平台网约劳动者（单列）")
    platform_signed: int
    platform_rate: Decimal | None


class StatisticsOut(Schema):
    group: str
    region: str
    on: date
    rows: list[StatisticsRowOut]
    total: StatisticsRowOut


@router.get(
    "/statistics", response={200: StatisticsOut, **READ}, tags=["contract statistics"], summary="劳动合同签订情况统计"
)
def contract_statistics(request, query: Query[StatisticsQuery]):
    """Signing rate, unsigned workers past one month, contracts expiring within 30 days and platform
    agreements, per region one level below `region`, per industry or per enterprise — within what
    the caller may see."""
    on = query.on or timezone.localdate()
    rows = statistics.user_statistics(
        request.user, group=query.group, region=query.region or "", on_date=on, industry=query.industry or ""
    )
    return {
        "group": query.group,
        "region": query.region or statistics.region_prefix_of(request.user),
        "on": on,
        "rows": [row.as_dict() for row in rows],
        "total": statistics.totals(rows).as_dict(),
    }


class ExportQuery(Schema):
    enterprise: int | None = Field(None, ge=1, le=2**31 - 1, description="企业编号")
    region: str | None = Field(None, pattern=r"^\d{2,9}$", description="地区代码前缀")


@router.get(
    "/export",
    response={**READ},
    tags=["contract statistics"],
    summary="合同数据导出（JSON，示范文本字段名）",
    openapi_extra={"responses": {"200": {"description": "JSON 数组，字段名见 services/export.py FIELDS"}}},
)
def export_contracts(request, query: Query[ExportQuery]):
    """Contracts (not drafts or cancelled ones) of an enterprise or a region as a streamed JSON
    array with the model text's Chinese field names; ID numbers masked."""
    queryset = export.export_queryset(request.user, enterprise=query.enterprise, region=query.region or "")
    return StreamingHttpResponse(export.stream_json(queryset), content_type="application/json; charset=utf-8")
