"""Filing (立案申请): a worker's — or an enterprise's — application, its claims from the catalogue,
the limitation check, the case number, the first route; and collective cases whose workers join
and elect their representatives online before the initiator files once (LDMAL-7).

    case = file_case(user, {"enterprise": "济南泉城机械有限公司", "claims": [{"kind": "wages",
                            "amount": "12000"}], "facts": "…", "known_on": date(2026, 8, 31),
                            "route": "mediation"})
    case = start_collective(user, {...same fields, no route...})
    join_collective(case, coworker); vote(case, coworker, [party_ids]); submit_collective(case, user, route=...)

Every refusal is a field-level ValidationError in Chinese with nothing written: the whole filing,
its parties, claims, evidence and first move run in one transaction.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core.attachments import check_upload
from hexie.core.models import Employment, Organization, Person, Region
from hexie.core.rules import ERROR

from .. import rules
from ..models import Channel, ClaimKind, DisputeCase, Party, RepresentativeVote
from ..models import Claim as ClaimRow
from . import mediation, routing
from .numbers import application_number

ENTERPRISE_ROLES = ("hr", "legal_rep", "admin")
ROUTES = ("internal", "mediation", "arbitration")
MAX_AMOUNT = Decimal("999999999999.99")
MAX_CLAIMS = 20
CENT = Decimal("0.01")


# --- lookups -------------------------------------------------------------------------------------


def enterprises() -> QuerySet:
    return Organization.objects.filter(kind=Organization.Kind.ENTERPRISE).select_related("region")


def search_enterprises(query: str, limit: int = 10) -> list[Organization]:
    """Enterprises whose name contains `query` or whose USCC starts with it (a worker needs to find
    an employer outside any scope of theirs: only the name, masked USCC and region are shown)."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    qs = enterprises().filter(Q(name__icontains=query) | Q(uscc__startswith=query.upper()))
    return list(qs.order_by("name", "pk")[:limit])


def masked_uscc(uscc: str | None) -> str:
    if not uscc:
        return ""
    return f"{uscc[:6]}{'*' * 8}{uscc[-4:]}" if len(uscc) == 18 else uscc


def find_enterprise(value) -> Organization:
    """The enterprise named by `value`: an Organization, its id, its USCC or its exact name."""
    found = None
    if isinstance(value, Organization):
        found = value if value.kind == Organization.Kind.ENTERPRISE else None
    elif isinstance(value, int) and not isinstance(value, bool):
        found = enterprises().filter(pk=value).first()
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        found = enterprises().filter(uscc=text.upper()).first() or enterprises().filter(name=text).first()
    if found is None:
        raise ValidationError(
            {"enterprise": _("未找到该用人单位，请核对单位全称或统一社会信用代码（18位）后重试")}, code="no_enterprise"
        )
    return found


def managed_enterprises(user) -> QuerySet:
    """Enterprises where `user` is HR, legal representative or administrator."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    return enterprises().filter(memberships__user=user, memberships__role__in=ENTERPRISE_ROLES).distinct()


def person_of(user) -> Person | None:
    return getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None


# --- parsing the application ---------------------------------------------------------------------


@dataclass
class ClaimItem:
    kind: str
    amount: Decimal | None
    description: str = ""


@dataclass
class Application:
    """A checked application: everything `file_case` and `start_collective` write."""

    applicant_side: str
    enterprise: Organization
    worker: Person
    claims: list[ClaimItem]
    facts: str
    known_on: date
    employment_ended_on: date | None
    agent_name: str
    filed_on: date
    findings: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)

    @property
    def cause(self) -> str:
        with_amount = [c for c in self.claims if c.amount is not None]
        if with_amount:
            return max(with_amount, key=lambda c: c.amount).kind  # max keeps the first of equals
        return self.claims[0].kind

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.claims if c.amount is not None), Decimal("0.00"))


def parse_amount(value) -> Decimal | None:
    """A claim amount as Decimal with two places; None when empty; ValueError when not a number, negative
    or with more than two decimal places."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float | bool):
        raise ValueError("float")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValueError("nan") from None
    if not amount.is_finite():
        raise ValueError("nan")
    if amount < 0:
        raise ValueError("negative")
    if amount > MAX_AMOUNT:
        raise ValueError("large")
    if amount != amount.quantize(CENT):
        raise ValueError("places")
    return amount.quantize(CENT)


