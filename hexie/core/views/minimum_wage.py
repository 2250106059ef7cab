"""The minimum-wage table (最低工资标准): everyone logged in reads it; staff of a provincial office
(or a superuser) add and delete rows. Lookups go through `hexie.core.minimum_wage`."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..minimum_wage import HOURS_PER_DAY, MONTHLY_WORKDAYS, standard_on
from ..models import MinimumWage, Region
from ..scoping import scoped
from .calendar import is_province_staff

# The hourly standard includes the employer's contributions and an adjustment factor, so it lies
# above monthly ÷ 20.92 ÷ 8; outside this ratio the figure is probably a typing error (warn only).
HOURLY_RATIO = (Decimal("1.0"), Decimal("2.2"))


class DateInput(forms.DateInput):
    input_type = "date"


class MinimumWageForm(forms.ModelForm):
    """One row of the table: a region (province, city or county), its tier and both amounts."""

    class Meta:
        model = MinimumWage
        fields = ["region", "tier", "monthly", "hourly", "effective_from", "source", "confirmed"]
        widgets = {"effective_from": DateInput()}
        help_texts = {
            "region": gettext_lazy("适用于该地区及其下级地区，下级地区另有标准的除外"),
            "source": gettext_lazy("发布文件的文号，例如：鲁政字〔2023〕号"),
            "confirmed": gettext_lazy("已与正式发布的文件核对"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.exclude(level=Region.Level.TOWNSHIP).order_by("code")

    def clean_monthly(self):
        monthly = self.cleaned_data["monthly"]
        if monthly is not None and monthly <= 0:
            raise forms.ValidationError(_("金额必须大于零"))
        return monthly

    def clean_hourly(self):
        hourly = self.cleaned_data["hourly"]
        if hourly is not None and hourly <= 0:
            raise forms.ValidationError(_("金额必须大于零"))
        return hourly

    def clean(self):
        cleaned = super().clean()
        region, effective_from = cleaned.get("region"), cleaned.get("effective_from")
        if (
            region
            and effective_from
            and MinimumWage.objects.filter(region=region, effective_from=effective_from).exists()
        ):
            self.add_error("effective_from", _("该地区在这一日期已有最低工资标准"))
        return cleaned

    def hourly_warning(self) -> str | None:
        """A warning when the hourly figure looks inconsistent with the monthly one (not an error)."""
        monthly, hourly = self.cleaned_data.get("monthly"), self.cleaned_data.get("hourly")
        if not monthly or not hourly:
            return None
        ratio = hourly / (monthly / MONTHLY_WORKDAYS / HOURS_PER_DAY)
        if HOURLY_RATIO[0] <= ratio <= HOURLY_RATIO[1]:
            return None
        return _("小时最低工资 %(hourly)s 元与月最低工资 %(monthly)s 元不太相称，请核对") % {
            "hourly": hourly,
            "monthly": monthly,
        }


def _denied():
    return PermissionDenied(_("只有省级三方办工作人员可以维护最低工资标准"))


@login_required
def minimum_wage_list(request):
    editor = is_province_staff(request.user)
    form = MinimumWageForm(initial={"tier": MinimumWage.Tier.FIRST, "effective_from": timezone.localdate()})
    if request.method == "POST":
        if not editor:
            raise _denied()
        form = MinimumWageForm(request.POST)
        if form.is_valid():
            row = form.save(commit=False)
            row.created_by = request.user
            row.save()
            messages.success(request, _("已添加 %(row)s") % {"row": row})
            if warning := form.hourly_warning():
                messages.warning(request, warning)
            return redirect("minimum-wage-list")
    rows = scoped(MinimumWage.objects.select_related("region"), request.user).order_by("region_id", "-effective_from")
    lookup_code = (request.GET.get("region") or "").strip()
    lookup = None
    if lookup_code.isdigit() and len(lookup_code) in (6, 9):
        region = Region.objects.filter(code=lookup_code).first()
        if region:
            lookup = {
                "region": region,
                "today": timezone.localdate(),
                "row": standard_on(region.code, timezone.localdate()),
            }
    context = {"rows": rows, "editor": editor, "form": form, "lookup": lookup, "lookup_code": lookup_code}
    return render(request, "core/minimum_wage.html", context)


@login_required
@require_POST
def minimum_wage_delete(request, pk: int):
    if not is_province_staff(request.user):
        raise _denied()
    row = get_object_or_404(MinimumWage, pk=pk)
    row.delete()
    messages.success(request, _("已删除 %(row)s") % {"row": row})
    return redirect("minimum-wage-list")
