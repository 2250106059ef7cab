"""Indicator systems: clone a published version into a provincial draft, edit the draft, publish
it; and score an assessment against the version it records.

Who may change systems: province staff (a tripartite office whose region is a province, i.e. a
2-digit prefix in their scope) and superusers. A province's clone belongs to that province
(`owner_region`); a draft is seen and edited only by the staff of its province (national drafts:
superusers), while published and retired versions are read by every logged-in user. A published
version is frozen (the models refuse to save it); every assessment keeps the version it used, so
publishing a new version never changes an old score.
"""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.models import Organization, Region, TimelineEntry
from hexie.core.registries import INDICATORS
from hexie.core.scoping import scoped, user_scope

from .. import rules
from ..models import Answer, Assessment, Indicator, IndicatorSystem

SYSTEM_FIELDS = ("name", "description", "pass_score")
INDICATOR_FIELDS = (
    "parent",
    "code",
    "name",
    "guidance",
    "order",
    "method",
    "max_score",
    "options",
    "computed_key",
    "evidence_required",
    "evidence_hint",
    "is_veto",
)


# --- who may do what ------------------------------------------------------------------------


def province_prefixes(user) -> tuple[str, ...]:
    return tuple(p for p in user_scope(user).regions if len(p) == 2)


def may_manage_systems(user) -> bool:
    """Province staff and superusers clone, edit and publish systems."""
    return user_scope(user).everything or bool(province_prefixes(user))


def may_edit(user, system: IndicatorSystem) -> bool:
    if system.frozen:
        return False
    if user_scope(user).everything:
        return True
    owner = system.owner_region_id
    return owner is not None and any(owner.startswith(p) for p in province_prefixes(user))


def visible_systems(user) -> QuerySet:
    """Published and retired versions for everyone logged in; drafts for those who may edit them."""
    systems = scoped(IndicatorSystem.objects.select_related("owner_region"), user)
    if user_scope(user).everything:
        return systems
    drafts = Q(pk__in=[])
    for prefix in province_prefixes(user):
        drafts |= Q(owner_region__code__startswith=prefix)
    return systems.filter(~Q(status=IndicatorSystem.Status.DRAFT) | drafts)


def _require_manager(user) -> None:
    if not may_manage_systems(user):
        raise PermissionDenied(_("只有省级协调劳动关系三方工作人员可以维护指标体系"))


def _require_editable(user, system: IndicatorSystem) -> None:
    _require_manager(user)
    if system.frozen:
        raise ValidationError(_("已发布的指标体系不能修改，请复制为新版本后编辑"), code="frozen")
    if not may_edit(user, system):
        raise PermissionDenied(_("只能编辑本省的指标体系草稿"))


def _timeline(system: IndicatorSystem, action: str, user, previous: str, note: str = "") -> None:
    TimelineEntry.objects.create(
        content_type=ContentType.objects.get_for_model(system),
        object_id=str(system.pk),
        action=action,
        from_status=previous,
        to_status=system.status,
        actor=user,
        actor_role="admin" if user_scope(user).everything else "staff",
        note=note,
    )


# --- clone, edit, publish -------------------------------------------------------------------


@transaction.atomic
def clone_system(system: IndicatorSystem, user) -> IndicatorSystem:
    """Copy a system's whole tree into a new draft with the same code and the next free version
    (the highest version of that code + 1), owned by the user's province."""
    _require_manager(user)
    if not visible_systems(user).filter(pk=system.pk).exists():
        raise PermissionDenied(_("无权复制该指标体系"))
    prefixes = province_prefixes(user)
    owner = (
        Region.objects.filter(level=Region.Level.PROVINCE, code__startswith=prefixes[0]).first()
        if prefixes
        else system.owner_region
    )
    top = IndicatorSystem.objects.select_for_update().filter(code=system.code).aggregate(v=Max("version"))["v"] or 0
    clone = IndicatorSystem.objects.create(
        code=system.code,
        version=top + 1,
        name=system.name,
        subject_kind=system.subject_kind,
        status=IndicatorSystem.Status.DRAFT,
        pass_score=system.pass_score,
        description=system.description,
        owner_region=owner,
        cloned_from=system,
    )
    copies: dict[int, Indicator] = {}
    for node in system.indicators.order_by("order", "pk"):  # parents come before their children
        copies[node.pk] = Indicator.objects.create(
            system=clone,
            parent=copies.get(node.parent_id),
            code=node.code,
            name=node.name,
            guidance=node.guidance,
            order=node.order,
            method=node.method,
            max_score=node.max_score,
            options=node.options,
            computed_key=node.computed_key,
            evidence_required=node.evidence_required,
            evidence_hint=node.evidence_hint,
            is_veto=node.is_veto,
        )
    _timeline(clone, "clone", user, "", note=str(system))
    return clone