AMOUNT_ERRORS = {
    "float": gettext_lazy("金额应为数字"),
    "nan": gettext_lazy("金额应为数字"),
    "negative": gettext_lazy("金额不能为负数"),
    "places": gettext_lazy("金额最多保留两位小数"),
    "large": gettext_lazy("金额超出范围"),
}


def _claims(raw) -> list[ClaimItem]:
    if not raw:
        raise ValidationError({"claims": _("请至少填写一项仲裁请求")}, code="no_claim")
    if len(raw) > MAX_CLAIMS:
        raise ValidationError({"claims": _("仲裁请求最多 %(n)d 项") % {"n": MAX_CLAIMS}})
    items, seen, errors = [], set(), []
    labels = dict(ClaimKind.choices)
    for entry in raw:
        kind = str(entry.get("kind") or "")
        if kind not in labels:
            errors.append(_("请求事项“%(kind)s”不在目录中") % {"kind": kind or "—"})
            continue
        label = labels[kind]
        if kind in seen:
            errors.append(_("请求事项“%(kind)s”重复，请合并为一项") % {"kind": label})
            continue
        seen.add(kind)
        try:
            amount = parse_amount(entry.get("amount"))
        except ValueError as exc:
            errors.append(_("“%(kind)s”的%(problem)s") % {"kind": label, "problem": AMOUNT_ERRORS[str(exc.args[0])]})
            continue
        if amount is None and kind in rules.AMOUNT_TESTED:
            errors.append(_("“%(kind)s”是金钱请求，请填写金额（元）") % {"kind": label})
            continue
        description = str(entry.get("description") or "").strip()[:255]
        items.append(ClaimItem(kind, amount, description))
    if errors:
        raise ValidationError({"claims": errors}, code="claims")
    return items


def _date(value, name: str, label: str, required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            raise ValidationError({name: _("请填写%(label)s") % {"label": label}}, code="required")
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({name: _("%(label)s格式应为 YYYY-MM-DD") % {"label": label}}, code="invalid") from None


def _applicant(user, data: dict, enterprise_value) -> tuple[str, Organization, Person]:
    """(applicant side, enterprise, worker) of an application by `user`."""
    person = person_of(user)
    side = data.get("applicant_side") or ("worker" if person is not None else "enterprise")
    id_number = str(data.get("worker_id_number") or "").strip().upper()
    if side == "worker":
        if person is None:
            raise PermissionDenied(_("只有本人实名登记的劳动者可以申请；用人单位请以单位名义申请"))
        if id_number and id_number != person.id_number.upper():
            raise ValidationError(
                {"worker_id_number": _("劳动者只能以本人名义申请；代他人申请请由本人登录，或填写委托代理人")},
                code="not_self",
            )
        return side, find_enterprise(enterprise_value), person
    if side != "enterprise":
        raise ValidationError({"applicant_side": _("申请人类型无效")})
    managed = managed_enterprises(user)
    if not managed.exists():
        raise PermissionDenied(_("只有用人单位的人力资源、法定代表人或管理员可以以单位名义申请"))
    if enterprise_value in (None, ""):
        if managed.count() != 1:
            raise ValidationError({"enterprise": _("请选择申请的用人单位")})
        enterprise = managed.get()
    else:
        enterprise = find_enterprise(enterprise_value)
        if not managed.filter(pk=enterprise.pk).exists():
            raise PermissionDenied(_("只能以本人任职的用人单位名义申请"))
    if not id_number:
        raise ValidationError({"worker_id_number": _("请填写被申请劳动者的身份证号")}, code="required")
    worker = Person.find_by_id_number(id_number)
    if worker is None or not Employment.objects.filter(enterprise=enterprise, person=worker).exists():
        raise ValidationError({"worker_id_number": _("本单位的用工记录中没有该身份证号的劳动者")}, code="no_worker")
    return side, enterprise, worker


def check_application(user, data: dict) -> Application:
    """Parse and check an application without writing anything."""
    side, enterprise, worker = _applicant(user, data, data.get("enterprise"))
    claims = _claims(data.get("claims"))
    facts = str(data.get("facts") or "").strip()
    if not facts:
        raise ValidationError({"facts": _("请填写事实与理由")}, code="required")
    if len(facts) > 10000:
        raise ValidationError({"facts": _("事实与理由不超过 10000 字")})
    known_on = _date(data.get("known_on"), "known_on", _("知道权利被侵害之日"))
    ended_on = _date(data.get("employment_ended_on"), "employment_ended_on", _("劳动关系终止日期"), required=False)
    today = timezone.localdate()
    if known_on > today:
        raise ValidationError({"known_on": _("知道权利被侵害之日不能晚于今天")}, code="future")
    agent = str(data.get("agent_name") or "").strip()
    if len(agent) > 64:
        raise ValidationError({"agent_name": _("委托代理人姓名不超过 64 字")})
    findings = rules.limitation_findings(
        known_on=known_on, filed_on=today, claim_kinds=[c.kind for c in claims], employment_ended_on=ended_on
    )
    errors = [f.message for f in findings if f.level == ERROR]
    if errors:
        raise ValidationError({"known_on": errors}, code="limitation")
    evidence = list(data.get("evidence") or [])
    for item in evidence:
        if not str(item.get("title") or "").strip():
            item["title"] = getattr(item.get("file"), "name", "") or _("证据")
        try:
            check_upload(item["file"])
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}, code="evidence") from None
    return Application(
        applicant_side=side,
        enterprise=enterprise,
        worker=worker,
        claims=claims,
        facts=facts,
        known_on=known_on,
        employment_ended_on=ended_on,
        agent_name=agent,
        filed_on=today,
        findings=[f._asdict() for f in findings],
        evidence=evidence,
    )


