"""Forms of the core pages (the holiday calendar, API tokens, the audit-log filter) and what every
app's forms share: `apply_errors` puts a service's ValidationError on the form's fields."""

from datetime import date

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, CalendarDay, CalendarYear


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's `error` on `form`: each field's messages on that field when the form has
    it, the rest (and a message with no field) above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, "；".join(error.messages))


class DateInput(forms.DateInput):
    input_type = "date"


class CalendarDayForm(forms.ModelForm):
    """One statutory holiday or make-up working day (调休上班日) of the official schedule."""

    class Meta:
        model = CalendarDay
        fields = ["day", "kind", "name"]
        widgets = {"day": DateInput()}

    def clean(self):
        cleaned = super().clean()
        day, kind, name = cleaned.get("day"), cleaned.get("kind"), (cleaned.get("name") or "").strip()
        if day and kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
            self.add_error("day", _("调休上班日必须是周六或周日"))
        if kind == CalendarDay.Kind.HOLIDAY and not name:
            self.add_error("name", _("法定节假日请填写节日名称"))
        if day and not (2000 <= day.year <= timezone.localdate().year + 2):
            self.add_error("day", _("只能录入 2000 年至后年之间的日期"))
        return cleaned


class CalendarYearForm(forms.Form):
    """Mark a year's schedule as the official one (deadlines touching it are no longer provisional)."""

    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    source = forms.CharField(label=_("来源"), max_length=64, initial=_("国务院办公厅通知"))

    def clean_year(self):
        year = self.cleaned_data["year"]
        if CalendarYear.objects.filter(year=year).exists():
            raise forms.ValidationError(_("%(year)s 年已是正式安排") % {"year": year})
        if not CalendarDay.objects.filter(
            day__gte=date(year, 1, 1), day__lte=date(year, 12, 31), kind=CalendarDay.Kind.HOLIDAY
        ).exists():
            raise forms.ValidationError(_("请先录入 %(year)s 年的法定节假日") % {"year": year})
        return year

    def save(self) -> CalendarYear:
        return CalendarYear.objects.create(year=self.cleaned_data["year"], source=self.cleaned_data["source"])


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=64, help_text=_("例如：数据对接脚本"))
    expires = forms.DateField(label=_("过期日期"), required=False, widget=DateInput())

    def clean_expires(self):
        expires = self.cleaned_data.get("expires")
        if expires and expires <= timezone.localdate():
            raise forms.ValidationError(_("过期日期必须晚于今天"))
        return expires

    def save(self, user) -> tuple[ApiToken, str]:
        return ApiToken.issue(user, self.cleaned_data["name"], self.cleaned_data.get("expires"))


class AuditFilterForm(forms.Form):
    ACTIONS = [
        ("", _("全部")),
        (str(LogEntry.Action.CREATE), _("新增")),
        (str(LogEntry.Action.UPDATE), _("修改")),
        (str(LogEntry.Action.DELETE), _("删除")),
        (str(LogEntry.Action.ACCESS), _("访问")),
    ]

    q = forms.CharField(label=_("对象"), required=False, max_length=100)
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    model = forms.ModelChoiceField(
        label=_("数据类型"), required=False, queryset=ContentType.objects.none(), empty_label=_("全部")
    )
    action = forms.ChoiceField(label=_("操作"), required=False, choices=ACTIONS)
    since = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    until = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        used = LogEntry.objects.order_by().values("content_type").distinct()
        self.fields["model"].queryset = ContentType.objects.filter(pk__in=used).order_by("app_label", "model")
        self.fields["model"].label_from_instance = lambda ct: (
            str(ct.model_class()._meta.verbose_name) if ct.model_class() else ct.model
        )

    def filter(self, entries):
        if not self.is_bound or not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["q"]:
            entries = entries.filter(object_repr__icontains=data["q"])
        if data["actor"]:
            entries = entries.filter(actor__username__icontains=data["actor"])
        if data["model"]:
            entries = entries.filter(content_type=data["model"])
        if data["action"] != "":
            entries = entries.filter(action=int(data["action"]))
        if data["since"]:
            entries = entries.filter(timestamp__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(timestamp__date__lte=data["until"])
        return entries
