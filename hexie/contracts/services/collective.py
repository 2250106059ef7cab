"""Collective contracts (集体合同): bargaining, the workers' congress vote, submission, the labor
administration's review and the 15-day clock, regional and industry coverage, coverage statistics.

Who acts (checked here, whatever the workflow table allows by scope):
- the parties — the enterprise's HR, legal representative or administrator, the union's staff, and
  for a regional or industry contract the staff of an enterprise representative organization
  (企联、工商联) of the region — create, bargain, vote, submit and withdraw;
- the labor administration — staff of a government labor office (人社部门) whose region contains
  the contract's — object (审查意见) or approve. An enterprise or union user never reviews.

Each action is one transaction; the workflow helper writes its timeline entry.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hexie.core.bulk import among
from hexie.core.calendar import add_period
from hexie.core.minimum_wage import minimum_wage
from hexie.core.models import Organization, Region
from hexie.core.rules import ERROR, Finding
from hexie.core.scoping import scoped, user_scope

from .. import collective_rules as rules
from ..models import BargainingRecord, CollectiveContract

Status = CollectiveContract.Status
Coverage = CollectiveContract.Coverage
ENTERPRISE_PARTY_ROLES = frozenset({"hr", "legal_rep", "admin"})
OFFICE_ROLES = frozenset({"staff", "admin"})
EMPLOYER_BODIES = (Organization.Kind.ENTERPRISE_FEDERATION, Organization.Kind.COMMERCE_FEDERATION)
OPEN = (Status.BARGAINING, Status.OBJECTED)  # the text may still change


# --- who may act ----------------------------------------------------------------------------------


def _memberships(user):
    if not getattr(user, "is_authenticated", False):
        return []
    return list(user.memberships.select_related("organization__region"))


def party_roles(user, contract: CollectiveContract) -> set[str]:
    """The roles `user` holds as a party to `contract` (empty when none)."""
    if getattr(user, "is_superuser", False):
        return {"admin"}
    roles = set()
    for m in _memberships(user):
        org = m.organization
        if org.pk == contract.enterprise_id and m.role in ENTERPRISE_PARTY_ROLES:
            roles.add(m.role)
        elif org.pk == contract.union_id and m.role in OFFICE_ROLES:
            roles.add("staff")
        elif (
            contract.coverage != Coverage.ENTERPRISE
            and org.kind in EMPLOYER_BODIES
            and m.role in OFFICE_ROLES
            and contract.region_id.startswith(org.region.prefix)
        ):
            roles.add("staff")
    return roles


def may_review(user, contract: CollectiveContract) -> bool:
    """Staff of a labor administration (人社部门) whose region contains the contract's."""
    if getattr(user, "is_superuser", False):
        return True
    return any(
        m.organization.kind == Organization.Kind.GOVERNMENT
        and m.role in OFFICE_ROLES
        and contract.region_id.startswith(m.organization.region.prefix)
        for m in _memberships(user)
    )


def _require_party(user, contract: CollectiveContract) -> set[str]:
    roles = party_roles(user, contract)
    if not roles:
        raise PermissionDenied(_("只有集体合同的双方（企业人力资源、法定代表人或工会工作人员）可以办理"))
    return roles


def _require_reviewer(user, contract: CollectiveContract) -> None:
    if not may_review(user, contract):
        raise PermissionDenied(_("只有所在地人力资源社会保障部门的工作人员可以审查集体合同"))


def _require_open(contract: CollectiveContract) -> None:
    if contract.status not in OPEN:
        raise ValidationError(_("集体合同已表决或报送，不能再修改"), code="closed")


def visible_collective_contracts(user) -> QuerySet:
    return scoped(CollectiveContract.objects.select_related("region", "enterprise", "union"), user)


def unions_for(user) -> QuerySet:
    """Unions the user may name as the workers' side: their own, or any union of their regions or
    of the regions containing their enterprise."""
    scope = user_scope(user)
    if scope.everything:
        return Organization.objects.filter(kind=Organization.Kind.UNION)
    q = Q(pk__in=scope.organizations, kind=Organization.Kind.UNION)
    enterprises = Organization.objects.filter(pk__in=scope.organizations, kind=Organization.Kind.ENTERPRISE)
    for enterprise in enterprises.select_related("region"):
        code = enterprise.region_id
        q |= Q(kind=Organization.Kind.UNION, region__code__in=[code[:n] + "0" * (6 - n) for n in (2, 4, 6)] + [code])
        q |= Q(kind=Organization.Kind.UNION, parent=enterprise)
    return Organization.objects.filter(q).distinct()


