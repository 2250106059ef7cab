from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Survey
from .services import MAX_BATCH, manageable_enterprises

SELECT_LIMIT = 200


class DateInput(forms.DateInput):
    input_type = "date"


class SurveyForm(forms.ModelForm):
    """Open a survey for one enterprise the user may manage (a select when few, an id box otherwise)."""

    class Meta:
        model = Survey
        fields = ["enterprise", "title", "opens_on", "closes_on", "planned_tokens"]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }
        help_texts = {
            "title": _("留空则自动命名，如“某某公司2026年职工满意度测评”"),
            "planned_tokens": _("一般为在岗职工人数；测评码可分批生成"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        options = manageable_enterprises(user).order_by("region_id", "name")
        field = self.fields["enterprise"]
        field.queryset = options
        if options.count() > SELECT_LIMIT:
            field.widget = forms.NumberInput(attrs={"placeholder": _("企业编号")})
        self.fields["title"].required = False
        today = timezone.localdate()
        self.fields["opens_on"].initial = today
        self.fields["closes_on"].initial = today + timedelta(days=14)


class TokenBatchForm(forms.Form):
    count = forms.IntegerField(label=_("本批生成数量"), min_value=1, max_value=MAX_BATCH)


class AnswerForm(forms.Form):
    """The eight questions on the five-point scale, and an optional suggestion."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in rules.DIMENSIONS:
            self.fields[key] = forms.TypedChoiceField(
                label=label,
                choices=rules.SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("请选择一项")},
            )
        self.fields["suggestion"] = forms.CharField(
            label=_("意见和建议（选填）"),
            required=False,
            max_length=rules.SUGGESTION_MAX,
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": rules.SUGGESTION_MAX}),
            help_text=_("请勿填写姓名、电话、身份证号等个人信息"),
        )

    def questions(self):
        return [self[key] for key in rules.DIMENSION_KEYS]
