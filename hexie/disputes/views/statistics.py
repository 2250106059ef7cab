"""Dispute statistics page (劳动争议案件统计) and its .xlsx export. Definitions live in
services/statistics.py; the figures are computed over the cases the user may see (`scoped`).
Staff drill down from their region to the areas one level below."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core.exports import Column, xlsx_response
from hexie.core.models import Region
from hexie.core.views.generic import region_choices

from ..services import statistics as service

COLUMNS = [
    Column(gettext_lazy("分组"), "group"),
    Column(gettext_lazy("名称"), "label"),
    Column(gettext_lazy("收案数"), "filed", kind="number"),
    Column(gettext_lazy("调解成功"), "mediated", kind="number"),
    Column(gettext_lazy("调解未成功"), "mediation_failed", kind="number"),
    Column(gettext_lazy("调解成功率（%）"), "mediation_success_rate", kind="number"),
    Column(gettext_lazy("仲裁受理"), "accepted", kind="number"),
    Column(gettext_lazy("仲裁结案"), "arbitration_closed", kind="number"),
    Column(gettext_lazy("结案率（%）"), "closure_rate", kind="number"),
]
FIGURE_LABELS = {
    "filed": gettext_lazy("收案数"),
    "collective": gettext_lazy("集体争议"),
    "mediated": gettext_lazy("调解成功"),
    "mediation_failed": gettext_lazy("调解未成功"),
    "mediation_success_rate": gettext_lazy("调解成功率（%）"),
    "accepted": gettext_lazy("仲裁受理"),
    "arbitration_closed": gettext_lazy("仲裁结案"),
    "closure_rate": gettext_lazy("仲裁结案率（%）"),
    "closed": gettext_lazy("结案数"),
    "average_days_to_close": gettext_lazy("平均结案天数"),
    "overdue": gettext_lazy("超期案件"),
    "court_consistent": gettext_lazy("法院裁判与裁决一致"),
    "court_decided": gettext_lazy("法院已裁判"),
    "consistency_rate": gettext_lazy("裁审一致率（%）"),
    "headcount": gettext_lazy("职工人数"),
    "per_100_workers": gettext_lazy("每百名职工争议案件数"),
}


class StatisticsForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("起始日期"), required=False)
    end = forms.DateField(label=gettext_lazy("截止日期"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("地区"), required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, default in zip(("start", "end"), service.default_range(), strict=True):
            self.fields[name].widget.input_type = "date"
            self.fields[name].initial = default
        regions = region_choices(user)
        if regions:
            self.fields["region"].choices = [("", _("全部")), *regions]
        else:
            del self.fields["region"]

    def values(self) -> dict:
        if self.is_bound:
            self.is_valid()  # an invalid field is left out; the valid ones still apply
        data = getattr(self, "cleaned_data", {})
        start, end = service.default_range()
        start, end = data.get("start") or start, data.get("end") or end
        if start > end:
            start, end = end, start
        return {"start": start, "end": end, "region": data.get("region") or ""}


def _statistics(request):
    form = StatisticsForm(request.user, request.GET or None)
    params = form.values()
    stats = service.user_statistics(request.user, start=params["start"], end=params["end"], region=params["region"])
    return form, params, stats


def _breadcrumbs(request, prefix: str) -> list[tuple[str, str]]:
    own = service.region_prefix_of(request.user)
    crumbs = []
    for length in (2, 4, 6, 9):
        if len(own) <= length <= len(prefix):
            code = prefix[:length]
            region = Region.objects.filter(code=code.ljust(6, "0") if length <= 6 else code).first()
            crumbs.append((code, region.name if region else code))
    return crumbs


def _chart(stats) -> dict | None:
    if not stats.by_month:
        return None
    return {
        "title": _("按月收案和调解情况"),
        "categories": [r.label for r in stats.by_month],
        "series": [
            {"name": _("收案数"), "data": [r.filed for r in stats.by_month]},
            {"name": _("调解成功"), "data": [r.mediated for r in stats.by_month]},
            {"name": _("调解未成功"), "data": [r.mediation_failed for r in stats.by_month]},
        ],
    }


def _query(params: dict, **change) -> str:
    values = {**params, **change}
    parts = [f"start={values['start']:%Y-%m-%d}", f"end={values['end']:%Y-%m-%d}"]
    if values.get("region"):
        parts.append(f"region={values['region']}")
    return "&".join(parts)


@login_required
def statistics(request):
    form, params, stats = _statistics(request)
    for row in stats.by_region:
        row.query = _query(params, region=row.key)
    return render(
        request,
        "disputes/statistics/page.html",
        {
            "title": _("劳动争议案件统计"),
            "form": form,
            "params": params,
            "stats": stats,
            "chart": _chart(stats),
            "query": _query(params),
            "breadcrumbs": [
                (code, name, _query(params, region=code)) for code, name in _breadcrumbs(request, stats.prefix)
            ]
            if service.region_prefix_of(request.user) or stats.prefix
            else [],
            "groups": [
                ("region", _("按地区"), stats.by_region),
                ("cause", _("按争议事项"), stats.by_cause),
                ("industry", _("按行业"), stats.by_industry),
                ("month", _("按月份"), stats.by_month),
            ],
        },
    )


class _Line:
    """One line of the export: a headline figure (in the 收案数 column) or a group's row."""

    def __init__(self, group: str, row=None, label: str = "", value=None):
        self.group = group
        for column in COLUMNS[2:]:
            setattr(self, column.path, None)
        if row is not None:
            self.__dict__.update(row.as_dict())
        else:
            self.label = label
            self.filed = value


@login_required
def statistics_export(request):
    _form, params, stats = _statistics(request)
    lines = [_Line(_("汇总"), label=str(FIGURE_LABELS[k]), value=v) for k, v in stats.figures().items()]
    for group, rows in (
        (_("按地区"), stats.by_region),
        (_("按争议事项"), stats.by_cause),
        (_("按行业"), stats.by_industry),
        (_("按月份"), stats.by_month),
    ):
        lines += [_Line(str(group), row) for row in rows]
    lines.insert(0, _Line(_("统计期间"), label=f"{params['start']:%Y-%m-%d} — {params['end']:%Y-%m-%d}"))
    return xlsx_response(lines, COLUMNS, "dispute-statistics", _("劳动争议案件统计"))
