"""Forms of the filing pages. Forms only parse; `services/filing.py` and `services/evidence.py`
check and save (amounts stay text here so the service words the error for a non-number)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hexie.core.models import Organization

from .models import ClaimKind, Party
from .services import routing

CLAIM_ROWS = 6
EVIDENCE_ROWS = 3
ROUTE_CHOICES = [
    ("mediation", _("申请调解（由调解组织在十五日内调解）")),
    ("arbitration", _("直接申请劳动仲裁")),
    ("internal", _("先向企业内部申诉（企业调解委员会处理）")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _mediation_organizations():
    """Before the case exists: the mediation organizations that are no enterprise's own committee
    (another enterprise's is never offered; the case's own, and the area, are checked on filing by
    `filing.choose_mediation`)."""
    return (
        Organization.objects.filter(kind__in=routing.MEDIATION_KINDS, parent__isnull=True)
        .select_related("region")
        .order_by("region_id", "name")
    )


class RouteForm(forms.Form):
    route = forms.ChoiceField(label=_("处理方式"), choices=ROUTE_CHOICES, initial="mediation", widget=forms.RadioSelect)
    mediation_org = forms.ModelChoiceField(
        label=_("调解组织"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("由平台按用人单位所在地分配"),
        help_text=_("申请调解时可选；须为用人单位所在区县的调解组织"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediation_org"].queryset = _mediation_organizations()

    def route_data(self) -> dict:
        return {"route": self.cleaned_data["route"], "mediation_org": self.cleaned_data.get("mediation_org")}


class FilingForm(RouteForm):
    """The application on a phone: parties, claims from the catalogue, facts, dates, evidence, route."""

    applicant_side = forms.ChoiceField(
        label=_("申请人"),
        choices=[("worker", _("劳动者本人申请")), ("enterprise", _("用人单位申请"))],
        initial="worker",
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label=_("争议类型"),
        choices=[("individual", _("个人争议")), ("collective", _("集体争议（10人以上，推选代表人）"))],
        initial="individual",
        required=False,
        widget=forms.RadioSelect,
    )
    enterprise = forms.CharField(
        label=_("用人单位（全称或统一社会信用代码）"),
        max_length=128,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    worker_id_number = forms.CharField(
        label=_("劳动者身份证号"), max_length=18, required=False, help_text=_("用人单位申请时填写被申请的劳动者")
    )
    agent_name = forms.CharField(label=_("委托代理人（可不填）"), max_length=64, required=False)
    facts = forms.CharField(
        label=_("事实与理由"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5, "maxlength": "10000"})
    )
    known_on = forms.DateField(label=_("知道权利被侵害之日"), widget=DateInput())
    employment_ended_on = forms.DateField(label=_("劳动关系终止日期（仍在职不填）"), required=False, widget=DateInput())

    field_order = ["applicant_side", "kind", "enterprise", "worker_id_number", "agent_name"]

    def __init__(self, *args, worker: bool = True, enterprise_user: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not enterprise_user:
            del self.fields["applicant_side"]
            del self.fields["worker_id_number"]
        elif not worker:
            self.fields["applicant_side"].initial = "enterprise"
        if not worker:
            del self.fields["kind"]
            if "applicant_side" in self.fields:
                self.fields["applicant_side"].choices = [("enterprise", _("用人单位申请"))]
        kinds = [("", _("请选择"))] + list(ClaimKind.choices)
        for i in range(1, CLAIM_ROWS + 1):
            self.fields[f"claim_kind_{i}"] = forms.ChoiceField(
                label=_("请求事项 %(n)d") % {"n": i}, choices=kinds, required=False
            )
            self.fields[f"claim_amount_{i}"] = forms.CharField(
                label=_("金额（元）"),
                max_length=20,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"claim_description_{i}"] = forms.CharField(label=_("具体请求"), max_length=255, required=False)
        for i in range(1, EVIDENCE_ROWS + 1):
            self.fields[f"evidence_file_{i}"] = forms.FileField(label=_("证据文件 %(n)d") % {"n": i}, required=False)
            self.fields[f"evidence_title_{i}"] = forms.CharField(label=_("证据名称"), max_length=128, required=False)

    def claim_rows(self):
        return [
            (self[f"claim_kind_{i}"], self[f"claim_amount_{i}"], self[f"claim_description_{i}"])
            for i in range(1, CLAIM_ROWS + 1)
        ]

    def evidence_rows(self):
        return [(self[f"evidence_file_{i}"], self[f"evidence_title_{i}"]) for i in range(1, EVIDENCE_ROWS + 1)]

    def service_data(self) -> dict:
        data = self.cleaned_data
        claims = [
            {
                "kind": data[f"claim_kind_{i}"],
                "amount": data[f"claim_amount_{i}"],
                "description": data[f"claim_description_{i}"],
            }
            for i in range(1, CLAIM_ROWS + 1)
            if data.get(f"claim_kind_{i}") or (data.get(f"claim_amount_{i}") or "").strip()
        ]
        evidence = [
            {"file": data[f"evidence_file_{i}"], "title": data.get(f"evidence_title_{i}") or ""}
            for i in range(1, EVIDENCE_ROWS + 1)
            if data.get(f"evidence_file_{i}")
        ]
        return {
            **self.route_data(),
            "applicant_side": data.get("applicant_side") or "",
            "enterprise": data["enterprise"],
            "worker_id_number": data.get("worker_id_number") or "",
            "agent_name": data.get("agent_name") or "",
            "claims": claims,
            "facts": data["facts"],
            "known_on": data["known_on"],
            "employment_ended_on": data.get("employment_ended_on"),
            "evidence": evidence,
        }

    @property
    def collective(self) -> bool:
        return self.cleaned_data.get("kind") == "collective"


class VoteForm(forms.Form):
    candidates = forms.MultipleChoiceField(
        label=_("推选代表人（可选 1 至 5 人）"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, applicants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = [(str(p.pk), p.name) for p in applicants]


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("证据名称"), max_length=128)
    purpose = forms.CharField(label=_("证明目的"), max_length=255, required=False)
    file = forms.FileField(label=_("文件（PDF、JPG、PNG、DOCX、XLSX、CSV）"))
    side = forms.ChoiceField(label=_("提交方"), choices=Party.Side.choices, required=False)

    def __init__(self, *args, handler: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not handler:
            del self.fields["side"]