def enterprises_for(user) -> QuerySet:
    """Enterprises the user may make an enterprise contract for: their own (HR), or those of their
    union's region."""
    scope = user_scope(user)
    enterprises = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE)
    if scope.everything:
        return enterprises
    own = Q(pk__in=[m.organization_id for m in _memberships(user) if m.role in ENTERPRISE_PARTY_ROLES])
    regions = Q()
    for m in _memberships(user):
        if m.organization.kind == Organization.Kind.UNION and m.role in OFFICE_ROLES:
            regions |= Q(region__code__startswith=m.organization.region.prefix)
    return enterprises.filter(own | regions) if regions else enterprises.filter(own)


# --- creating and bargaining -------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """What a new collective contract says (the creation form's fields)."""

    coverage: str
    kind: str
    title: str
    union: Organization
    employer_side: str
    start: date
    end: date
    enterprise: Organization | None = None
    region: Region | None = None
    industry: str = ""
    wage_increase_percent: Decimal | None = None
    minimum_pay: Decimal | None = None
    max_headcount: int | None = None  # regional / industry: cover enterprises of at most this size


def covered_candidates(region: Region, industry: str = "", max_headcount: int | None = None) -> QuerySet:
    """Enterprises a regional (region prefix) or industry (and industry section) contract covers."""
    rows = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE, region__code__startswith=region.prefix)
    if industry:
        rows = rows.filter(industry=industry)
    if max_headcount is not None:
        rows = rows.filter(headcount__lte=max_headcount)
    return rows


def _number(region_code: str, year: int) -> str:
    prefix = f"JT{region_code[:6]}{year}"
    taken = CollectiveContract.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def _raise_errors(findings: list[Finding]) -> None:
    errors = [f"{f.message}" for f in findings if f.level == ERROR]
    if errors:
        raise ValidationError(errors, code="rules")


def _minimum_wage_for(region_code: str, on: date | None) -> Decimal | None:
    return minimum_wage(region_code, on) if on else None


@translation.override("zh-hans")  # a legal document is in Chinese whatever the reader's language
def fill_text(contract: CollectiveContract) -> list[dict]:
    """The sample text of the contract's kind filled from its fields."""
    if contract.coverage == Coverage.ENTERPRISE and contract.enterprise_id:
        coverage_text = contract.enterprise.name
    else:
        what = _("区域内") if contract.coverage == Coverage.REGIONAL else _("本行业")
        coverage_text = _("%(region)s%(what)s各覆盖企业") % {"region": contract.region.full_name(), "what": what}
    fields = {
        "employer_side": contract.employer_side,
        "union_side": contract.union.name if contract.union_id else "",
        "coverage_text": coverage_text,
        "start": contract.start.isoformat() if contract.start else "",
        "end": contract.end.isoformat() if contract.end else "",
        "wage_increase": f"{contract.wage_increase_percent}%" if contract.wage_increase_percent is not None else "",
        "minimum_pay": _("%(pay)s元") % {"pay": contract.minimum_pay} if contract.minimum_pay is not None else "",
    }
    return rules.sample_clauses(contract.kind, fields)


def _check_draft(draft: Draft, region_code: str) -> None:
    findings = rules.terms_findings(
        start=draft.start,
        end=draft.end,
        minimum_pay=draft.minimum_pay,
        minimum_wage=_minimum_wage_for(region_code, draft.start),
    )
    _raise_errors(findings)


