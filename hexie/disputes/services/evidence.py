"""Evidence (证据): a party of the case, or one of its handlers, uploads a file with its title and
what it proves. The file goes through `hexie.core.attachments.save_upload` (PDF, JPEG, PNG, DOCX,
XLSX, CSV; type checked by name and content, size capped), so anything else is refused with the
attachment module's bilingual message and nothing is written.

    evidence = add_evidence(case, user, request.FILES["file"], title="工资条", purpose="证明拖欠工资数额")

A party reads its own side's evidence and the other side's once exchanged (`exchanged_at`); the
case's handlers and the region's staff read all of it (`may_read`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hexie.core.attachments import check_upload, save_upload
from hexie.core.scoping import scoped, user_scope

from ..models import DisputeCase, Evidence, Party
from .documents import party_of

HANDLER_ROLES = ("mediator", "coordinator", "arbitrator", "admin")


def is_handler(case: DisputeCase, user) -> bool:
    """A mediator, coordinator or arbitrator of the organization handling `case` (or a superuser)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    orgs = [pk for pk in (case.mediation_org_id, case.commission_id) if pk]
    return bool(orgs) and user.memberships.filter(organization_id__in=orgs, role__in=HANDLER_ROLES).exists()


def may_add(case: DisputeCase, user) -> bool:
    return party_of(case, user) is not None or is_handler(case, user)


def add_evidence(
    case: DisputeCase, user, upload, *, title: str, purpose: str = "", side: str | None = None
) -> Evidence:
    """Keep `upload` as evidence of `case`. A party's side is its own; a handler entering evidence
    a party handed in names that party's `side`."""
    party = party_of(case, user)
    if party is None and not is_handler(case, user):
        raise PermissionDenied(_("只有案件当事人或承办人员可以提交证据"))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写证据名称")}, code="required")
    if len(title) > 128:
        raise ValidationError({"title": _("证据名称不超过 128 字")})
    purpose = (purpose or "").strip()
    if len(purpose) > 255:
        raise ValidationError({"purpose": _("证明目的不超过 255 字")})
    if party is not None:
        side = party.side
    elif side not in Party.Side.values:
        raise ValidationError({"side": _("请选择证据的提交方")}, code="required")
    if upload is None:
        raise ValidationError({"file": _("请选择要上传的文件")}, code="required")
    try:
        check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.error_list}) from None
    owner = party if party is not None else case.parties.filter(side=side).first()
    with transaction.atomic():
        attachment = save_upload(
            upload,
            user=user,
            organization=owner.organization if owner and owner.organization_id else None,
            person=owner.person if owner and owner.person_id else None,
            region=case.region,
        )
        return Evidence.objects.create(
            case=case, side=side, title=title, purpose=purpose, attachment=attachment, submitted_by=user
        )


def may_read(evidence: Evidence, user) -> bool:
    """Whether `user` may open the file of `evidence` (the evidence row is already in their scope):
    the handlers and staff always; a party its own side's and exchanged evidence."""
    case = evidence.case
    if is_handler(case, user) or user_scope(user).is_staff_scope:
        return True
    party = party_of(case, user)
    if party is not None:
        return party.side == evidence.side or evidence.exchanged_at is not None or evidence.submitted_by_id == user.pk
    # a service role of the region (a court liaison, a mediator before routing) sees what scope shows
    return scoped(Evidence.objects.filter(pk=evidence.pk), user).exists()