# --- writing a case ------------------------------------------------------------------------------


def _create(user, app: Application, *, kind: str) -> DisputeCase:
    now = timezone.now()
    region: Region = app.enterprise.region
    case = DisputeCase.objects.create(
        number=application_number(region.code, app.filed_on.year),
        kind=kind,
        applicant_side=app.applicant_side,
        worker=app.worker,
        enterprise=app.enterprise,
        region=region,
        industry=app.enterprise.industry or "",
        cause=app.cause,
        claim_total=app.total,
        workers=1,
        facts=app.facts,
        known_on=app.known_on,
        employment_ended_on=app.employment_ended_on,
        findings=app.findings,
        agent_name=app.agent_name,
        filed_at=now,
        filed_on=app.filed_on,
        created_by=user,
    )
    worker_side, enterprise_side = (
        (Party.Side.APPLICANT, Party.Side.RESPONDENT)
        if app.applicant_side == "worker"
        else (Party.Side.RESPONDENT, Party.Side.APPLICANT)
    )
    Party.objects.create(case=case, side=worker_side, person=app.worker, name=app.worker.name)
    Party.objects.create(case=case, side=enterprise_side, organization=app.enterprise, name=app.enterprise.name)
    ClaimRow.objects.bulk_create(
        ClaimRow(case=case, kind=c.kind, amount=c.amount, description=c.description) for c in app.claims
    )
    if app.evidence:
        from .evidence import add_evidence

        for item in app.evidence:
            add_evidence(case, user, item["file"], title=item["title"], purpose=item.get("purpose", ""))
    return case


def mediation_choices(case: DisputeCase) -> list:
    """Where the applicant may take `case` for mediation: the mediation part's options for it
    (`mediation.mediation_options`: never another enterprise's own committee), each with its channel."""
    return mediation.mediation_options(case)


def default_mediation(case: DisputeCase, options: list):
    """The option the platform picks when the applicant names none: the county's (else the city's)
    own committee by the enterprise's location, else the first option; None without any."""
    regional = mediation.regional_committee(case.region)
    for option in options:
        if regional is not None and option.organization.pk == regional.pk:
            return option
    return options[0] if options else None


def choose_mediation(case: DisputeCase, value=None):
    """The option for `value` (an Organization, its pk, or empty for the platform's default), or a
    field error on `mediation_org`."""
    options = mediation_choices(case)
    if value in (None, ""):
        option = default_mediation(case, options)
        if option is None:
            raise ValidationError({"mediation_org": _("该地区暂无可选的调解组织，请选择申请仲裁")})
        return option
    pk = value.pk if isinstance(value, Organization) else value
    option = next((o for o in options if str(o.organization.pk) == str(pk)), None)
    if option is None:
        raise ValidationError({"mediation_org": _("所选调解组织不受理该地区的争议")})
    return option