def create_collective_contract(user, draft: Draft) -> CollectiveContract:
    """Open a collective contract in BARGAINING: an enterprise's (by its HR or the union), or a
    regional / industry one covering the region's (and industry's) enterprises (by the union or
    an enterprise representative organization). The text starts from the sample of its kind."""
    if draft.coverage == Coverage.ENTERPRISE:
        if draft.enterprise is None:
            raise ValidationError({"enterprise": _("请选择企业")})
        region = draft.enterprise.region
    else:
        if draft.region is None:
            raise ValidationError({"region": _("请选择区域")})
        if draft.coverage == Coverage.INDUSTRY and not draft.industry:
            raise ValidationError({"industry": _("行业性集体合同须选择行业")})
        region = draft.region
    _check_draft(draft, region.code)
    contract = CollectiveContract(
        title=draft.title,
        kind=draft.kind,
        coverage=draft.coverage,
        region=region,
        industry=draft.industry or (draft.enterprise.industry if draft.enterprise else ""),
        enterprise=draft.enterprise if draft.coverage == Coverage.ENTERPRISE else None,
        union=draft.union,
        employer_side=draft.employer_side,
        start=draft.start,
        end=draft.end,
        wage_increase_percent=draft.wage_increase_percent,
        minimum_pay=draft.minimum_pay,
        created_by=user,
    )
    roles = party_roles(user, contract)
    if not roles or (draft.coverage != Coverage.ENTERPRISE and roles <= ENTERPRISE_PARTY_ROLES):
        raise PermissionDenied(
            _("只有集体合同的双方可以发起：企业集体合同由企业或工会发起，区域性、行业性由工会或企业代表组织发起")
        )
    for attempt in range(3):
        try:
            with transaction.atomic():
                contract.number = _number(region.code, draft.start.year)
                contract.clauses = fill_text(contract)
                contract.save()
                break
        except IntegrityError:
            if attempt == 2:
                raise
    with transaction.atomic():
        if draft.coverage == Coverage.ENTERPRISE:
            contract.workers_covered = draft.enterprise.headcount
        else:
            covered = covered_candidates(region, draft.industry, draft.max_headcount)
            contract.covered_enterprises.set(covered)
            contract.workers_covered = covered.aggregate(n=Coalesce(Sum("headcount"), 0))["n"]
        contract.save(update_fields=["workers_covered"])
    return contract


def update_terms(user, contract: CollectiveContract, **fields) -> CollectiveContract:
    """Change the bargained terms (title, employer side, term, wage increase, lowest pay) while
    bargaining or after an objection; the text is filled again from the sample."""
    _require_party(user, contract)
    _require_open(contract)
    for name in ("title", "employer_side", "start", "end", "wage_increase_percent", "minimum_pay"):
        if name in fields:
            setattr(contract, name, fields[name])
    _raise_errors(
        rules.terms_findings(
            start=contract.start,
            end=contract.end,
            minimum_pay=contract.minimum_pay,
            minimum_wage=_minimum_wage_for(contract.region_id, contract.start),
        )
    )
    contract.clauses = fill_text(contract)
    with transaction.atomic():
        contract.save()
    return contract


def record_bargaining(
    user,
    contract: CollectiveContract,
    *,
    kind: str,
    on: date,
    party: str,
    summary: str,
    proposed_increase_percent: Decimal | None = None,
    attendees: int | None = None,
) -> BargainingRecord:
    """One bargaining step (a request, the written reply, an offer, a session with its attendance
    and minutes). The first request starts the 20-day reply clock (CCR-32, WCB-18)."""
    _require_party(user, contract)
    _require_open(contract)
    if not summary.strip():
        raise ValidationError({"summary": _("请填写内容摘要或会议纪要")})
    if kind == BargainingRecord.Kind.SESSION and not attendees:
        raise ValidationError({"attendees": _("协商会议须记录出席人数")})
    if kind == BargainingRecord.Kind.REPLY:
        request = contract.bargaining.filter(kind=BargainingRecord.Kind.REQUEST).order_by("on").first()
        if request is None:
            raise ValidationError({"kind": _("尚无协商要求，无需回应")})
        if on < request.on:
            raise ValidationError({"on": _("回应日期早于协商要求日期")})
    with transaction.atomic():
        record = BargainingRecord.objects.create(
            contract=contract,
            kind=kind,
            on=on,
            party=party,
            summary=summary,
            proposed_increase_percent=proposed_increase_percent,
            attendees=attendees,
            created_by=user,
        )
        if kind == BargainingRecord.Kind.REQUEST and contract.requested_on is None:
            contract.requested_on = on
            contract.save(update_fields=["requested_on"])
    return record


@dataclass(frozen=True)
class ReplyClock:
    request: BargainingRecord
    due: date
    provisional: bool
    replied_on: date | None
    overdue: bool
    findings: list[Finding]


