"""The blacklist (失信联合惩戒对象名单, BL) and the key-attention list (重点关注名单).

    listing = propose(user, organization=org, kind=Listing.Kind.BLACKLIST, complaint=complaint)
    notify(listing, user)          # BL-6: notice; objection within 5 working days
    object_to(listing, hr, text)   # the party objects in time
    decide(listing, user)          # BL-8: the decision; BL-11: three years on the list
    publish(listing, user)         # the public page and the joint-punishment export
    remove_early(listing, user)    # BL-12..14, or expire_listings(today) when the term ends (BL-17)

A proposal must rest on BL-5 grounds found by `rules.blacklist_findings` from the complaint's
figures and the province's threshold (`ListingThreshold`); BL-7 (corrected with a written pledge
before the decision) turns a decision into a refusal.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.models import Organization
from hexie.core.rules import ERROR
from hexie.core.scoping import scoped
from hexie.core.services import may_manage_region

from .. import rules
from ..models import ArrearsWarning, Complaint, Listing, ListingThreshold
from .enforcement import order_ignored

OPEN = (Listing.Status.PROPOSED, Listing.Status.NOTIFIED, Listing.Status.OBJECTED, Listing.Status.LISTED)
ATTENTION_MONTHS = 12  # how long an employer stays on the key-attention list (platform default)


def threshold_for(region_code: str) -> ListingThreshold:
    found = ListingThreshold.objects.filter(region_id=region_code[:2] + "0000").first()
    if found is None:
        raise ValidationError(_("本省尚未设定拒不支付劳动报酬罪数额标准，请先在系统中维护"), code="no_threshold")
    return found


def visible_listings(user):
    return scoped(Listing.objects.select_related("organization", "region"), user)


def may_act(user, listing: Listing) -> bool:
    """Staff of the listing's region propose, notify, decide, publish and remove."""
    return may_manage_region(user, listing.region)


def _staff_of(user, region) -> None:
    if not may_manage_region(user, region):
        raise PermissionDenied(_("只有本地区人力资源社会保障部门工作人员可以办理"))


def grounds(complaint: Complaint, *, mass_incident: bool = False, today: date | None = None) -> list:
    """BL-5 grounds for listing the employer of `complaint` (findings; empty when none)."""
    threshold = threshold_for(complaint.region_id)
    return rules.blacklist_findings(
        workers_owed=complaint.workers,
        months_owed=complaint.months,
        amount_owed=max(complaint.amount - complaint.paid_amount, Decimal("0.00")),
        individual_threshold=threshold.individual,
        collective_threshold=threshold.collective,
        order_ignored=order_ignored(complaint, today),
        corrected_with_pledge=False,
        mass_incident=mass_incident,
    )


def arrears_in_12_months(organization: Organization, today: date) -> int:
    since = today.replace(year=today.year - 1)
    complaints = Complaint.objects.filter(employer=organization, filed_at__date__gt=since).exclude(
        status=Complaint.Status.DISMISSED
    )
    warnings = ArrearsWarning.objects.filter(
        Q(project__general_contractor=organization) | Q(project__subcontracts__subcontractor=organization),
        opened_on__gt=since,
        kind__in=(ArrearsWarning.Kind.UNPAID, ArrearsWarning.Kind.UNDERPAID, ArrearsWarning.Kind.BELOW_MINIMUM),
    ).distinct()
    return complaints.count() + warnings.count()


