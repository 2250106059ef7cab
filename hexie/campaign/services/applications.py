"""Rounds, self-assessments, applications and their tripartite reviews (会签), evaluators, public
notice (公示) and objections, naming, ranking and national recommendation.

Each function is one user action in one transaction: it checks who acts, validates everything
before writing, moves statuses only through `Application.workflow.apply` and leaves a timeline
entry. Errors are Django's: `PermissionDenied` (403) when the actor may not act at all,
`ValidationError` with a Chinese message per field when the input is wrong — nothing is changed
in either case.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.attachments import check_upload, save_upload
from hexie.core.models import Attachment, Membership, Organization, Region, TimelineEntry
from hexie.core.scoping import scoped

from ..models import (
    Answer,
    Application,
    Assessment,
    Indicator,
    IndicatorSystem,
    Level,
    Naming,
    Objection,
    Party,
    Round,
    Signoff,
    SubjectKind,
)

# Evidence and reports: PDF, images and Office documents; no CSV or anything else.
EVIDENCE_TYPES = {
    t: ext for t, ext in Attachment.ALLOWED_TYPES.items() if ext in (".pdf", ".jpg", ".png", ".docx", ".xlsx")
}
APPLICANT_ROLES = {"hr", "legal_rep", "admin", "staff"}
STAFF_ROLES = {"staff", "admin"}
REGION_LEVEL = {Level.COUNTY: Region.Level.COUNTY, Level.CITY: Region.Level.CITY, Level.PROVINCE: Region.Level.PROVINCE}
NEXT_MOVE = {Level.COUNTY: "to_city", Level.CITY: "to_province"}
OBJECTION_MIN, OBJECTION_MAX = 10, 2000
EDITABLE = (Application.Status.DRAFT, Application.Status.RETURNED)


# --- who acts ------------------------------------------------------------------------------------


def _note(application: Application, action: str, user, role: str, note: str = "") -> TimelineEntry:
    """A timeline entry for an action that does not move the status (an evaluator assigned…)."""
    return TimelineEntry.objects.create(
        content_type=ContentType.objects.get_for_model(application),
        object_id=str(application.pk),
        action=action,
        from_status=application.status,
        to_status=application.status,
        actor=user if getattr(user, "is_authenticated", False) else None,
        actor_role=role,
        note=note,
    )


def tripartite_memberships(user, region_code: str, region_level: str | None = None):
    """The user's staff memberships in the four parties' offices whose region contains `region_code`
    (at `region_level` when given)."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = []
    for m in user.memberships.select_related("organization__region").filter(
        role__in=STAFF_ROLES, organization__kind__in=Organization.TRIPARTITE
    ):
        region = m.organization.region
        if region.contains(region_code) and (region_level is None or region.level == region_level):
            found.append(m)
    return found