def reply_clocks(contract: CollectiveContract, on: date | None = None) -> list[ReplyClock]:
    """Each request's 20-day reply deadline (natural days, CCR-32 / WCB-18), its reply, and
    whether it is overdue on `on` (today)."""
    on = on or timezone.localdate()
    records = list(contract.bargaining.all())
    replies = sorted(r.on for r in records if r.kind == BargainingRecord.Kind.REPLY)
    clocks = []
    for request in (r for r in records if r.kind == BargainingRecord.Kind.REQUEST):
        deadline = add_period(request.on, rules.REPLY_DAYS, "natural")
        replied_on = next((d for d in replies if d >= request.on), None)
        clocks.append(
            ReplyClock(
                request=request,
                due=deadline.date,
                provisional=deadline.provisional,
                replied_on=replied_on,
                overdue=rules.reply_overdue(deadline.date, replied_on, on),
                findings=rules.reply_findings(deadline.date, replied_on, on),
            )
        )
    return clocks


# --- the vote, submission, review --------------------------------------------------------------


def record_vote(
    user,
    contract: CollectiveContract,
    *,
    congress_on: date,
    delegates_total: int,
    delegates_present: int,
    votes_for: int,
) -> CollectiveContract:
    """The workers' congress vote (职代会表决, CCR-36): passed → VOTED; otherwise a clear error and
    nothing changed. The term and lowest pay are checked once more."""
    roles = _require_party(user, contract)
    vote = rules.Vote(delegates_total, delegates_present, votes_for)
    findings = rules.vote_findings(vote) + rules.terms_findings(
        start=contract.start,
        end=contract.end,
        minimum_pay=contract.minimum_pay,
        minimum_wage=_minimum_wage_for(contract.region_id, contract.start),
    )
    _raise_errors(findings)
    contract.workflow.find(contract, "vote")
    contract.congress_on = congress_on
    contract.delegates_total = delegates_total
    contract.delegates_present = delegates_present
    contract.votes_for = votes_for
    contract.clauses = fill_text(contract)
    note = _("职工代表%(total)s人，出席%(present)s人，赞成%(yes)s票") % {
        "total": delegates_total,
        "present": delegates_present,
        "yes": votes_for,
    }
    contract.workflow.apply(contract, "vote", user, note=note, roles=roles)
    return contract


def filing_due(contract: CollectiveContract) -> date | None:
    """The last day to file after signing (7 days for a wage agreement, WCB-21; CCR-42 otherwise),
    counted from the congress day: the chief representatives sign once the congress passes the
    draft, and Hexie records no separate signing day."""
    if contract.congress_on is None:
        return None
    return add_period(contract.congress_on, rules.filing_days(contract.kind), "natural").date


def submit_collective_contract(user, contract: CollectiveContract, *, at: datetime | None = None) -> list[Finding]:
    """Submit the voted text to the labor administration (报送审查): the workflow stamps the review
    deadline, 15 natural days (LCL-54). Returns the warnings (filed after the 7-day window)."""
    roles = _require_party(user, contract)
    contract.workflow.find(contract, "submit")
    now = at or timezone.now()
    today = timezone.localdate(now)
    due = filing_due(contract)
    findings = rules.filing_findings(contract.kind, due, today) if due else []
    contract.submitted_at = now
    contract.workflow.apply(contract, "submit", user, at=now, roles=roles, note="；".join(f.message for f in findings))
    return findings


def object_to_collective_contract(
    user, contract: CollectiveContract, opinion: str, *, at: datetime | None = None
) -> CollectiveContract:
    """The labor administration's objection (审查意见) within the 15 days: the contract goes back to
    the parties, who bargain again, vote and resubmit."""
    _require_reviewer(user, contract)
    if not opinion.strip():
        raise ValidationError({"opinion": _("请填写审查意见")})
    contract.workflow.find(contract, "object")
    at = at or timezone.now()
    if contract.review_deadline and timezone.localdate(at) > contract.review_deadline:
        raise ValidationError(_("审查期限已过，视为无异议，不能再提出审查意见（劳动合同法第五十四条）"), code="late")
    contract.review_opinion = opinion
    contract.workflow.apply(contract, "object", user, note=opinion, roles={"staff"}, at=at)
    return contract