def propose(
    user,
    *,
    organization: Organization,
    kind: str,
    complaint: Complaint | None = None,
    mass_incident: bool = False,
    responsible_person: str = "",
) -> Listing:
    """A staff member proposes `organization` for a list. The blacklist needs BL-5 grounds from a
    complaint whose order to pay was ignored (or a mass incident); the key-attention list needs
    repeated arrears or an ignored order below the threshold."""
    _staff_of(user, organization.region)
    today = timezone.localdate()
    if Listing.objects.filter(organization=organization, kind=kind, status__in=OPEN).exists():
        raise ValidationError(_("该单位已在此名单或列入程序中"), code="already_listed")
    if complaint is not None and complaint.employer_id != organization.pk:
        raise ValidationError(
            {"complaint": ValidationError(_("投诉案件的被投诉单位不是该单位"), code="wrong_complaint")}
        )
    if kind == Listing.Kind.BLACKLIST:
        if complaint is None and not mass_incident:
            raise ValidationError(
                {"complaint": ValidationError(_("请选择责令限期支付逾期未履行的投诉案件"), code="no_case")}
            )
        if complaint is not None:
            found = grounds(complaint, mass_incident=mass_incident, today=today)
        else:
            threshold = threshold_for(organization.region_id)
            found = rules.blacklist_findings(
                workers_owed=0, months_owed=0, amount_owed=Decimal(0), individual_threshold=threshold.individual,
                collective_threshold=threshold.collective, order_ignored=True, corrected_with_pledge=False,
                mass_incident=True,
            )  # fmt: skip
        if not any(f.level == ERROR for f in found):
            raise ValidationError(_("不符合列入失信联合惩戒对象名单的条件（第五条）"), code="no_grounds")
    elif kind == Listing.Kind.ATTENTION:
        found = rules.attention_findings(
            arrears_cases_12_months=arrears_in_12_months(organization, today),
            order_ignored=bool(complaint and order_ignored(complaint, today)),
            listed=Listing.objects.filter(
                organization=organization, kind=Listing.Kind.BLACKLIST, status=Listing.Status.LISTED
            ).exists(),
        )
        if not found:
            raise ValidationError(_("不符合列入重点关注名单的条件"), code="no_grounds")
    else:
        raise ValidationError({"kind": ValidationError(_("名单类型无效"), code="invalid_kind")})
    return Listing.objects.create(
        kind=kind,
        organization=organization,
        region=organization.region,
        responsible_person=responsible_person or organization.legal_representative,
        findings=[list(f) for f in found],
        workers_owed=complaint.workers if complaint else 0,
        months_owed=complaint.months if complaint else 0,
        amount_owed=(complaint.amount - complaint.paid_amount) if complaint else Decimal("0.00"),
        proposed_on=today,
    )


def notify(listing: Listing, user, *, order_deadline: date | None = None) -> Listing:
    """BL-6: tell the party of the proposed listing, its grounds and its right to object within five
    working days; BL-8: the decision is due twenty working days after the order's deadline."""
    today = timezone.localdate()
    with transaction.atomic():
        listing.notified_on = today
        listing.objection_deadline = rules.objection_deadline(today).date
        listing.decision_deadline = rules.decision_deadline(order_deadline or today).date
        Listing.workflow.apply(listing, "notify", user)
    return listing


def object_to(listing: Listing, user, text: str) -> Listing:
    """The party objects (BL-6), in time and with reasons."""
    if not text.strip():
        raise ValidationError({"objection": ValidationError(_("请填写异议内容和理由"), code="required")})
    if listing.objection_deadline and timezone.localdate() > listing.objection_deadline:
        raise ValidationError(_("异议期限已于%(day)s届满") % {"day": listing.objection_deadline}, code="late")
    with transaction.atomic():
        listing.objection = text.strip()
        Listing.workflow.apply(listing, "object", user, note=text.strip())
    return listing


def record_correction(listing: Listing, user, *, corrected_on: date, pledged: bool) -> Listing:
    """The party corrected the arrears (paid in full) on `corrected_on`, with or without a written
    credit pledge (BL-7 before the decision, BL-12 after it)."""
    _staff_of(user, listing.region)
    if corrected_on > timezone.localdate():
        raise ValidationError({"corrected_on": ValidationError(_("改正日期不能晚于今天"), code="future_date")})
    listing.corrected_on, listing.pledged = corrected_on, pledged
    listing.save(update_fields=["corrected_on", "pledged"])
    return listing


