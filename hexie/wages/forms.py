"""Forms of the wages pages (projects, chain, roster, special account, allocations, deposits).
They only parse; the services check the rules and write."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hexie.core.models import Organization, Region

from .models import Deposit, Project, RosterEntry, Subcontract
from .services import projects as service

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
MONTH = {"widget": forms.DateInput(attrs={"type": "month"}), "input_formats": ["%Y-%m", "%Y-%m-%d"]}


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: field errors where the field exists."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, "；".join(error.messages))


class OrganizationIdField(forms.IntegerField):
    """An organization by its number (a select would list every company of the province)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"placeholder": _("组织编号")}))
        super().__init__(**kwargs)


def _region_choices(user) -> list[tuple[str, str]]:
    """Counties and townships where `user` is labor-office staff."""
    prefixes = service._labor_office_prefixes(user)
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(code__startswith=prefix)
    regions = Region.objects.filter(q, level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP]).order_by("code")
    return [(r.code, f"{r.code} {r.name}") for r in regions[:500]]


class ProjectForm(forms.Form):
    code = forms.CharField(label=_("项目编号"), max_length=32)
    name = forms.CharField(label=_("项目名称"), max_length=128)
    region = forms.ChoiceField(label=_("所在地区"))
    address = forms.CharField(label=_("项目地址"), max_length=255, required=False)
    construction_unit = OrganizationIdField(label=_("建设单位（组织编号）"))
    general_contractor = OrganizationIdField(label=_("施工总承包单位（组织编号）"))
    contract_amount = forms.DecimalField(label=_("合同金额（元）"), max_digits=14, decimal_places=2)
    labor_cost_share = forms.DecimalField(
        label=_("人工费用占比"), max_digits=5, decimal_places=4, initial=0, help_text=_("如 0.25 表示 25%")
    )
    starts_on = forms.DateField(label=_("开工日期"), **DATE)
    ends_on = forms.DateField(label=_("计划竣工日期"), **DATE)
    payday = forms.IntegerField(label=_("每月发薪日"), initial=15)
    grid_member = forms.ChoiceField(label=_("责任网格员"), required=False)
    wage_officer = forms.CharField(label=_("劳资专管员"), max_length=64, required=False)
    wage_officer_phone = forms.CharField(label=_("劳资专管员电话"), max_length=20, required=False)
    deposit_exempt = forms.BooleanField(label=_("免存工资保证金"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—"), *_region_choices(user)]
        members = service.grid_member_choices(user)
        self.fields["grid_member"].choices = [("", "—")] + [
            (u.pk, u.get_full_name() or u.username) for u in members[:500]
        ]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["grid_member"] = data.get("grid_member") or None
        return data

    @classmethod
    def initial_for(cls, project: Project) -> dict:
        return {
            **{name: getattr(project, name) for name in service.PROJECT_FIELDS if name in cls.base_fields},
            "region": project.region_id,
            "construction_unit": project.construction_unit_id,
            "general_contractor": project.general_contractor_id,
            "grid_member": project.grid_member_id or "",
        }


class BoardForm(forms.Form):
    """What the general contractor keeps up to date: the wage officer and the board (WPR-28/34)."""

    wage_officer = forms.CharField(label=_("劳资专管员"), max_length=64, required=False)
    wage_officer_phone = forms.CharField(label=_("劳资专管员电话"), max_length=20, required=False)
    notice_board = forms.BooleanField(label=_("已设立维权信息告示牌"), required=False)
    photo = forms.FileField(label=_("告示牌照片（.jpg / .png）"), required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=Project.Status.choices)
    on = forms.DateField(label=_("日期"), required=False, **DATE)


class SubcontractForm(forms.Form):
    subcontractor = OrganizationIdField(label=_("分包单位（组织编号）"))
    kind = forms.ChoiceField(label=_("分包类型"), choices=Subcontract.Kind.choices)
    parent = forms.ChoiceField(label=_("上级单位"), required=False)
    amount = forms.DecimalField(label=_("分包金额（元）"), max_digits=14, decimal_places=2, required=False)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        links = project.subcontracts.select_related("subcontractor").exclude(kind=Subcontract.Kind.LABOR)
        self.fields["parent"].choices = [("", _("施工总承包单位"))] + [
            (link.pk, link.subcontractor.name) for link in links
        ]


class EnrollForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64)
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    phone = forms.CharField(label=_("手机号"), max_length=11, required=False)
    employer = forms.ChoiceField(label=_("用工单位"))
    badge = forms.CharField(label=_("考勤工号"), max_length=32)
    trade = forms.CharField(label=_("工种"), max_length=32, required=False)
    rate = forms.DecimalField(label=_("约定工资（元）"), max_digits=14, decimal_places=2)
    rate_kind = forms.ChoiceField(label=_("计薪方式"), choices=RosterEntry.RateKind.choices)
    bank_account = forms.CharField(label=_("工资卡号"), max_length=32, required=False)
    enrolled_on = forms.DateField(label=_("进场日期"), **DATE)
    contract_signed = forms.BooleanField(label=_("已签订劳动合同"), required=False)

    def __init__(self, *args, user, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = service.chain_employers(user, project)
        orgs = Organization.objects.filter(pk__in=allowed).order_by("name")
        self.fields["employer"].choices = [(o.pk, o.name) for o in orgs]


class EntryForm(forms.Form):
    trade = forms.CharField(label=_("工种"), max_length=32, required=False)
    rate = forms.DecimalField(label=_("约定工资（元）"), max_digits=14, decimal_places=2)
    rate_kind = forms.ChoiceField(label=_("计薪方式"), choices=RosterEntry.RateKind.choices)
    bank_account = forms.CharField(
        label=_("工资卡号"), max_length=32, required=False, help_text=_("留空则不修改；保存时脱敏")
    )
    contract_signed = forms.BooleanField(label=_("已签订劳动合同"), required=False)


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("退场日期"), **DATE)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("花名册文件（.xlsx / .csv）"))