def _route(case: DisputeCase, user, route: str, *, mediation_org=None, channel: str = "", note: str = ""):
    """The applicant's first move (in the caller's transaction)."""
    if route == "internal":
        if case.applicant_side != DisputeCase.ApplicantSide.WORKER:
            raise ValidationError({"route": _("企业内部申诉只能由劳动者提出")})
        routing.start_internal(case, user)
    elif route == "mediation":
        option = choose_mediation(case, mediation_org)
        chosen = channel or option.channel
        if chosen not in Channel.values:
            raise ValidationError({"channel": _("调解渠道无效")})
        try:
            routing.start_mediation(case, user, organization=option.organization, channel=chosen, note=note)
        except ValidationError as exc:
            # the mediation part names the organization "organization"; the application "mediation_org"
            if hasattr(exc, "error_dict") and "organization" in exc.error_dict:
                errors = dict(exc.error_dict)
                errors["mediation_org"] = errors.pop("organization")
                raise ValidationError(errors) from None
            raise
    elif route == "arbitration":
        routing.apply_for_arbitration(case, user)
    else:
        raise ValidationError({"route": _("请选择处理方式：企业内部申诉、申请调解或申请仲裁")}, code="route")


def file_case(user, data: dict) -> DisputeCase:
    """File an individual case and take its first route (data["route"]); see the module docstring."""
    route = data.get("route") or ""
    if route not in ROUTES:
        raise ValidationError({"route": _("请选择处理方式：企业内部申诉、申请调解或申请仲裁")}, code="route")
    app = check_application(user, data)
    with transaction.atomic():
        case = _create(user, app, kind=DisputeCase.Kind.INDIVIDUAL)
        _route(case, user, route, mediation_org=data.get("mediation_org"), channel=data.get("channel") or "")
    return case


# --- collective cases (LDMAL-7) ------------------------------------------------------------------


def is_gathering(case: DisputeCase) -> bool:
    """A collective case still gathering workers and votes (filed, no representatives yet)."""
    return (
        case.kind == DisputeCase.Kind.COLLECTIVE
        and case.status == DisputeCase.Status.FILED
        and not case.parties.filter(representative=True).exists()
    )


def _coworker(case: DisputeCase, user) -> Person:
    person = person_of(user)
    if person is None or not Employment.objects.filter(enterprise_id=case.enterprise_id, person=person).exists():
        raise PermissionDenied(_("只有该用人单位的劳动者可以加入集体争议"))
    return person


def may_join(case: DisputeCase, user) -> bool:
    person = person_of(user)
    return bool(
        person is not None
        and case.kind == DisputeCase.Kind.COLLECTIVE
        and Employment.objects.filter(enterprise_id=case.enterprise_id, person=person).exists()
    )


def collective_cases_for(user) -> QuerySet:
    """Collective cases a worker may see to join: gathering ones at enterprises they work for, and
    any they joined."""
    person = person_of(user)
    if person is None:
        return DisputeCase.objects.none()
    employers = Employment.objects.filter(person=person).values("enterprise_id")
    return (
        DisputeCase.objects.filter(kind=DisputeCase.Kind.COLLECTIVE)
        .filter(Q(enterprise_id__in=employers) | Q(parties__person=person))
        .distinct()
    )


def start_collective(user, data: dict) -> DisputeCase:
    """A worker of the enterprise starts a collective case (kind collective, FILED while gathering)."""
    data = {**data, "applicant_side": "worker"}
    app = check_application(user, data)
    if not Employment.objects.filter(enterprise=app.enterprise, person=app.worker).exists():
        raise ValidationError({"enterprise": _("集体争议应由该用人单位的劳动者发起，您在该单位没有用工记录")})
    with transaction.atomic():
        return _create(user, app, kind=DisputeCase.Kind.COLLECTIVE)


def join_collective(case: DisputeCase, user) -> Party:
    """A co-worker joins a gathering collective case as an applicant."""
    person = _coworker(case, user)
    with transaction.atomic():
        case = DisputeCase.objects.select_for_update().get(pk=case.pk)
        if not is_gathering(case):
            raise ValidationError(_("该集体争议已提交或不是集体争议，不能再加入"), code="closed")
        if case.parties.filter(person=person).exists():
            raise ValidationError(_("您已加入该集体争议"), code="joined")
        try:
            with transaction.atomic():
                party = Party.objects.create(case=case, side=Party.Side.APPLICANT, person=person, name=person.name)
        except IntegrityError:
            raise ValidationError(_("您已加入该集体争议"), code="joined") from None
        workers = case.parties.filter(side=Party.Side.APPLICANT, person__isnull=False).count()
        DisputeCase.objects.filter(pk=case.pk).update(workers=workers)
    return party


