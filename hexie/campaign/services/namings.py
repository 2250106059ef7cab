"""Named units and their dynamic management (动态管理): naming (命名) with a certificate serial and a
plaque (铭牌) number, revocation (撤销命名), rechecks (复核) — scheduled three years after naming,
drawn in spot checks (抽查), opened by veto events (否决事项) — and the named status other modules
read for their incentives.

The rules come from the seed documents: Hubei names provincially every two years and rechecks
"自评定之日起，满三年需由省级协调劳动关系三方重新复核，通过复核的保留相关命名，对复核未通过的…撤销相关命名";
Weihai rechecks "采取抽查、普查等方式定期复核，不符合条件的…取消命名，收回铭牌，并向社会公布".

Every function here is one action in one transaction, checks who acts, and writes a timeline
entry (django-auditlog records the field changes besides).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hexie.core.models import Organization, Region, TimelineEntry
from hexie.core.scoping import user_scope

from ..models import Application, Level, Naming, Recheck, VetoEvent

RECHECK_YEARS = 3  # 满三年复核 (Hubei 15; Weihai 五)
SCHEDULE_AHEAD_DAYS = 60  # a scheduled recheck opens this long before it falls due
VETO_RECHECK_DAYS = 30  # a recheck opened by a veto event is due this many days later
SPOT_CHECK_DAYS = 60  # a spot check is due this many days after the draw
SERIAL_PREFIX = "HX"
SERIAL_ATTEMPTS = 5

# GB/T 2260 province codes -> the one-character abbreviation (简称) printed on plaque numbers.
PROVINCE_ABBREVIATIONS = {
    "11": "京",
    "12": "津",
    "13": "冀",
    "14": "晋",
    "15": "蒙",
    "21": "辽",
    "22": "吉",
    "23": "黑",
    "31": "沪",
    "32": "苏",
    "33": "浙",
    "34": "皖",
    "35": "闽",
    "36": "赣",
    "37": "鲁",
    "41": "豫",
    "42": "鄂",
    "43": "湘",
    "44": "粤",
    "45": "桂",
    "46": "琼",
    "50": "渝",
    "51": "川",
    "52": "贵",
    "53": "云",
    "54": "藏",
    "61": "陕",
    "62": "甘",
    "63": "青",
    "64": "宁",
    "65": "新",
}
# The honour's noun by the kind of unit named.
HONOUR_NOUN = {
    Organization.Kind.ENTERPRISE: gettext_lazy("企业"),
    Organization.Kind.INDUSTRIAL_PARK: gettext_lazy("工业园区"),
    Organization.Kind.TOWNSHIP_OFFICE: gettext_lazy("乡镇（街道）"),
}
# The four parties of a level (三方四家) as they sign a certificate, when no such office is recorded.
PARTY_NAMES = {
    Organization.Kind.GOVERNMENT: (gettext_lazy("人力资源和社会保障厅"), gettext_lazy("人力资源和社会保障局")),
    Organization.Kind.UNION: (gettext_lazy("总工会"), gettext_lazy("总工会")),
    Organization.Kind.ENTERPRISE_FEDERATION: (gettext_lazy("企业联合会"), gettext_lazy("企业联合会")),
    Organization.Kind.COMMERCE_FEDERATION: (gettext_lazy("工商业联合会"), gettext_lazy("工商业联合会")),
}


# --- names and numbers -------------------------------------------------------------------------


def level_region(organization: Organization, level: str) -> Region:
    """The region whose tripartite offices name at `level` a unit of `organization`'s region:
    its county, its city or its province."""
    code = organization.region.code
    target = {Level.COUNTY: code[:6], Level.CITY: code[:4] + "00", Level.PROVINCE: code[:2] + "0000"}[Level(level)]
    return Region.objects.get(code=target)


def region_title(region: Region) -> str:
    """How a region signs: 山东省, 济南市, 济南市历下区 (a county with its city, as in 威海市环翠区)."""
    if region.level == Region.Level.COUNTY and region.parent is not None:
        return f"{region.parent.name}{region.name}"
    return region.name


def naming_title(organization: Organization, level: str) -> str:
    """The honour: "<region>劳动关系和谐<企业|工业园区|乡镇（街道）>", e.g. 济南市历下区劳动关系和谐企业."""
    noun = HONOUR_NOUN.get(organization.kind, HONOUR_NOUN[Organization.Kind.ENTERPRISE])
    with translation.override("zh-hans"):  # the official honour is stored in Chinese, whoever names
        return _("%(region)s劳动关系和谐%(noun)s") % {
            "region": region_title(level_region(organization, level)),
            "noun": str(noun),
        }


def naming_organs(naming: Naming) -> list[str]:
    """The four parties of the naming level (人社、工会、企联、工商联), as they sign the certificate:
    the offices recorded for that region, or their usual names."""
    region = level_region(naming.organization, naming.level)
    recorded = dict(
        Organization.objects.filter(region=region, kind__in=Organization.TRIPARTITE)
        .order_by("-name")
        .values_list("kind", "name")
    )
    place = region_title(region)
    province = region.level == Region.Level.PROVINCE
    return [
        recorded.get(kind) or f"{place}{PARTY_NAMES[kind][0 if province else 1]}" for kind in Organization.TRIPARTITE
    ]


def _numbers(year: int, region: Region, sequence: int) -> tuple[str, str]:
    code = region.code[:6]
    serial = f"{SERIAL_PREFIX}-{year}-{code}-{sequence:05d}"
    abbreviation = PROVINCE_ABBREVIATIONS.get(code[:2], "")
    with translation.override("zh-hans"):  # an official number, always in Chinese
        plaque = _("%(abbr)s和谐〔%(year)s〕%(code)s第%(sequence)s号") % {
            "abbr": abbreviation,
            "year": year,
            "code": code,
            "sequence": f"{sequence:04d}",
        }
    return serial, plaque


def _next_sequence(year: int, region: Region) -> int:
    prefix = f"{SERIAL_PREFIX}-{year}-{region.code[:6]}-"
    last = Naming.objects.filter(serial__startswith=prefix).order_by("-serial").values_list("serial", flat=True).first()
    return int(last.rsplit("-", 1)[1]) + 1 if last else 1


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


# --- who may act -------------------------------------------------------------------------------


def covers(user, region: Region) -> bool:
    """Whether `user` is staff of a tripartite office of `region` or of a region above it."""
    scope = user_scope(user)
    return scope.everything or any(region.prefix.startswith(prefix) for prefix in scope.regions)


def may_manage(user, naming: Naming) -> bool:
    """Staff of the naming level's region (or above) revoke a naming and close its rechecks."""
    return covers(user, level_region(naming.organization, naming.level))


