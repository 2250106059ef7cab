"""Forms of the contract pages: a draft's fields (the model text's), a template clause, copying a
template, a batch roster. Forms only parse; the services in `services/` check and save."""

from django import forms
from django.db.models import Q
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hexie.core.models import Employment

from .models import ContractTemplate, LaborContract
from .services import drafting

# Fields with a model default: left empty, the draft keeps (or gets) the default.
DEFAULTED = ("payday", "previous_fixed_terms", "hours_system", "wage_form")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ContractFieldsForm(forms.Form):
    """The fields of the model text a draft sets (drafting.DRAFT_FIELDS), as the model defines them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_fields = fields_for_model(
            LaborContract,
            fields=drafting.DRAFT_FIELDS,
            widgets={name: DateInput() for name in ("start", "end", "probation_end", "first_work_day")}
            | {name: forms.Textarea(attrs={"rows": 3}) for name in ("termination_terms", "other_terms")},
        )
        for name in DEFAULTED:
            model_fields[name].required = False
        self.fields.update(model_fields)

    def draft_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in drafting.DRAFT_FIELDS if name in self.cleaned_data}
        return {k: v for k, v in data.items() if not (k in DEFAULTED and v in (None, ""))}


class ContractCreateForm(ContractFieldsForm):
    """A new draft: the worker (one of the user's enterprises' current employments) and the template."""

    employment = forms.ModelChoiceField(label=_("劳动者（在职职工）"), queryset=Employment.objects.none())
    template = forms.ModelChoiceField(label=_("合同模板"), queryset=ContractTemplate.objects.none())

    field_order = ["employment", "template"]

    def __init__(self, user, *args, **kwargs):
        initial = {**{k: str(v) for k, v in drafting.STANDARD_TEXTS.items()}, **kwargs.pop("initial", {})}
        super().__init__(*args, initial=initial, **kwargs)
        enterprises = drafting.managed_enterprises(user)
        today = timezone.localdate()
        self.fields["employment"].queryset = (
            Employment.objects.filter(enterprise__in=enterprises)
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .select_related("person", "enterprise")
            .order_by("enterprise__name", "person__name")
        )
        self.fields["employment"].label_from_instance = lambda e: (
            f"{e.person.name}（{e.person.id_masked}）· {e.enterprise.name} · {e.position or '—'}"
        )
        self.fields["template"].queryset = ContractTemplate.objects.filter(
            Q(enterprise__isnull=True) | Q(enterprise__in=enterprises), status=ContractTemplate.Status.PUBLISHED
        ).select_related("enterprise")
        self.fields["template"].label_from_instance = lambda t: f"{t.name} · v{t.version}"
        self.order_fields(["employment", "template", *drafting.DRAFT_FIELDS])


class ClauseForm(forms.Form):
    heading = forms.CharField(label=_("标题"), max_length=64)
    text = forms.CharField(
        label=_("条款内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("可使用 {start}、{wage} 等字段，签署时自动填入合同内容"),
    )
    order = forms.IntegerField(label=_("顺序"), required=False, min_value=1, max_value=32000)


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ContractTemplate
        fields = ["name", "term_kind"]


class TemplateCopyForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("复制到企业"), queryset=None)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = drafting.managed_enterprises(user)


class BatchForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("用人单位"), queryset=None)
    template = forms.ModelChoiceField(label=_("合同模板"), queryset=ContractTemplate.objects.none())
    file = forms.FileField(label=_("花名册（.xlsx 或 .csv）"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        enterprises = drafting.managed_enterprises(user)
        self.fields["enterprise"].queryset = enterprises
        self.fields["template"].queryset = ContractTemplate.objects.filter(
            Q(enterprise__isnull=True) | Q(enterprise__in=enterprises), status=ContractTemplate.Status.PUBLISHED
        )
        self.fields["template"].label_from_instance = lambda t: f"{t.name} · v{t.version}"