@transaction.atomic
def update_system(user, system: IndicatorSystem, data: dict) -> IndicatorSystem:
    _require_editable(user, system)
    for name in SYSTEM_FIELDS:
        if name in data:
            setattr(system, name, data[name])
    system.full_clean(exclude=["cloned_from", "owner_region"])
    system.save()
    return system


def _check_indicator(indicator: Indicator, *, allow_unknown_key: bool = False) -> None:
    errors: dict[str, list] = {}
    if Indicator.objects.filter(system_id=indicator.system_id, code=indicator.code).exclude(pk=indicator.pk).exists():
        errors["code"] = [ValidationError(_("本体系中已有该编号的指标"), code="duplicate")]
    if indicator.parent_id:
        parent = indicator.parent
        if parent.system_id != indicator.system_id or parent.method != Indicator.Method.GROUP:
            errors["parent"] = [ValidationError(_("上级指标必须是本体系中的分组"), code="parent")]
        node = parent
        while node is not None:
            if indicator.pk and node.pk == indicator.pk:
                errors["parent"] = [ValidationError(_("上级指标不能是其自身或下级"), code="cycle")]
                break
            node = node.parent
    if indicator.pk and indicator.method != Indicator.Method.GROUP and indicator.children.exists():
        errors["method"] = [ValidationError(_("含有下级指标的节点只能是分组"), code="group")]
    if indicator.is_veto and indicator.method == Indicator.Method.GROUP:
        errors["is_veto"] = [ValidationError(_("否决项必须是具体指标，不能是分组"), code="veto_group")]
    if indicator.method == Indicator.Method.COMPUTED and not indicator.computed_key:
        errors["computed_key"] = [ValidationError(_("平台数据自动计算的指标须选择计算指标"), code="key")]
    if indicator.computed_key and indicator.computed_key not in INDICATORS and not allow_unknown_key:
        errors["computed_key"] = [
            ValidationError(_("该计算指标尚未登记，在其模块上线前按“无数据”处理"), code="unknown_key")
        ]
    problems = rules.option_errors(indicator.method, indicator.options, indicator.max_score, indicator.is_veto)
    if problems:
        errors["options"] = [ValidationError(p, code="options") for p in problems]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_indicator(user, system: IndicatorSystem, data: dict, indicator: Indicator | None = None) -> Indicator:
    """Add an indicator to a draft (indicator None) or change one of its indicators.

    A computed key not yet registered is refused only when new; a draft cloned from a system that
    names a future module's key keeps it (scored as "no data" until the module registers it)."""
    _require_editable(user, system)
    if indicator is not None and indicator.system_id != system.pk:
        raise PermissionDenied(_("该指标不属于此指标体系"))
    indicator = indicator or Indicator(system=system)
    previous_key = indicator.computed_key if indicator.pk else None
    for name in INDICATOR_FIELDS:
        if name in data:
            setattr(indicator, name, data[name])
    if indicator.options is None:
        indicator.options = {}
    _check_indicator(indicator, allow_unknown_key=previous_key == indicator.computed_key)
    indicator.full_clean(exclude=["system", "parent"])
    indicator.save()
    return indicator


@transaction.atomic
def delete_indicator(user, indicator: Indicator) -> None:
    """Remove an indicator and its subtree from a draft."""
    _require_editable(user, indicator.system)
    indicator.delete()


def check_system(system: IndicatorSystem) -> list[str]:
    """What stops a draft from being published: no scored indicator, a group worth more than its
    children can earn, a total of top-level points below the passing score."""
    problems = []
    specs = system_specs(system)
    plan = rules.ScoringPlan(specs, system.pass_score)
    if not plan.leaves:
        problems.append(_("指标体系没有任何评分指标"))
    for code, cap in plan.groups.items():
        earnable = sum((plan._node_max(child) for child in plan.children.get(code, [])), rules.ZERO)
        if earnable < cap:
            problems.append(
                _("分组 %(code)s 的分值 %(cap)s 高于其下级指标合计 %(sum)s")
                % {"code": code, "cap": cap, "sum": earnable}
            )
    if plan.max_total < system.pass_score:
        problems.append(
            _("满分 %(total)s 低于达标分数 %(pass)s") % {"total": plan.max_total, "pass": system.pass_score}
        )
    for spec in specs:
        errors = rules.option_errors(spec.method, spec.options, spec.max_score, spec.is_veto)
        problems += [f"{spec.code}：{e}" for e in errors]
    return problems