def _require_manager(user, naming: Naming) -> None:
    if not may_manage(user, naming):
        raise PermissionDenied(_("只有命名地区（或上级）协调劳动关系三方的工作人员可以办理"))


def _lock(obj) -> None:
    """Lock `obj`'s row for the rest of the transaction and reload it (the state acted on is current)."""
    list(type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("pk"))
    obj.refresh_from_db()


def _timeline(subject, action: str, from_status: str, to_status: str, user, note: str = "") -> None:
    TimelineEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=user,
        actor_role="staff" if user is not None else "system",
        note=note,
    )


# --- naming and revocation ---------------------------------------------------------------------


@transaction.atomic
def create_naming(application: Application, user) -> Naming:
    """Name the unit of `application` (命名): the honour's title, a certificate serial
    (HX-<year>-<region>-<sequence>) and a plaque number (鲁和谐〔<year>〕<region>第<sequence>号), both
    sequential per year and naming region, and the recheck clock (named_on + 3 years).

    Called by the naming step of the application (status 公示中 or 已命名); `user` is staff of the
    naming level's region or above, or None for the system (the demo generator)."""
    if application.status not in (Application.Status.NOTICE, Application.Status.NAMED):
        raise ValidationError(_("只有公示结束的申报才能命名"), code="not_ready")
    if Naming.objects.filter(application=application).exists():
        raise ValidationError(_("该申报已经命名"), code="already_named")
    organization = application.organization
    region = level_region(organization, application.level)
    if user is not None and not covers(user, region):
        raise PermissionDenied(_("只有命名地区（或上级）协调劳动关系三方的工作人员可以命名"))
    today = timezone.localdate()
    naming = Naming(
        application=application,
        organization=organization,
        level=application.level,
        year=today.year,
        title=naming_title(organization, application.level),
        named_on=today,
        recheck_due=add_years(today, RECHECK_YEARS),
    )
    for _attempt in range(SERIAL_ATTEMPTS):
        naming.serial, naming.plaque_number = _numbers(today.year, region, _next_sequence(today.year, region))
        try:
            with transaction.atomic():
                naming.save()
            break
        except IntegrityError:  # another naming took the number meanwhile: take the next one
            naming.pk = None
    else:
        raise ValidationError(_("证书编号分配冲突，请重试"), code="serial_conflict")
    _timeline(naming, "name", "", Naming.Status.ACTIVE, user, naming.title)
    return naming