def may_manage_round_region(user, region: Region) -> bool:
    """Staff of a tripartite office whose region contains `region` organise rounds there."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(tripartite_memberships(user, region.code))


def round_regions(user) -> list[Region]:
    """The regions whose rounds `user` may organise (their tripartite offices' regions)."""
    if getattr(user, "is_superuser", False):
        return list(Region.objects.filter(level=Region.Level.PROVINCE))
    if not getattr(user, "is_authenticated", False):
        return []
    members = user.memberships.select_related("organization__region").filter(
        role__in=STAFF_ROLES, organization__kind__in=Organization.TRIPARTITE
    )
    return sorted({m.organization.region for m in members}, key=lambda r: r.code)


def applicant_roles(user, organization: Organization) -> set[str]:
    """The roles `user` holds in the applying unit itself (its HR, legal representative, the
    park's or township office's staff)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return {"admin"}
    return set(
        Membership.objects.filter(user=user, organization=organization, role__in=APPLICANT_ROLES).values_list(
            "role", flat=True
        )
    )


def applicant_organizations(user):
    """The units `user` may apply for (enterprises, parks, township offices they belong to)."""
    kinds = [Organization.Kind.ENTERPRISE, Organization.Kind.INDUSTRIAL_PARK, Organization.Kind.TOWNSHIP_OFFICE]
    return Organization.objects.filter(
        memberships__user=user, memberships__role__in=APPLICANT_ROLES, kind__in=kinds
    ).distinct()


def _staff_role(user, application: Application) -> str:
    """The role of a tripartite office's staff whose region contains the applicant."""
    if getattr(user, "is_superuser", False):
        return "admin"
    members = tripartite_memberships(user, application.organization.region_id)
    if not members:
        raise PermissionDenied(_("只有本地区三方工作人员可以执行此操作"))
    return members[0].role


def _locked(application: Application) -> Application:
    """Re-read the application under a row lock, so two reviewers never act on a stale status."""
    application.refresh_from_db(from_queryset=Application.objects.select_for_update())
    application._loaded_status = application.status
    return application


# --- rounds --------------------------------------------------------------------------------------

ROUND_FIELDS = ("name", "year", "subject_kind", "system", "region", "opens", "closes", "quotas")


def _clean_quotas(quotas) -> dict:
    cleaned = {}
    for level, value in (quotas or {}).items():
        if level not in Level.values:
            raise ValidationError({"quotas": _("名额层级只能是县级、市级或省级")})
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError({"quotas": _("名额必须是非负整数")}) from None
        if number < 0:
            raise ValidationError({"quotas": _("名额必须是非负整数")})
        cleaned[level] = number
    return cleaned


def _save_round(user, round_: Round, data: dict) -> Round:
    for name in ROUND_FIELDS:
        if name in data:
            setattr(round_, name, data[name])
    round_.quotas = _clean_quotas(round_.quotas)
    if round_.region_id is None or not may_manage_round_region(user, round_.region):
        raise PermissionDenied(_("只有本地区三方工作人员可以组织创建批次"))
    if round_.system_id and round_.system.subject_kind != round_.subject_kind:
        raise ValidationError({"system": _("指标体系的适用对象与批次对象类型不一致")})
    round_.full_clean()
    round_.save()
    return round_


@transaction.atomic
def create_round(user, data: dict) -> Round:
    return _save_round(user, Round(), data)


@transaction.atomic
def update_round(user, round_: Round, data: dict) -> Round:
    if not may_manage_round_region(user, round_.region):
        raise PermissionDenied(_("只有本地区三方工作人员可以修改创建批次"))
    if "system" in data and data["system"] != round_.system and round_.applications.exists():
        raise ValidationError({"system": _("批次已有申报，不能更换指标体系")})
    return _save_round(user, round_, data)


# --- applications --------------------------------------------------------------------------------


def _round_allows_level(round_: Round, level: str) -> bool:
    """A county round names at county level only, a city round up to city, a province round any."""
    allowed = {Region.Level.COUNTY: [Level.COUNTY], Region.Level.CITY: [Level.COUNTY, Level.CITY]}
    return level in allowed.get(round_.region.level, Level.values)


@transaction.atomic
def create_application(user, round_: Round, organization: Organization, level: str, *, today: date | None = None):
    """Apply for `level` in `round_` (创建申报): opens a draft with an empty self-assessment (自评)."""
    roles = applicant_roles(user, organization)
    if not roles:
        raise PermissionDenied(_("只有申报单位本身的人员可以提出申报"))
    today = today or timezone.localdate()
    if today > round_.closes:
        raise ValidationError(
            {
                "round": _("“%(round)s”已于%(date)s截止申报")
                % {"round": round_.name, "date": f"{round_.closes:%Y年%m月%d日}"}
            }
        )
    if today < round_.opens:
        raise ValidationError(
            {"round": _("“%(round)s”%(date)s开始申报") % {"round": round_.name, "date": f"{round_.opens:%Y年%m月%d日}"}}
        )
    if SubjectKind.of(organization) != round_.subject_kind:
        raise ValidationError(
            {"organization": _("本批次面向%(kind)s，该单位不能申报") % {"kind": round_.get_subject_kind_display()}}
        )
    if not round_.region.contains(organization.region_id):
        raise ValidationError({"organization": _("申报单位不在本批次的组织地区内")})
    if level not in Level.values or not _round_allows_level(round_, level):
        raise ValidationError({"level": _("本批次不能申报该层级")})
    if Application.objects.filter(round=round_, organization=organization, level=level).exists():
        raise ValidationError(
            {"level": _("该单位已在本批次申报过%(level)s，不能重复申报") % {"level": Level(level).label}}
        )
    assessment = Assessment.objects.create(
        organization=organization, system=round_.system, by=Assessment.By.SELF, created_by=user
    )
    try:
        with transaction.atomic():
            return Application.objects.create(
                round=round_, organization=organization, level=level, self_assessment=assessment, created_by=user
            )
    except IntegrityError:  # a second request at the same moment
        raise ValidationError({"level": _("该单位已在本批次申报过此层级，不能重复申报")}) from None


def leaf_indicators(system: IndicatorSystem) -> list[Indicator]:
    """The scored indicators of a system in tree order (groups left out)."""
    return [i for i in system.indicators.order_by("order", "code") if i.method != Indicator.Method.GROUP]


def _score(assessment: Assessment) -> Assessment:
    from .systems import score  # the systems module scores; imported here to keep import order simple

    return score(assessment)


def _save_answers(user, assessment: Assessment, answers: dict, uploads: dict, *, region: Region, owner) -> Assessment:
    """Write the answers and evidence of one assessment: every upload is checked before anything is
    kept, so a forbidden file leaves the assessment as it was."""
    leaves = {i.pk: i for i in leaf_indicators(assessment.system)}
    errors = {}
    for indicator_id, files in uploads.items():
        indicator = leaves.get(int(indicator_id))
        if indicator is None:
            raise ValidationError(_("指标不属于本评价体系"))
        for upload in files:
            try:
                check_upload(upload, EVIDENCE_TYPES)
            except ValidationError as exc:
                errors.setdefault(f"evidence_{indicator.pk}", []).extend(
                    ValidationError(f"{indicator.code}：{m}", code=exc.code) for m in exc.messages
                )
    for indicator_id in answers:
        if int(indicator_id) not in leaves:
            raise ValidationError(_("指标不属于本评价体系"))
    if errors:
        raise ValidationError(errors)
    existing = {a.indicator_id: a for a in assessment.answers.all()}
    for indicator_id, given in answers.items():
        indicator = leaves[int(indicator_id)]
        answer = existing.get(indicator.pk) or Answer(assessment=assessment, indicator=indicator)
        answer.value = given.get("value")
        answer.note = (given.get("note") or "").strip()
        answer.save()
        existing[indicator.pk] = answer
    for indicator_id, files in uploads.items():
        indicator = leaves[int(indicator_id)]
        answer = existing.get(indicator.pk)
        if answer is None:
            answer = existing[indicator.pk] = Answer.objects.create(assessment=assessment, indicator=indicator)
        for upload in files:
            answer.evidence.add(
                save_upload(upload, user=user, organization=owner, region=region, allowed=EVIDENCE_TYPES)
            )
    return _score(assessment)


@transaction.atomic
def save_self_assessment(user, application: Application, answers: dict, uploads: dict | None = None) -> Assessment:
    """Fill the self-assessment (自评): `answers` {indicator id: {"value", "note"}}, `uploads`
    {indicator id: [files]}; then score it against the round's system version."""
    if not applicant_roles(user, application.organization):
        raise PermissionDenied(_("只有申报单位本身的人员可以填写自评"))
    _locked(application)
    if application.status not in EDITABLE:
        raise ValidationError(_("申报已提交，自评不能再修改"))
    org = application.organization
    return _save_answers(user, application.self_assessment, answers, uploads or {}, region=org.region, owner=org)


def missing_answers(assessment: Assessment) -> list[Indicator]:
    """Leaf indicators the unit still has to answer (computed ones come from the platform)."""
    answered = {a.indicator_id for a in assessment.answers.all() if a.value not in (None, "")}
    return [
        i for i in leaf_indicators(assessment.system) if i.method != Indicator.Method.COMPUTED and i.pk not in answered
    ]


@transaction.atomic
def submit_application(user, application: Application) -> Application:
    """Submit (or resubmit after a return): a new review cycle starts."""
    roles = applicant_roles(user, application.organization)
    if not roles:
        raise PermissionDenied(_("只有申报单位本身的人员可以提交申报"))
    _locked(application)
    if application.status == Application.Status.DRAFT and timezone.localdate() > application.round.closes:
        raise ValidationError(_("本批次已截止申报"))
    missing = missing_answers(application.self_assessment)
    if missing:
        raise ValidationError(_("自评尚未完成：%(codes)s 未填写") % {"codes": "、".join(i.code for i in missing[:10])})
    application.submitted_at = timezone.now()
    application.cycle += 1
    application.decision_note = ""
    Application.workflow.apply(application, "submit", user, roles=roles)
    return application


@transaction.atomic
def accept_application(user, application: Application) -> Application:
    """The county office receives (受理) the application and opens the county review."""
    _locked(application)
    members = tripartite_memberships(user, application.organization.region_id, Region.Level.COUNTY)
    if not members and not user.is_superuser:
        raise PermissionDenied(_("只有申报单位所在县（市、区）的三方工作人员可以受理"))
    Application.workflow.apply(application, "accept", user, roles={m.role for m in members} or {"admin"})
    return application


@transaction.atomic
def withdraw_application(user, application: Application) -> Application:
    roles = applicant_roles(user, application.organization)
    if not roles:
        raise PermissionDenied(_("只有申报单位本身的人员可以撤回申报"))
    _locked(application)
    Application.workflow.apply(application, "withdraw", user, roles=roles)
    return application


# --- four-party review (三方四家会签) ---------------------------------------------------------------


def signoff_grid(application: Application) -> list[tuple[str, str, list[Signoff | None]]]:
    """(level, label, [the current cycle's sign-off of each party or None]) for the levels of the chain."""
    found = {
        (s.level, s.party): s for s in application.signoffs.filter(cycle=application.cycle).select_related("reviewer")
    }
    return [
        (level.value, level.label, [found.get((level.value, party.value)) for party in Party])
        for level in Level(application.level).chain
    ]


@transaction.atomic
def sign_off(
    user,
    application: Application,
    decision: str,
    note: str = "",
    score=None,
    *,
    party: str | None = None,
    at: datetime | None = None,
) -> Signoff:
    """One party's decision at the current review level. All four approved: on to the next level,
    or to 公示 at the target level. Any party may return (退回修改) or reject (不予通过) with reasons."""
    _locked(application)
    level = application.review_level
    if level is None:
        raise ValidationError(_("申报当前不在评审阶段"))
    members = tripartite_memberships(user, application.organization.region_id, REGION_LEVEL[Level(level)])
    if party:
        members = [m for m in members if m.organization.kind == party]
    if not members:
        raise PermissionDenied(_("您不是该申报%(level)s评审的三方成员单位工作人员") % {"level": Level(level).label})
    member = members[0]
    if decision not in Signoff.Decision.values:
        raise ValidationError({"decision": _("请选择评审意见")})
    note = (note or "").strip()
    if decision != Signoff.Decision.APPROVE and not note:
        raise ValidationError({"note": _("退回或不同意时必须说明理由")})
    if score not in (None, ""):
        try:
            score = Decimal(str(score))
        except ArithmeticError:
            raise ValidationError({"score": _("评审得分应为数字")}) from None
        if not Decimal("0") <= score <= Decimal("1000"):
            raise ValidationError({"score": _("评审得分超出范围")})
    else:
        score = None
    kind = member.organization.kind
    if Signoff.objects.filter(application=application, cycle=application.cycle, level=level, party=kind).exists():
        raise ValidationError(
            _("%(party)s已在本轮%(level)s评审中签署意见") % {"party": Party(kind).label, "level": Level(level).label}
        )
    signoff = Signoff.objects.create(
        application=application,
        cycle=application.cycle,
        level=level,
        party=kind,
        decision=decision,
        score=score,
        note=note,
        reviewer=user,
        reviewer_organization=member.organization,
    )
    roles = {member.role}
    if decision == Signoff.Decision.RETURN:
        application.decision_note = note
        Application.workflow.apply(application, "return", user, note=note, roles=roles, at=at)
    elif decision == Signoff.Decision.REJECT:
        application.decision_note = note
        Application.workflow.apply(application, "reject", user, note=note, roles=roles, at=at)
    else:
        approved = set(
            Signoff.objects.filter(
                application=application, cycle=application.cycle, level=level, decision=Signoff.Decision.APPROVE
            ).values_list("party", flat=True)
        )
        if approved >= set(Party.values):
            move = "to_notice" if level == application.level else NEXT_MOVE[Level(level)]
            Application.workflow.apply(
                application,
                move,
                user,
                roles=roles,
                at=at,
                note=_("%(level)s四方会签通过") % {"level": Level(level).label},
            )
    return signoff


# --- third-party evaluator (第三方评估) -------------------------------------------------------------


@transaction.atomic
def assign_evaluator(user, application: Application, evaluator: Organization) -> Application:
    role = _staff_role(user, application)
    if evaluator.kind != Organization.Kind.EVALUATOR:
        raise ValidationError({"evaluator": _("请选择第三方评估机构")})
    _locked(application)
    if application.status not in Application.REVIEWING:
        raise ValidationError(_("只有评审中的申报可以指派第三方评估机构"))
    if application.evaluator_id and application.evaluator_id != evaluator.pk and application.evaluator_assessment_id:
        raise ValidationError({"evaluator": _("原评估机构已提交评估，不能更换")})
    application.evaluator = evaluator
    application.save(update_fields=["evaluator"])
    _note(application, "assign_evaluator", user, role, _("指派第三方评估机构：%(name)s") % {"name": evaluator.name})
    return application


def is_evaluator_of(user, application: Application) -> bool:
    return (
        bool(application.evaluator_id)
        and Membership.objects.filter(user=user, organization_id=application.evaluator_id, role="evaluator").exists()
    )


@transaction.atomic
def record_evaluation(
    user, application: Application, answers: dict, uploads: dict | None = None, report=None
) -> Assessment:
    """The assigned evaluator's own scoring and report, kept beside the unit's self-assessment."""
    if not is_evaluator_of(user, application):
        raise PermissionDenied(_("只有被指派的第三方评估机构的评估人员可以评分"))
    _locked(application)
    if application.status not in Application.REVIEWING:
        raise ValidationError(_("申报不在评审阶段，不能评估"))
    if report is not None:
        try:
            check_upload(report, EVIDENCE_TYPES)
        except ValidationError as exc:
            raise ValidationError({"report": exc.messages}) from None
    assessment = application.evaluator_assessment
    if assessment is None:
        assessment = Assessment.objects.create(
            organization=application.organization,
            system=application.round.system,
            by=Assessment.By.EVALUATOR,
            assessor=application.evaluator,
            created_by=user,
        )
        application.evaluator_assessment = assessment
        application.save(update_fields=["evaluator_assessment"])
    region = application.organization.region
    assessment = _save_answers(user, assessment, answers, uploads or {}, region=region, owner=application.evaluator)
    if report is not None:
        assessment.report = save_upload(
            report, user=user, organization=application.evaluator, region=region, allowed=EVIDENCE_TYPES
        )
        assessment.save(update_fields=["report"])
    _note(application, "evaluation", user, "evaluator", _("第三方评估得分：%(total)s") % {"total": assessment.total})
    return assessment


# --- public notice (公示) and objections ------------------------------------------------------------


def in_notice(today: date | None = None):
    """Applications now in 公示 (for the public page)."""
    today = today or timezone.localdate()
    return Application.objects.filter(status=Application.Status.NOTICE, notice_ends__gte=today)


@transaction.atomic
def record_objection(
    application: Application, text: str, contact_name: str = "", contact_phone: str = "", *, today: date | None = None
) -> Objection:
    """An objection from the public page (no login) while the application is in 公示."""
    today = today or timezone.localdate()
    _locked(application)
    if (
        application.status != Application.Status.NOTICE
        or application.notice_ends is None
        or today > application.notice_ends
    ):
        raise ValidationError(_("该单位不在公示期内，不能提出异议"))
    text = (text or "").strip()
    errors = {}
    if len(text) < OBJECTION_MIN:
        errors["text"] = _("异议内容至少%(n)d个字，请写明具体事实") % {"n": OBJECTION_MIN}
    elif len(text) > OBJECTION_MAX:
        errors["text"] = _("异议内容不能超过%(n)d个字") % {"n": OBJECTION_MAX}
    contact_name = (contact_name or "").strip()
    contact_phone = (contact_phone or "").strip().replace(" ", "").replace("-", "")
    if len(contact_name) > 64:
        errors["contact_name"] = _("联系人不能超过64个字")
    if contact_phone and not (contact_phone.isdigit() and 7 <= len(contact_phone) <= 20):
        errors["contact_phone"] = _("联系电话应为7到20位数字")
    if errors:
        raise ValidationError(errors)
    objection = Objection.objects.create(
        application=application, text=text, contact_name=contact_name, contact_phone=contact_phone
    )
    _note(application, "objection", None, "public", _("收到公示异议"))
    return objection


@transaction.atomic
def handle_objection(user, objection: Objection, upheld: bool, response: str, *, action: str = "return") -> Objection:
    """Staff verify an objection (核查): upheld returns or rejects the application; dismissed lets it go on."""
    application = objection.application
    role = _staff_role(user, application)
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    if locked.status != Objection.Status.OPEN:
        raise ValidationError(_("该异议已处理"))
    response = (response or "").strip()
    if not response:
        raise ValidationError({"response": _("请填写核查结果")})
    if upheld and action not in ("return", "reject"):
        raise ValidationError({"action": _("异议成立时请选择退回修改或不予通过")})
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.response = response
    objection.handled_by = user
    objection.handled_at = timezone.now()
    objection.save()
    _locked(application)
    if upheld and application.status in Application.REVIEWING:
        application.decision_note = response
        Application.workflow.apply(
            application, action, user, note=_("公示异议成立：%(r)s") % {"r": response}, roles={role}
        )
    else:
        _note(application, "objection_dismissed" if not upheld else "objection_upheld", user, role, response)
    return objection


# --- naming, ranking, recommendation -------------------------------------------------------------


def _create_naming(application: Application, user) -> Naming:
    from . import namings

    return namings.create_naming(application, user)


@transaction.atomic
def name_application(user, application: Application, *, today: date | None = None) -> Naming:
    """Name (命名) the unit once 公示 has ended with no objection left open."""
    today = today or timezone.localdate()
    _locked(application)
    at_or_above = {
        Level.COUNTY: (Region.Level.COUNTY, Region.Level.CITY, Region.Level.PROVINCE),
        Level.CITY: (Region.Level.CITY, Region.Level.PROVINCE),
        Level.PROVINCE: (Region.Level.PROVINCE,),
    }[Level(application.level)]
    members = [
        m
        for m in tripartite_memberships(user, application.organization.region_id)
        if m.organization.region.level in at_or_above
    ]
    if not members and not user.is_superuser:
        raise PermissionDenied(_("只有命名地区（或上级）的三方工作人员可以命名"))
    if application.status != Application.Status.NOTICE:
        raise ValidationError(_("只有公示中的申报可以命名"))
    if application.notice_ends is None or today <= application.notice_ends:
        raise ValidationError(
            _("公示期至%(date)s，期满后才能命名") % {"date": f"{application.notice_ends:%Y年%m月%d日}"}
        )
    if application.objections.filter(status=Objection.Status.OPEN).exists():
        raise ValidationError(_("还有未处理的公示异议，处理后才能命名"))
    Application.workflow.apply(application, "name", user, roles={m.role for m in members} or {"admin"})
    return _create_naming(application, user)


@dataclass
class Candidate:
    application: Application
    score: Decimal
    source: str  # "self" or "evaluator"
    vetoed: bool
    rank: int = 0
    within_quota: bool | None = None  # None when the round sets no quota for the level


RANKED_OUT = (
    Application.Status.DRAFT,
    Application.Status.WITHDRAWN,
    Application.Status.REJECTED,
    Application.Status.RETURNED,
)


def ranking(round_: Round, level: str, queryset=None) -> list[Candidate]:
    """A round's candidates at `level` by score: the evaluator's when present, else the
    self-assessment total; vetoed ones last; the first `quota` unvetoed ones are within the quota."""
    rows = (
        (queryset if queryset is not None else round_.applications.all())
        .filter(level=level)
        .exclude(status__in=RANKED_OUT)
        .select_related("organization", "self_assessment", "evaluator_assessment")
    )
    candidates = []
    for app in rows:
        used = app.evaluator_assessment or app.self_assessment
        candidates.append(Candidate(app, used.total, used.by, used.vetoed))
    candidates.sort(key=lambda c: (c.vetoed, -c.score, c.application.submitted_at or c.application.created_at))
    quota = round_.quota(level)
    eligible = 0
    for rank, c in enumerate(candidates, start=1):
        c.rank = rank
        if quota is not None:
            c.within_quota = not c.vetoed and eligible < quota
            eligible += 0 if c.vetoed else 1
    return candidates


@transaction.atomic
def recommend_national(user, application: Application, recommended: bool = True) -> Application:
    """Province staff recommend a named unit to the national level (推荐全国)."""
    members = tripartite_memberships(user, application.organization.region_id, Region.Level.PROVINCE)
    if not members and not user.is_superuser:
        raise PermissionDenied(_("只有省级三方工作人员可以推荐至全国"))
    _locked(application)
    if application.status != Application.Status.NAMED:
        raise ValidationError(_("只有已命名的单位可以推荐至全国"))
    application.recommended_national = recommended
    application.save(update_fields=["recommended_national"])
    _note(application, "recommend" if recommended else "unrecommend", user, members[0].role if members else "admin")
    return application


def visible_applications(user):
    return scoped(Application.objects.select_related("round", "organization__region", "self_assessment"), user)


@dataclass
class AssessmentRow:
    """One scored indicator of an assessment as pages show it: the answer, the score and the gap."""

    indicator: Indicator
    answer: Answer | None
    score: Decimal
    evidence: list
    vetoed: bool
    message: str = ""  # why points were lost (未填报；缺少佐证材料…), from the scoring rules

    @property
    def shortfall(self) -> Decimal:
        return max(Decimal("0"), self.indicator.max_score - self.score)

    @property
    def evidence_missing(self) -> bool:
        return self.indicator.evidence_required and not self.evidence

    @property
    def gap(self) -> bool:
        return self.vetoed or self.shortfall > 0 or self.evidence_missing


def assessment_rows(assessment: Assessment | None) -> list[AssessmentRow]:
    """Every scored indicator of `assessment` with its answer, evidence and gap (差距)."""
    if assessment is None:
        return []
    from .systems import evaluate

    answers = {a.indicator_id: a for a in assessment.answers.prefetch_related("evidence")}
    vetoes = set(assessment.veto_codes or [])
    gaps = {g.code: g.message for g in evaluate(assessment).gaps}
    rows = []
    for indicator in leaf_indicators(assessment.system):
        answer = answers.get(indicator.pk)
        rows.append(
            AssessmentRow(
                indicator,
                answer,
                answer.score if answer else Decimal("0"),
                list(answer.evidence.all()) if answer else [],
                indicator.code in vetoes,
                gaps.get(indicator.code, ""),
            )
        )
    return rows