@transaction.atomic
def publish_system(system: IndicatorSystem, user) -> IndicatorSystem:
    """Publish a draft: it is frozen from now on; the previously published version of the same
    code and owner is retired (its assessments keep it)."""
    _require_editable(user, system)
    problems = check_system(system)
    if problems:
        raise ValidationError(problems, code="incomplete")
    previous = IndicatorSystem.objects.filter(
        code=system.code, owner_region=system.owner_region, status=IndicatorSystem.Status.PUBLISHED
    ).exclude(pk=system.pk)
    for old in previous:
        old.status = IndicatorSystem.Status.RETIRED
        old.save(update_fields=["status"])
        _timeline(old, "retire", user, IndicatorSystem.Status.PUBLISHED, note=str(system))
    system.status = IndicatorSystem.Status.PUBLISHED
    system.published_at = timezone.now()
    system._publishing = True
    try:
        system.save(update_fields=["status", "published_at"])
    finally:
        system._publishing = False
    _timeline(system, "publish", user, IndicatorSystem.Status.DRAFT)
    return system


# --- scoring --------------------------------------------------------------------------------


def system_specs(system: IndicatorSystem) -> list[rules.IndicatorSpec]:
    rows = system.indicators.order_by("order", "pk").values_list(
        "code",
        "parent__code",
        "method",
        "max_score",
        "name",
        "options",
        "computed_key",
        "is_veto",
        "evidence_required",
    )
    return [
        rules.IndicatorSpec(
            code=c,
            parent=p,
            method=m,
            max_score=s,
            name=n,
            options=o or {},
            computed_key=k,
            is_veto=v,
            evidence_required=e,
        )
        for c, p, m, s, n, o, k, v, e in rows
    ]


def scoring_plan(system: IndicatorSystem) -> rules.ScoringPlan:
    """The compiled tree of a system (one query); build it once per batch when scoring many."""
    return rules.ScoringPlan(system_specs(system), system.pass_score)


def computed_values(keys, organizations: list, on_date: date) -> dict[int, dict[str, object]]:
    """{organization id: {computed key: value}} for a batch of units, through the INDICATORS
    registry. A key no module has registered yields no value ("no data"); a function with a
    `.many` batch form is called once for the whole batch."""
    result: dict[int, dict[str, object]] = {getattr(o, "pk", o): {} for o in organizations}
    for key in keys:
        if key not in INDICATORS:
            continue
        func = INDICATORS[key].func
        many = getattr(func, "many", None)
        if many is not None:
            values = many(organizations, on_date)
            for org_id, value in values.items():
                if org_id in result:
                    result[org_id][key] = value
            continue
        units = [o for o in organizations if isinstance(o, Organization)]
        missing = [o for o in organizations if not isinstance(o, Organization)]
        units += Organization.objects.in_bulk(missing).values() if missing else []
        for organization in units:
            result[organization.pk][key] = func(organization, on_date)
    return result


def evaluate(assessment: Assessment, on_date: date | None = None) -> rules.AssessmentResult:
    """The result of an assessment as it stands (nothing written): for gaps pages and previews."""
    on_date = on_date or assessment.scored_on or timezone.localdate()
    plan = scoring_plan(assessment.system)
    values = dict(assessment.answers.values_list("indicator__code", "value"))
    with_evidence = set(
        Answer.evidence.through.objects.filter(answer__assessment=assessment).values_list(
            "answer__indicator__code", flat=True
        )
    )
    computed = computed_values(plan.computed_keys, [assessment.organization], on_date)[assessment.organization_id]
    return rules.score_assessment(plan, values, computed, evidence=with_evidence)


@transaction.atomic
def score(assessment: Assessment, on_date: date | None = None) -> Assessment:
    """Score `assessment` on its own system version and write each leaf's Answer.score and the
    assessment's total, veto and pass, in one transaction. Callers check who may score."""
    on_date = on_date or timezone.localdate()
    result = evaluate(assessment, on_date)
    plan = scoring_plan(assessment.system)
    existing = {a.indicator.code: a for a in assessment.answers.select_related("indicator")}
    missing = [leaf.code for leaf in plan.leaves if leaf.code not in existing]
    if missing:
        ids = dict(assessment.system.indicators.filter(code__in=missing).values_list("code", "pk"))
        created = Answer.objects.bulk_create([Answer(assessment=assessment, indicator_id=ids[c]) for c in missing])
        existing.update(zip(missing, created, strict=True))
    changed = []
    for leaf in plan.leaves:
        answer = existing[leaf.code]
        new = result.scores[leaf.code]
        if answer.score != new:
            answer.score = new
            changed.append(answer)
    Answer.objects.bulk_update(changed, ["score"])
    assessment.total = result.total
    assessment.vetoed = result.vetoed
    assessment.veto_codes = result.veto_codes
    assessment.passed = result.passed
    assessment.scored_on = on_date
    assessment.save(update_fields=["total", "vetoed", "veto_codes", "passed", "scored_on"])
    return assessment