@transaction.atomic
def revoke_naming(user, naming: Naming, reason: str, *, plaque_withdrawn: bool = True) -> Naming:
    """Revoke a naming (撤销命名): status revoked, the date, the reason, the plaque withdrawn (收回铭牌).
    Nothing is deleted: the public list shows the unit among the revoked (撤销名单). Open rechecks
    of the naming end with it (recorded as not passed, with the revocation as their note)."""
    _require_manager(user, naming)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤销原因")}, code="reason_required")
    _lock(naming)
    if naming.status != Naming.Status.ACTIVE:
        raise ValidationError(_("该命名已经撤销"), code="already_revoked")
    now = timezone.now()
    naming.status = Naming.Status.REVOKED
    naming.revoked_on = timezone.localdate(now)
    naming.revoke_reason = reason
    naming.plaque_withdrawn = plaque_withdrawn
    naming.save(update_fields=["status", "revoked_on", "revoke_reason", "plaque_withdrawn"])
    for recheck in naming.rechecks.filter(outcome=Recheck.Outcome.OPEN):
        recheck.outcome = Recheck.Outcome.FAILED
        recheck.note = _("命名已撤销：%(reason)s") % {"reason": reason}
        recheck.closed_by, recheck.closed_at = user, now
        recheck.save(update_fields=["outcome", "note", "closed_by", "closed_at"])
        _timeline(recheck, "close", Recheck.Outcome.OPEN, Recheck.Outcome.FAILED, user, recheck.note)
    _timeline(naming, "revoke", Naming.Status.ACTIVE, Naming.Status.REVOKED, user, reason)
    return naming


# --- rechecks ----------------------------------------------------------------------------------


@transaction.atomic
def open_recheck(
    naming: Naming, reason: str, veto_event: VetoEvent | None = None, *, due: date | None = None, user=None
) -> Recheck:
    """Open a recheck (复核) of an active naming. Due: the naming's recheck date when scheduled,
    30 days on for a veto event, 60 days on for a spot check."""
    if naming.status != Naming.Status.ACTIVE:
        raise ValidationError(_("已撤销的命名不再复核"), code="revoked")
    today = timezone.localdate()
    if due is None:
        due = {
            Recheck.Reason.SCHEDULED: max(naming.recheck_due, today),
            Recheck.Reason.VETO_EVENT: today + timedelta(days=VETO_RECHECK_DAYS),
            Recheck.Reason.SPOT_CHECK: today + timedelta(days=SPOT_CHECK_DAYS),
        }[Recheck.Reason(reason)]
    recheck = Recheck.objects.create(naming=naming, reason=reason, veto_event=veto_event, due=due)
    note = veto_event.get_kind_display() if veto_event is not None else recheck.get_reason_display()
    _timeline(recheck, "open", "", Recheck.Outcome.OPEN, user, note)
    return recheck


@transaction.atomic
def close_recheck(user, recheck: Recheck, passed: bool, note: str) -> Recheck:
    """Close a recheck. Passed: the naming is kept and its next recheck falls three years after
    this one ("通过复核的保留相关命名"). Not passed: the naming is revoked with the note as reason
    ("对复核未通过的…撤销相关命名")."""
    naming = recheck.naming
    _require_manager(user, naming)
    note = (note or "").strip()
    if not passed and not note:
        raise ValidationError({"note": _("复核未通过时请填写原因")}, code="note_required")
    _lock(recheck)
    if recheck.outcome != Recheck.Outcome.OPEN:
        raise ValidationError(_("该复核已经办结"), code="closed")
    now = timezone.now()
    recheck.outcome = Recheck.Outcome.PASSED if passed else Recheck.Outcome.FAILED
    recheck.note = note
    recheck.closed_by, recheck.closed_at = user, now
    recheck.save(update_fields=["outcome", "note", "closed_by", "closed_at"])
    _timeline(recheck, "close", Recheck.Outcome.OPEN, recheck.outcome, user, note)
    if passed:
        naming.recheck_due = add_years(timezone.localdate(now), RECHECK_YEARS)
        naming.save(update_fields=["recheck_due"])
    else:
        revoke_naming(user, naming, _("复核未通过：%(note)s") % {"note": note})
    return recheck