def approve_collective_contract(
    user, contract: CollectiveContract, opinion: str = "", *, at: datetime | None = None
) -> CollectiveContract:
    """No objection (审查无异议): in force from today."""
    _require_reviewer(user, contract)
    contract.workflow.find(contract, "approve")
    contract.review_opinion = opinion
    at = at or timezone.now()
    contract.effective_on = timezone.localdate(at)
    if contract.review_deadline and contract.effective_on > contract.review_deadline:
        contract.effective_on = contract.review_deadline + timedelta(days=1)  # in force already (LCL-54)
    contract.workflow.apply(contract, "approve", user, note=opinion, roles={"staff"}, at=at)
    return contract


def withdraw_collective_contract(user, contract: CollectiveContract, reason: str = "") -> CollectiveContract:
    roles = _require_party(user, contract)
    contract.workflow.apply(contract, "withdraw", user, note=reason, roles=roles)
    return contract


# --- the daily clock ----------------------------------------------------------------------------


def run_collective_clock(on: date) -> dict:
    """The daily job: a SUBMITTED contract whose review deadline has passed with no objection
    takes effect the day after the deadline (LCL-54); an EFFECTIVE contract past its end expires.
    Running it twice on one day changes nothing the second time."""
    took_effect = expired = 0
    with transaction.atomic():
        due = CollectiveContract.objects.filter(status=Status.SUBMITTED, review_deadline__lt=on).order_by("pk")
        for contract in due.select_for_update():
            contract.effective_on = contract.review_deadline + timedelta(days=1)
            contract.workflow.apply(contract, "take_effect", None)
            took_effect += 1
        ended = CollectiveContract.objects.filter(status=Status.EFFECTIVE, end__lt=on).order_by("pk")
        for contract in ended.select_for_update():
            contract.workflow.apply(contract, "expire", None)
            expired += 1
    return {"on": on.isoformat(), "took_effect": took_effect, "expired": expired}


# --- coverage -----------------------------------------------------------------------------------


def in_force_q(on: date) -> Q:
    """Contracts in force on `on`: taken effect by then and not ended (expired ones count for the
    days they were in force)."""
    return Q(status__in=[Status.EFFECTIVE, Status.EXPIRED], effective_on__lte=on) & (
        Q(end__isnull=True) | Q(end__gte=on)
    )


def covered_expression(on: date):
    """An Exists expression over enterprises: covered on `on` by their own contract or a regional /
    industry contract listing them."""
    own = CollectiveContract.objects.filter(in_force_q(on), enterprise=OuterRef("pk"))
    through = CollectiveContract.covered_enterprises.through
    listed = through.objects.filter(
        organization_id=OuterRef("pk"),
        collectivecontract__in=CollectiveContract.objects.filter(in_force_q(on)).values("pk"),
    )
    return ExpressionWrapper(Exists(own) | Exists(listed), output_field=BooleanField())


def coverage_rows(enterprises: QuerySet, on: date, *, depth: int, by_industry: bool = True) -> list[dict]:
    """Coverage by region prefix (the first `depth` digits of the region code) and industry, one
    GROUP BY query: enterprises, those covered, workers (headcounts), workers covered, and the
    shares in percent."""
    rows = (
        enterprises.filter(kind=Organization.Kind.ENTERPRISE)
        .annotate(covered=covered_expression(on))
        .annotate(prefix=Substr("region_id", 1, depth))
    )
    keys = ["prefix", "industry"] if by_industry else ["prefix"]
    grouped = (
        rows.values(*keys)
        .annotate(
            enterprises=Count("pk"),
            covered_enterprises=Count("pk", filter=Q(covered=True)),
            workers=Coalesce(Sum("headcount"), Value(0), output_field=IntegerField()),
            workers_covered=Coalesce(Sum("headcount", filter=Q(covered=True)), Value(0), output_field=IntegerField()),
        )
        .order_by(*keys)
    )
    names = dict(
        Region.objects.filter(code__in=_prefix_codes({r["prefix"] for r in grouped})).values_list("code", "name")
    )
    result = []
    for row in grouped:
        row = dict(row)
        row["region_name"] = names.get(_pad(row["prefix"]), row["prefix"])
        row["enterprise_share"] = percent(row["covered_enterprises"], row["enterprises"])
        row["worker_share"] = percent(row["workers_covered"], row["workers"])
        result.append(row)
    return result


