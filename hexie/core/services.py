"""The only code that changes core data: one user action per function, one transaction each,
permission checked against the actor's scope, every field validated before anything is written.

Errors are Django's: `PermissionDenied` when the actor may not act at all, `ValidationError`
with a message per field (each carrying a `code`) when the data is wrong. Forms and the API
render them their own way.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .codes import clean_uscc
from .models import Organization, Region
from .scoping import scoped, user_scope

ORGANIZATION_FIELDS = (
    "kind",
    "name",
    "uscc",
    "region",
    "industry",
    "ownership",
    "size",
    "headcount",
    "parent",
    "legal_representative",
    "address",
    "established",
)

REQUIRED_FIELDS = ("kind", "name", "region", "headcount", "legal_representative", "address")


def may_manage_region(user, region: Region) -> bool:
    """Staff of the tripartite offices manage organizations of their region and below."""
    scope = user_scope(user)
    return scope.everything or any(region.code.startswith(prefix) for prefix in scope.regions)


def _require_staff(user) -> None:
    if not user_scope(user).is_staff_scope:
        raise PermissionDenied(_("只有本地区劳动关系工作人员可以维护组织信息"))


def _resolve_references(user, data: dict, errors: dict) -> dict:
    """Turn the region code and parent id in `data` into objects; record unknown ones in `errors`."""
    values = dict(data)
    if values.get("region") is not None:
        region = Region.objects.filter(code=values["region"]).first()
        if region is None:
            errors["region"] = [ValidationError(_("行政区划代码不存在"), code="unknown_region")]
        values["region"] = region
    if values.get("parent") is not None:
        parent = scoped(Organization.objects.all(), user).filter(pk=values["parent"]).first()
        if parent is None:
            errors["parent"] = [ValidationError(_("上级单位不存在或不在您的管辖范围内"), code="unknown_parent")]
        values["parent"] = parent
    for name in ("industry", "ownership", "size"):
        if name in values and values[name] is None:
            values[name] = ""
    if "uscc" in values:
        if not values["uscc"]:
            values["uscc"] = None
        else:
            try:
                values["uscc"] = clean_uscc(values["uscc"])
            except ValidationError as exc:
                errors["uscc"] = exc.error_list
    return values


def _validate_and_save(organization: Organization, errors: dict, exclude: list[str]) -> Organization:
    if organization.kind == Organization.Kind.ENTERPRISE and not organization.uscc and "uscc" not in errors:
        errors["uscc"] = [ValidationError(_("企业必须填写统一社会信用代码"), code="uscc_required")]
        exclude = [*exclude, "uscc"]
    try:
        organization.full_clean(exclude=exclude)
    except ValidationError as exc:
        found_first = set(errors)  # a field already wrong is not reported twice
        for name, messages in exc.error_dict.items():
            if name not in found_first:
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as exc:  # a concurrent insert of the same USCC
        raise ValidationError({"uscc": [ValidationError(_("该统一社会信用代码已登记"), code="unique")]}) from exc
    return organization


@transaction.atomic
def create_organization(user, data: dict) -> Organization:
    """Register an organization (登记组织) in a region the actor's office covers."""
    _require_staff(user)
    errors: dict = {}
    values = _resolve_references(user, {name: data[name] for name in ORGANIZATION_FIELDS if name in data}, errors)
    region = values.get("region")
    if region is not None and not may_manage_region(user, region):
        raise PermissionDenied(_("不能在本单位管辖范围以外的地区登记组织"))
    organization = Organization(**{k: v for k, v in values.items() if k not in errors})
    return _validate_and_save(organization, errors, exclude=list(errors))


@transaction.atomic
def update_organization(user, organization: Organization, data: dict) -> Organization:
    """Change an organization's registered details; a move to another region must stay in scope."""
    _require_staff(user)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not may_manage_region(user, organization.region):
        raise PermissionDenied(_("不能修改本单位管辖范围以外的组织"))
    errors: dict = {
        name: [ValidationError(_("此字段不能为空"), code="null")]
        for name in REQUIRED_FIELDS
        if name in data and data[name] is None
    }
    changes = {name: data[name] for name in ORGANIZATION_FIELDS if name in data and name not in errors}
    values = _resolve_references(user, changes, errors)
    region = values.get("region")
    if region is not None and not may_manage_region(user, region):
        raise PermissionDenied(_("不能把组织迁到本单位管辖范围以外的地区"))
    if values.get("parent") is not None and values["parent"].pk == organization.pk:
        errors["parent"] = [ValidationError(_("上级单位不能是本单位"), code="parent_self")]
    for name, value in values.items():
        if name not in errors:
            setattr(organization, name, value)
    return _validate_and_save(organization, errors, exclude=list(errors))