def rechecks_to_schedule(on: date):
    """Active namings whose recheck falls due within 60 days of `on` and have no open recheck."""
    return (
        Naming.objects.filter(status=Naming.Status.ACTIVE, recheck_due__lte=on + timedelta(days=SCHEDULE_AHEAD_DAYS))
        .exclude(rechecks__outcome=Recheck.Outcome.OPEN)
        .order_by("recheck_due", "pk")
    )


@transaction.atomic
def draw_spot_checks(user, region: Region, count: int, seed: int) -> list[Recheck]:
    """抽查: draw `count` of the region's active namings that have no open recheck, with
    `random.Random(seed)` over them in serial order (the same seed draws the same units), and open
    a recheck for each."""
    if not covers(user, region):
        raise PermissionDenied(_("只能在本地区范围内抽查"))
    if count < 1:
        raise ValidationError({"count": _("抽查数量至少为 1")}, code="count")
    candidates = list(
        Naming.objects.filter(status=Naming.Status.ACTIVE, organization__region__code__startswith=region.prefix)
        .exclude(rechecks__outcome=Recheck.Outcome.OPEN)
        .order_by("serial")
    )
    drawn = random.Random(seed).sample(candidates, min(count, len(candidates)))
    return [open_recheck(naming, Recheck.Reason.SPOT_CHECK, user=user) for naming in drawn]


# --- the veto-event hook -----------------------------------------------------------------------


@transaction.atomic
def record_veto_event(
    *, organization: Organization, kind: str, occurred_on: date, description: str = "", source: str = "", **extra
) -> VetoEvent:
    """The "veto_event" listener: record the event and open a recheck, due in 30 days, of each
    active naming of the organization. Other modules call it through
    `EVENTS.send("veto_event", organization=…, kind="wage_arrears", occurred_on=…, description=…,
    source="wages:case:17")`; `kind` is one of `VetoEvent.Kind`."""
    if kind not in VetoEvent.Kind.values:
        raise ValueError(f"unknown veto event kind {kind!r}: one of {VetoEvent.Kind.values}")
    event = VetoEvent.objects.create(
        organization=organization, kind=kind, occurred_on=occurred_on, description=description, source=source[:64]
    )
    for naming in organization.namings.filter(status=Naming.Status.ACTIVE):
        open_recheck(naming, Recheck.Reason.VETO_EVENT, veto_event=event)
    return event


# --- incentives --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NamedStatus:
    """A unit's named status for other modules' incentives (激励措施).

    Weihai's opinion (威人社函〔2023〕19号 六) for units that meet the standard: "适当减少劳动保障监察和
    社会保险稽核日常巡视检查频次，对办理劳动争议案件开辟绿色通道". So a named unit gets
    `green_channel` (disputes fast-tracked) and half the draw weight in routine inspections
    (`inspection_weight` 0.5, 1 for the others): fewer routine visits, never none — complaints and
    veto events still trigger checks of their own.
    """

    named: bool
    level: str | None = None
    since: date | None = None
    green_channel: bool = False
    inspection_weight: Decimal = Decimal("1")
    title: str = ""
    serial: str = ""


NAMED_INSPECTION_WEIGHT = Decimal("0.5")
LEVEL_RANK = {Level.COUNTY: 1, Level.CITY: 2, Level.PROVINCE: 3}


def named_status(organization: Organization) -> NamedStatus:
    """The unit's highest active naming (registered as QUERIES "campaign.named_status")."""
    namings = list(Naming.objects.filter(organization=organization, status=Naming.Status.ACTIVE))
    if not namings:
        return NamedStatus(named=False)
    best = max(namings, key=lambda n: (LEVEL_RANK[Level(n.level)], n.named_on))
    return NamedStatus(
        named=True,
        level=best.level,
        since=best.named_on,
        green_channel=True,
        inspection_weight=NAMED_INSPECTION_WEIGHT,
        title=best.title,
        serial=best.serial,
    )
