"""Forms for editing a draft indicator system and its indicators (the service validates the rest)."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from hexie.core.registries import INDICATORS

from .models import Indicator, IndicatorSystem


class SystemForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=128)
    pass_score = forms.DecimalField(label=_("达标分数"), max_digits=7, decimal_places=2, min_value=0)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def for_system(cls, system: IndicatorSystem, data=None):
        return cls(
            data, initial={"name": system.name, "pass_score": system.pass_score, "description": system.description}
        )


class IndicatorForm(forms.Form):
    parent = forms.TypedChoiceField(label=_("上级分组"), required=False, coerce=int, empty_value=None)
    code = forms.CharField(label=_("编号"), max_length=16)
    name = forms.CharField(label=_("指标"), max_length=255)
    method = forms.ChoiceField(label=_("评分方式"), choices=Indicator.Method.choices)
    max_score = forms.DecimalField(label=_("分值"), max_digits=7, decimal_places=2, min_value=0)
    order = forms.IntegerField(label=_("排序"), min_value=0, initial=0)
    options = forms.CharField(
        label=_("评分选项（JSON）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            '分级：{"levels": [{"label": "好", "score": 4}]}；阈值：{"steps": [[90, 12], [80, 9]]}；'
            '线性扣分：{"linear": {"target": 100, "step": 0.2}}；无平台数据时采用自报值：{"fallback": "self"}'
        ),
    )
    computed_key = forms.ChoiceField(label=_("计算指标"), required=False)
    is_veto = forms.BooleanField(label=_("否决项"), required=False)
    evidence_required = forms.BooleanField(label=_("须上传佐证材料"), required=False)
    evidence_hint = forms.CharField(label=_("佐证材料说明"), max_length=255, required=False)
    guidance = forms.CharField(label=_("评分标准"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, system: IndicatorSystem, *args, indicator: Indicator | None = None, **kwargs):
        if indicator is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "parent": indicator.parent_id,
                "code": indicator.code,
                "name": indicator.name,
                "method": indicator.method,
                "max_score": indicator.max_score,
                "order": indicator.order,
                "options": json.dumps(indicator.options, ensure_ascii=False) if indicator.options else "",
                "computed_key": indicator.computed_key,
                "is_veto": indicator.is_veto,
                "evidence_required": indicator.evidence_required,
                "evidence_hint": indicator.evidence_hint,
                "guidance": indicator.guidance,
            }
        super().__init__(*args, **kwargs)
        self.system = system
        groups = system.indicators.filter(method=Indicator.Method.GROUP)
        if indicator is not None:
            groups = groups.exclude(pk=indicator.pk)
        self.groups = {g.pk: g for g in groups}
        self.fields["parent"].choices = [("", _("（顶层）"))] + [(g.pk, str(g)) for g in self.groups.values()]
        keys = [(entry.key, f"{entry.key} · {entry.label}") for entry in INDICATORS]
        current = indicator.computed_key if indicator is not None else ""
        if current and current not in INDICATORS:
            keys.append((current, f"{current} · {_('尚未登记，按无数据处理')}"))
        self.fields["computed_key"].choices = [("", _("（无）"))] + sorted(keys)

    def clean_options(self):
        text = (self.cleaned_data.get("options") or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("不是有效的 JSON：%(error)s") % {"error": exc.msg}) from None
        if not isinstance(value, dict | list):
            raise forms.ValidationError(_("评分选项必须是 JSON 对象"))
        return value

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        return self.groups[parent] if parent else None

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