def _applicants(case: DisputeCase) -> QuerySet:
    return case.parties.filter(side=Party.Side.APPLICANT, person__isnull=False)


def vote(case: DisputeCase, user, candidates) -> list[RepresentativeVote]:
    """A joined worker's ballot: 1 to 5 candidates among the joined workers (a new ballot replaces
    the old one)."""
    person = person_of(user)
    voter = _applicants(case).filter(person=person).first() if person else None
    if voter is None:
        raise PermissionDenied(_("只有已加入该集体争议的劳动者可以投票"))
    if not is_gathering(case):
        raise ValidationError(_("代表人推选已结束"), code="closed")
    low, high = rules.REPRESENTATIVES
    try:
        ids = {int(c.pk if isinstance(c, Party) else c) for c in candidates}
    except (TypeError, ValueError):
        raise ValidationError({"candidates": _("候选人无效")}) from None
    if not 1 <= len(ids) <= high:
        raise ValidationError({"candidates": _("请选择 1 至 %(high)d 名代表人候选人") % {"high": high}})
    chosen = list(_applicants(case).filter(pk__in=ids))
    if len(chosen) != len(ids):
        raise ValidationError({"candidates": _("候选人必须是已加入本案的劳动者")})
    with transaction.atomic():
        RepresentativeVote.objects.filter(case=case, voter=voter).delete()
        return RepresentativeVote.objects.bulk_create(
            RepresentativeVote(case=case, voter=voter, candidate=c) for c in chosen
        )


@dataclass
class Election:
    voters: int  # workers who joined (the electorate)
    ballots: int  # of them, those who voted
    tally: list[tuple[Party, int]]  # every joined worker with the votes received, most first
    elected: list[Party]
    findings: list

    @property
    def ready(self) -> bool:
        return not self.findings


def election(case: DisputeCase) -> Election:
    """The count so far: the joined workers, each one's votes, those elected by a majority of the
    joined workers (`rules.elected`), and what still blocks filing (`rules.collective_findings`)."""
    applicants = list(_applicants(case).annotate(received=Count("votes_received")).order_by("id"))
    counts = {p.pk: p.received for p in applicants}
    voters = len(applicants)
    winners = rules.elected({k: v for k, v in counts.items() if v}, voters, rules.REPRESENTATIVES[1])
    by_id = {p.pk: p for p in applicants}
    ballots = RepresentativeVote.objects.filter(case=case).values("voter").distinct().count()
    tally = sorted(((p, counts[p.pk]) for p in applicants), key=lambda item: (-item[1], item[0].pk))
    elected_parties = [by_id[pk] for pk in winners]
    return Election(
        voters=voters,
        ballots=ballots,
        tally=tally,
        elected=elected_parties,
        findings=rules.collective_findings(voters, len(elected_parties)),
    )


def submit_collective(
    case: DisputeCase, user, *, route: str, mediation_org=None, channel: str = "", note: str = ""
) -> DisputeCase:
    """The initiator files the collective case once enough workers joined and 3–5 representatives
    are elected: the representatives are marked, the first becomes the case's worker, and the case
    takes its route like an individual case."""
    if case.created_by_id != getattr(user, "pk", None):
        raise PermissionDenied(_("只有集体争议的发起人可以提交申请"))
    if route not in ROUTES:
        raise ValidationError({"route": _("请选择处理方式：企业内部申诉、申请调解或申请仲裁")}, code="route")
    with transaction.atomic():
        case = DisputeCase.objects.select_for_update().get(pk=case.pk)
        if not is_gathering(case):
            raise ValidationError(_("该集体争议已提交"), code="closed")
        result = election(case)
        if result.findings:
            raise ValidationError([f.message for f in result.findings], code="collective")
        Party.objects.filter(pk__in=[p.pk for p in result.elected]).update(representative=True)
        case.workers = result.voters
        case.worker = result.elected[0].person
        case.save(update_fields=["workers", "worker"])
        _route(case, user, route, mediation_org=mediation_org, channel=channel, note=note)
    return case