def _pad(prefix: str) -> str:
    return prefix if len(prefix) >= 6 else prefix + "0" * (6 - len(prefix))


def _prefix_codes(prefixes: Iterable[str]) -> list[str]:
    return [_pad(p) for p in prefixes]


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"))


def coverage_depth(prefix: str) -> int:
    """Group one level below `prefix`: a province by city, a city by county, a county by township."""
    return {0: 2, 2: 4, 4: 6, 6: 9}.get(len(prefix), 9)


def coverage_for(user, on: date, prefix: str = "", by_industry: bool = True) -> list[dict]:
    """Coverage statistics within the user's scope (staff: their regions; an enterprise: itself)."""
    enterprises = scoped(Organization.objects.all(), user)
    if prefix:
        enterprises = enterprises.filter(region__code__startswith=prefix)
    scope = user_scope(user)
    start = prefix or (min(scope.regions, key=len) if len(scope.regions) == 1 else "")
    return coverage_rows(enterprises, on, depth=coverage_depth(start), by_industry=by_industry)


# --- the indicator the campaign reads ("contracts.collective_contract_in_force") ---------------


def _chunks(ids: list[int]):
    size = 900 if connection.vendor != "postgresql" else max(len(ids), 1)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def covered_ids(ids: list[int], on: date | None) -> set[int]:
    """Of the enterprises `ids`, those covered on `on` (own contract or regional / industry), or
    with `on=None` those any collective contract on the platform names, whatever its status."""
    found: set[int] = set()
    contracts = CollectiveContract.objects.filter(in_force_q(on)) if on else CollectiveContract.objects.all()
    through = CollectiveContract.covered_enterprises.through
    for part in _chunks(ids):
        found.update(
            contracts.filter(among(CollectiveContract, "enterprise_id", part)).values_list("enterprise_id", flat=True)
        )
        found.update(
            through.objects.filter(
                among(through, "organization_id", part), collectivecontract__in=contracts.values("pk")
            ).values_list("organization_id", flat=True)
        )
    return found


def collective_contract_in_force_many(organizations: Iterable, on_date: date) -> dict:
    """集体合同在有效期内: for an enterprise, True when an effective collective contract covers it on
    `on_date` — its own or a regional / industry one —, False when the platform knows of its
    collective contracts but none is in force, None when it knows of none; for an industrial park, the
    share (percent) of its enterprises covered; for a township office, the share of the
    enterprises of its township; None for other units or none to count."""
    ids = [getattr(o, "pk", o) for o in organizations]
    units: dict[int, tuple[str, str]] = {}
    for part in _chunks(ids):
        rows = Organization.objects.filter(among(Organization, "id", part)).values_list(
            "pk", "kind", "region_id", "region__level"
        )
        units.update({pk: (kind, code[: Region.PREFIX_LENGTH[level]]) for pk, kind, code, level in rows})
    enterprises = [pk for pk, (kind, _prefix) in units.items() if kind == Organization.Kind.ENTERPRISE]
    covered = covered_ids(enterprises, on_date)
    # An enterprise no collective contract on the platform names is "no data", not "none in
    # force": its own paper contract may exist, and the indicator falls back to its evidence.
    known = covered_ids([pk for pk in enterprises if pk not in covered], None)
    result: dict[int, object] = {pk: True if pk in covered else (False if pk in known else None) for pk in enterprises}
    areas = (Organization.Kind.INDUSTRIAL_PARK, Organization.Kind.TOWNSHIP_OFFICE)
    for pk, (kind, prefix) in ((pk, unit) for pk, unit in units.items() if unit[0] in areas):
        members = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE)
        if kind == Organization.Kind.INDUSTRIAL_PARK:
            members = members.filter(parent_id=pk)
        else:
            members = members.filter(region__code__startswith=prefix)
        counts = members.aggregate(n=Count("pk"), covered=Count("pk", filter=covered_expression(on_date)))
        result[pk] = percent(counts["covered"], counts["n"])
    return result


def collective_contract_in_force(organization, on_date: date):
    org_id = getattr(organization, "pk", organization)
    return collective_contract_in_force_many([org_id], on_date).get(org_id)


collective_contract_in_force.many = collective_contract_in_force_many