def decide(listing: Listing, user, note: str = "") -> Listing:
    """The listing decision: after the objection window (or on the objection, once checked); an
    employer that corrected with a written pledge before the decision is not listed (BL-7)."""
    today = timezone.localdate()
    if listing.corrected_on and listing.pledged and listing.kind == Listing.Kind.BLACKLIST:
        raise ValidationError(_("当事人已改正并作出书面信用承诺，应当不予列入（第七条）"), code="corrected")
    if (
        listing.kind == Listing.Kind.BLACKLIST
        and listing.status == Listing.Status.NOTIFIED
        and listing.objection_deadline
        and today <= listing.objection_deadline
    ):
        raise ValidationError(
            _("异议期限（%(day)s）届满前不能作出列入决定（第六条）") % {"day": listing.objection_deadline},
            code="too_early",
        )
    with transaction.atomic():
        listing.listed_on = today
        if listing.kind == Listing.Kind.BLACKLIST:
            listing.expires_on = rules.listing_term(today).expires_on
            Listing.workflow.apply(listing, "decide", user, note=note)
        else:
            listing.expires_on = rules.add_months(today, ATTENTION_MONTHS)
            Listing.workflow.apply(listing, "attend", user, note=note)
    return listing


def decline(listing: Listing, user, reason: str) -> Listing:
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(_("请填写不予列入的理由"), code="required")})
    Listing.workflow.apply(listing, "decline", user, note=reason.strip())
    return listing


def publish(listing: Listing, user) -> Listing:
    """Put a blacklist decision on the public page (and in the joint-punishment export)."""
    _staff_of(user, listing.region)
    if listing.status != Listing.Status.LISTED or listing.kind != Listing.Kind.BLACKLIST:
        raise ValidationError(_("只有已列入失信联合惩戒对象名单的单位可以公开"), code="not_listed")
    listing.published = True
    listing.save(update_fields=["published"])
    return listing


def recurred(listing: Listing) -> bool:
    """Arrears again while listed (BL-14): a new complaint or arrears warning after the listing."""
    if not listing.listed_on:
        return False
    org = listing.organization
    return (
        Complaint.objects.filter(employer=org, filed_at__date__gt=listing.listed_on)
        .exclude(status=Complaint.Status.DISMISSED)
        .exists()
        or ArrearsWarning.objects.filter(project__general_contractor=org, opened_on__gt=listing.listed_on).exists()
    )


def remove_early(listing: Listing, user, *, criminal_proceedings: bool = False) -> Listing:
    """BL-12..14: early removal once corrected, six months on and pledged; never when arrears recur
    or criminal proceedings are under way."""
    today = timezone.localdate()
    findings = rules.early_removal_findings(
        today=today,
        corrected_on=listing.corrected_on,
        pledged=listing.pledged,
        arrears_recurred=recurred(listing),
        criminal_proceedings=criminal_proceedings,
    )
    if findings:
        raise ValidationError([ValidationError(f.message, code=f.code) for f in findings])
    with transaction.atomic():
        listing.removed_on, listing.removal_reason = today, _("信用修复，提前移出")
        listing.published = False
        Listing.workflow.apply(listing, "remove", user, note=listing.removal_reason)
    return listing


def expire_listings(today: date) -> int:
    """BL-17: listings whose term ended are removed (the daily job), and leave the public page."""
    count = 0
    for listing in Listing.objects.filter(status=Listing.Status.LISTED, expires_on__lte=today):
        with transaction.atomic():
            listing.removed_on, listing.removal_reason = today, _("列入期满移出")
            listing.published = False
            Listing.workflow.apply(listing, "remove", None, note=listing.removal_reason)
        count += 1
    return count


def public_listings():
    """The published blacklist, for the public page and the joint-punishment export."""
    return Listing.objects.filter(
        kind=Listing.Kind.BLACKLIST, status=Listing.Status.LISTED, published=True
    ).select_related("organization", "region")