class AccountForm(forms.Form):
    bank = forms.CharField(label=_("开户银行"), max_length=64)
    account_number = forms.CharField(label=_("账号"), max_length=32, help_text=_("保存时脱敏，只保留前后四位"))
    opened_on = forms.DateField(label=_("开户日期"), **DATE)


class DayForm(forms.Form):
    on = forms.DateField(label=_("日期"), required=False, **DATE)


class ScheduleForm(forms.Form):
    month = forms.DateField(label=_("月份"), **MONTH)
    scheduled = forms.DecimalField(label=_("应拨金额（元）"), max_digits=14, decimal_places=2)


class AllocationForm(forms.Form):
    month = forms.DateField(label=_("月份"), **MONTH)
    paid = forms.DecimalField(label=_("实拨金额（元）"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(label=_("拨付日期"), **DATE)
    bank_reference = forms.CharField(label=_("银行流水号"), max_length=64)


class DepositForm(forms.Form):
    form = forms.ChoiceField(label=_("存储形式"), choices=Deposit.Form.choices)
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=14, decimal_places=2)
    bank = forms.CharField(label=_("银行或担保机构"), max_length=64, required=False)
    guarantee_number = forms.CharField(label=_("保函编号"), max_length=64, required=False)
    deposited_on = forms.DateField(label=_("存储日期"), **DATE)
    expires_on = forms.DateField(label=_("到期日期"), required=False, **DATE)


class UseDepositForm(forms.Form):
    amount = forms.DecimalField(label=_("动用金额（元）"), max_digits=14, decimal_places=2)


class StatisticsForm(forms.Form):
    by = forms.ChoiceField(
        label=_("统计口径"), choices=[("region", _("按地区")), ("month", _("按月份"))], required=False
    )
    region = forms.ChoiceField(label=_("地区"), required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        from hexie.core.views.generic import region_choices

        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("全部")), *region_choices(user)]

    def values(self) -> dict:
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"by": data.get("by") or "region", "region": data.get("region") or "", "year": data.get("year")}
