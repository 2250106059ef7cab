"""The wage-supervision statistics page and its .xlsx export: by region (drilling down from city
to county to township) or by month of a year, within what the user may see. Definitions live in
services/statistics.py."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core.exports import Column, xlsx_response

from ..forms import StatisticsForm
from ..services import statistics as service

COLUMNS = [
    Column(gettext_lazy("地区或月份"), "label"),
    Column(gettext_lazy("在监管项目"), "projects", kind="number"),
    Column(gettext_lazy("已开设专户"), "with_account", kind="number"),
    Column(gettext_lazy("专户开设率（%）"), "account_coverage", kind="number"),
    Column(gettext_lazy("已存保证金"), "with_deposit", kind="number"),
    Column(gettext_lazy("保证金存储率（%）"), "deposit_coverage", kind="number"),
    Column(gettext_lazy("在册工人"), "enrolled", kind="number"),
    Column(gettext_lazy("登记完整"), "complete", kind="number"),
    Column(gettext_lazy("实名制登记完整率（%）"), "enrolment_rate", kind="number"),
    Column(gettext_lazy("应拨人工费用（元）"), "scheduled", kind="money"),
    Column(gettext_lazy("实拨人工费用（元）"), "allocated", kind="money"),
    Column(gettext_lazy("人工费用拨付率（%）"), "allocation_rate", kind="number"),
    Column(gettext_lazy("应发工资（元）"), "payroll", kind="money"),
    Column(gettext_lazy("已发放工资（元）"), "paid_out", kind="money"),
    Column(gettext_lazy("工资发放率（%）"), "payout_rate", kind="number"),
    Column(gettext_lazy("未解除预警"), "warnings_open", kind="number"),
    Column(gettext_lazy("已解除预警"), "warnings_closed", kind="number"),
    Column(gettext_lazy("拖欠金额（元）"), "amount_owed", kind="money"),
    Column(gettext_lazy("涉及人数"), "workers_owed", kind="number"),
    Column(gettext_lazy("追回金额（元）"), "recovered", kind="money"),
]


def _figures(request):
    form = StatisticsForm(request.GET or None, user=request.user)
    params = form.values()
    today = timezone.localdate()
    rows, total = service.statistics(
        request.user, by=params["by"], region=params["region"], year=params["year"], on=today
    )
    return form, params, rows, total, today


@login_required
def statistics(request):
    form, params, rows, total, today = _figures(request)
    chart = None
    shown = [r for r in rows if r.projects or r.scheduled or r.payroll or r.warnings_open or r.warnings_closed]
    if shown:
        chart = {
            "title": _("欠薪预警与工资发放"),
            "categories": [r.label for r in shown[:30]],
            "series": [
                {"name": _("未解除预警"), "data": [r.warnings_open for r in shown[:30]]},
                {"name": _("工资发放率（%）"), "data": [float(r.payout_rate or 0) for r in shown[:30]]},
                {"name": _("人工费用拨付率（%）"), "data": [float(r.allocation_rate or 0) for r in shown[:30]]},
            ],
        }
    context = {
        "title": _("农民工工资支付监管统计"),
        "form": form,
        "params": params,
        "rows": rows,
        "total": total,
        "chart": chart,
        "on": today,
        "query": request.GET.urlencode(),
        "breadcrumbs": service.breadcrumbs(request.user, params["region"]) if params["by"] == "region" else [],
    }
    return render(request, "wages/statistics.html", context)


@login_required
def statistics_export(request):
    _form, _params, rows, total, _today = _figures(request)
    return xlsx_response([*rows, total], COLUMNS, "wage-statistics", _("农民工工资支付监管统计"))
