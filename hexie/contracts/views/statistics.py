"""Coverage statistics pages (劳动合同签订情况) and the JSON export download.

Staff see their region, drilling down from city to county to township; enterprise HR their
enterprise; the same rows go to .xlsx. Definitions live in services/statistics.py.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core.exports import Column, xlsx_response
from hexie.core.models import Industry, Organization, Region
from hexie.core.scoping import scoped, user_scope
from hexie.core.views.generic import region_choices

from ..services import statistics as service
from ..services.export import export_queryset, stream_json

GROUP_CHOICES = [
    ("region", gettext_lazy("按地区")),
    ("industry", gettext_lazy("按行业")),
    ("enterprise", gettext_lazy("按企业")),
]
ENTERPRISE_ROWS = 500  # the page lists the enterprises with the lowest rates; the export has them all

COLUMNS = [
    Column(gettext_lazy("名称"), "label"),
    Column(gettext_lazy("应签人数"), "employed", kind="number"),
    Column(gettext_lazy("已签订"), "signed", kind="number"),
    Column(gettext_lazy("未签订"), "unsigned", kind="number"),
    Column(gettext_lazy("签订率（%）"), "rate", kind="number"),
    Column(gettext_lazy("超过一个月未签订"), "unsigned_past_month", kind="number"),
    Column(gettext_lazy("30日内到期"), "expiring", kind="number"),
    Column(gettext_lazy("平台劳动者"), "platform_workers", kind="number"),
    Column(gettext_lazy("已签书面协议"), "platform_signed", kind="number"),
    Column(gettext_lazy("协议签订率（%）"), "platform_rate", kind="number"),
]


class StatisticsForm(forms.Form):
    group = forms.ChoiceField(label=gettext_lazy("统计口径"), choices=GROUP_CHOICES, required=False)
    region = forms.ChoiceField(label=gettext_lazy("地区"), required=False)
    industry = forms.ChoiceField(label=gettext_lazy("行业"), required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = region_choices(user)
        # Staff start from their region's areas; an enterprise user from their enterprise(s).
        self.default_group = "region" if regions else "enterprise"
        self.fields["group"].initial = self.default_group
        if regions:
            self.fields["region"].choices = [("", _("全部")), *regions]
        else:
            del self.fields["region"]
        self.fields["industry"].choices = [("", _("全部")), *Industry.choices]

    def values(self) -> dict:
        if self.is_bound:
            self.is_valid()  # an invalid field is left out; the valid ones still apply
        data = getattr(self, "cleaned_data", {})
        return {
            "group": data.get("group") or self.default_group,
            "region": data.get("region") or "",
            "industry": data.get("industry") or "",
        }


def _rows(request):
    form = StatisticsForm(request.user, request.GET or None)
    params = form.values()
    rows = service.user_statistics(
        request.user, group=params["group"], region=params["region"], industry=params["industry"]
    )
    if params["group"] == "enterprise":
        rows.sort(key=lambda r: (r.rate if r.rate is not None else 101, -r.employed))
    return form, params, rows


def _drill_down(params: dict, rows: list) -> None:
    """Links one level down for region rows that have one (not own-level rows, not townships)."""
    for row in rows:
        row.drill = (
            params["group"] == "region" and not row.own_level and len(row.key) < 9 and row.key != params["region"]
        )


def _breadcrumbs(request, prefix: str) -> list[tuple[str, str]]:
    """(prefix, name) from the user's own region down to `prefix`."""
    own = service.region_prefix_of(request.user)
    crumbs = []
    for length in (2, 4, 6, 9):
        if len(own) <= length <= len(prefix):
            code = prefix[:length]
            region = Region.objects.filter(code=code.ljust(6, "0") if length <= 6 else code).first()
            crumbs.append((code, region.name if region else code))
    return crumbs


@login_required
def statistics(request):
    form, params, rows = _rows(request)
    total = service.totals(rows)
    shown = rows[:ENTERPRISE_ROWS] if params["group"] == "enterprise" else rows
    _drill_down(params, shown)
    chart_rows = [r for r in shown if r.employed][:30]
    chart = None
    if chart_rows and params["group"] != "enterprise":
        chart = {
            "title": _("劳动合同签订率"),
            "categories": [r.label for r in chart_rows],
            "series": [
                {"name": _("签订率（%）"), "data": [float(r.rate) for r in chart_rows]},
                {"name": _("超过一个月未签订"), "data": [r.unsigned_past_month for r in chart_rows]},
            ],
        }
    return render(
        request,
        "contracts/stats_page.html",
        {
            "title": _("劳动合同签订情况"),
            "form": form,
            "params": params,
            "rows": shown,
            "more": len(rows) - len(shown),
            "total": total,
            "chart": chart,
            "on": timezone.localdate(),
            "query": request.GET.urlencode(),
            "breadcrumbs": _breadcrumbs(request, params["region"]) if params["group"] == "region" else [],
            "export_enterprises": _export_choices(request.user),
        },
    )


@login_required
def statistics_export(request):
    _form, params, rows = _rows(request)
    rows = [*rows, service.totals(rows)]
    return xlsx_response(rows, COLUMNS, "contract-statistics", _("劳动合同签订情况"))


def _export_choices(user) -> list:
    """The enterprises an enterprise user may export (staff export by region)."""
    if service.region_prefix_of(user) or user_scope(user).everything:
        return []
    return list(
        scoped(Organization.objects.filter(kind=Organization.Kind.ENTERPRISE), user)
        .order_by("name")[:50]
        .values("pk", "name")
    )


def json_response(queryset, filename: str) -> StreamingHttpResponse:
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = StreamingHttpResponse(stream_json(queryset), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.json"'
    return response


@login_required
def contract_export_json(request):
    """合同数据导出 (JSON, the model text's field names): ?enterprise=<id> or ?region=<prefix>."""
    enterprise = request.GET.get("enterprise", "")
    region = request.GET.get("region", "")
    queryset = export_queryset(
        request.user,
        enterprise=int(enterprise) if enterprise.isdigit() else None,
        region=region if region.isdigit() else "",
    )
    return json_response(queryset, "contracts")
