"""Forms of rounds, applications, self-assessments, sign-offs and 公示 objections. They parse and
validate input; the services in `services/applications.py` decide and write."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexie.core.models import Organization

from .models import Indicator, IndicatorSystem, Level, Round, Signoff
from .services.applications import OBJECTION_MAX, applicant_organizations, leaf_indicators

YES_NO = [("", "—"), ("yes", _("是")), ("no", _("否"))]


class RoundForm(forms.ModelForm):
    quota_county = forms.IntegerField(label=_("县级名额"), min_value=0, required=False)
    quota_city = forms.IntegerField(label=_("市级名额"), min_value=0, required=False)
    quota_province = forms.IntegerField(label=_("省级名额"), min_value=0, required=False)

    class Meta:
        model = Round
        fields = ["name", "year", "subject_kind", "system", "opens", "closes"]
        widgets = {"opens": forms.DateInput(attrs={"type": "date"}), "closes": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["system"].queryset = IndicatorSystem.objects.filter(status=IndicatorSystem.Status.PUBLISHED)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
        for level in Level:
            self.fields[f"quota_{level.value}"].initial = self.instance.quota(level.value) if self.instance.pk else None

    def _post_clean(self):
        pass  # the service validates the model (after the region is set), not the form

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["quotas"] = {
            level.value: self.cleaned_data[f"quota_{level.value}"]
            for level in Level
            if self.cleaned_data.get(f"quota_{level.value}") is not None
        }
        return data


class ApplicationCreateForm(forms.Form):
    round = forms.ModelChoiceField(label=_("批次"), queryset=Round.objects.none())
    organization = forms.ModelChoiceField(label=_("申报单位"), queryset=Organization.objects.none())
    level = forms.ChoiceField(label=_("申报层级"), choices=Level.choices)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = Round.objects.select_related("region")
        if not self.is_bound:  # offer the open rounds; a closed one posted anyway gets the service's error
            today = timezone.localdate()
            rounds = rounds.filter(opens__lte=today, closes__gte=today)
        self.fields["round"].queryset = rounds
        self.fields["organization"].queryset = applicant_organizations(user)


class AssessmentForm(forms.Form):
    """One page over the whole tree: a value, a note and an evidence file per scored indicator."""

    def __init__(self, system: IndicatorSystem, answers: dict, *args, readonly: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaves = leaf_indicators(system)
        for indicator in self.leaves:
            answer = answers.get(indicator.pk)
            value = answer.value if answer else None
            self.fields[f"value_{indicator.pk}"] = self._value_field(indicator, value)
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=_("说明"),
                required=False,
                max_length=2000,
                initial=answer.note if answer else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"evidence_{indicator.pk}"] = forms.FileField(
                label=_("佐证材料"),
                required=False,
                help_text=indicator.evidence_hint or _("PDF、JPG、PNG、DOCX 或 XLSX"),
            )
        if readonly:
            for field in self.fields.values():
                field.disabled = True

    @staticmethod
    def _value_field(indicator: Indicator, value) -> forms.Field:
        label = f"{indicator.code} {indicator.name}"
        if indicator.method == Indicator.Method.BOOLEAN or indicator.is_veto:
            initial = "" if value in (None, "") else ("yes" if value in (True, "yes", "是", 1) else "no")
            return forms.ChoiceField(label=label, choices=YES_NO, required=False, initial=initial)
        if indicator.method == Indicator.Method.GRADED:
            options = indicator.options.get("levels", []) if isinstance(indicator.options, dict) else indicator.options
            choices = [("", "—")] + [
                (str(o["label"]), _("%(label)s（%(score)s分）") % {"label": o["label"], "score": o["score"]})
                for o in options
            ]
            return forms.ChoiceField(label=label, choices=choices, required=False, initial=value)
        return forms.DecimalField(
            label=label,
            required=False,
            initial=value,
            max_digits=12,
            decimal_places=4,
            help_text=_("平台数据优先；无数据时按填报值计分") if indicator.method == "computed" else "",
        )

    def rows(self):
        """(indicator, value field, note field, evidence field) for the template."""
        return [(i, self[f"value_{i.pk}"], self[f"note_{i.pk}"], self[f"evidence_{i.pk}"]) for i in self.leaves]

    def answers(self) -> dict:
        result = {}
        for indicator in self.leaves:
            value = self.cleaned_data.get(f"value_{indicator.pk}")
            if value in ("", None):
                value = None
            elif value in ("yes", "no"):
                value = value == "yes"
            elif isinstance(value, Decimal):
                value = str(value.normalize())
            result[indicator.pk] = {"value": value, "note": self.cleaned_data.get(f"note_{indicator.pk}", "")}
        return result

    def uploads(self) -> dict:
        return {i.pk: [self.files[f"evidence_{i.pk}"]] for i in self.leaves if self.files.get(f"evidence_{i.pk}")}


class EvaluationForm(AssessmentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"] = forms.FileField(
            label=_("评估报告"), required=False, help_text=_("PDF、DOCX 等，提交后与三方评审意见并列保存")
        )


class SignoffForm(forms.Form):
    decision = forms.ChoiceField(label=_("意见"), choices=Signoff.Decision.choices)
    score = forms.DecimalField(label=_("评审得分"), required=False, min_value=0, max_value=1000, decimal_places=2)
    note = forms.CharField(
        label=_("评审意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("退回或不同意时必须说明理由"),
    )


class EvaluatorForm(forms.Form):
    evaluator = forms.ModelChoiceField(
        label=_("第三方评估机构"), queryset=Organization.objects.filter(kind=Organization.Kind.EVALUATOR)
    )


class ObjectionForm(forms.Form):
    """The public page's objection form: no captcha, a hidden trap field that people leave empty."""

    text = forms.CharField(
        label=_("异议内容"),
        max_length=OBJECTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("请写明具体事实，至少10个字"),
    )
    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("提交无效，请刷新页面后重试"))
        return cleaned


class ObjectionHandleForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("核查结论"), choices=[("dismissed", _("异议不成立")), ("upheld", _("异议成立"))]
    )
    action = forms.ChoiceField(
        label=_("异议成立时"), required=False, choices=[("return", _("退回修改")), ("reject", _("不予通过"))]
    )
    response = forms.CharField(label=_("核查结果"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
