"""Contract coverage statistics (劳动合同签订情况): per enterprise, region and industry, in a few
aggregate queries (GROUP BY in the database, never a loop over rows).

Definitions (decided for issue 4, part 6):
- **employed** (应签劳动合同人数): active employments of kind "contract" (劳动合同用工) on the day —
  started on or before it and not ended before it. Each employment is one employer–worker relation
  that needs its own written contract; dispatched workers sign with the dispatch agency and
  part-time workers may agree orally (LCL-69), so neither is counted.
- **signed** (已签订): those employments whose worker has a labor contract (kind "labor") with that
  enterprise in status IN_FORCE (electronic or recorded paper). Contracts still being signed do not
  count: a contract binds when both have signed (ECG).
- **signing rate** = signed / employed in percent, two places; None when nobody is employed.
- **unsigned past one month** (超过一个月未签订): employed without a contract in force although work
  began more than one month ago (LCL-10; the double-wage exposure of LCL-82 runs from then).
- **expiring** (30日内到期): contracts in force (either kind) whose end falls within 30 days.
- **platform** (平台劳动者): active employments of kind "platform" and, of them, those with a written
  agreement (kind "platform") in force — counted apart, never mixed into the labor-contract rate.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.bulk import among
from hexie.core.models import Employment, Industry, Organization, Region
from hexie.core.rules import add_months
from hexie.core.scoping import scoped, user_scope

from ..models import Kind, LaborContract

EXPIRING_DAYS = 30
GROUPS = ("region", "industry", "enterprise")
NEXT_LEVEL = {0: 2, 2: 4, 4: 6, 6: 9, 9: 9}  # a region prefix's length -> its areas' one level down


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    key: str
    label: str = ""
    employed: int = 0
    signed: int = 0
    unsigned_past_month: int = 0
    expiring: int = 0
    platform_workers: int = 0
    platform_signed: int = 0
    region: str = field(default="", repr=False)  # the area's prefix (region rows) or the enterprise's region
    own_level: bool = field(default=False, repr=False)  # enterprises registered at the prefix's own level

    @property
    def unsigned(self) -> int:
        return self.employed - self.signed

    @property
    def rate(self) -> Decimal | None:
        return percent(self.signed, self.employed)

    @property
    def platform_rate(self) -> Decimal | None:
        return percent(self.platform_signed, self.platform_workers)

    def add(self, other: "Row") -> None:
        for name in ("employed", "signed", "unsigned_past_month", "expiring", "platform_workers", "platform_signed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "employed": self.employed,
            "signed": self.signed,
            "unsigned": self.unsigned,
            "rate": self.rate,
            "unsigned_past_month": self.unsigned_past_month,
            "expiring": self.expiring,
            "platform_workers": self.platform_workers,
            "platform_signed": self.platform_signed,
            "platform_rate": self.platform_rate,
        }


# The contract kind each employment kind needs: a labor contract, or a platform worker's agreement.
CONTRACT_KIND = Case(When(kind=Kind.PLATFORM, then=Value(Employment.Kind.PLATFORM)), default=Value("contract"))


def _has_contract_in_force() -> Exists:
    """The employment's worker has a contract of the matching kind in force with its enterprise.
    Used in WHERE, so the database runs it as a hash semi- or anti-join over both tables rather
    than a look-up per employment."""
    return Exists(
        LaborContract.objects.annotate(needed_by=CONTRACT_KIND).filter(
            enterprise_id=OuterRef("enterprise_id"),
            worker_id=OuterRef("person_id"),
            needed_by=OuterRef("kind"),
            status=LaborContract.Status.IN_FORCE,
        )
    )


def employment_counts(where: Q, key, on_date: date) -> dict:
    """{group key: {employed, signed, unsigned_past_month, platform_workers, platform_signed}} for
    the employments matching `where` (paths through "enterprise__"), grouped by `key` (an
    expression or a field path). Three aggregate queries: all employments, those with a contract
    in force (semi-join), labor ones past their first month without one (anti-join)."""
    active = Q(start__lte=on_date) & (Q(end__isnull=True) | Q(end__gte=on_date))
    labor = Q(kind=Employment.Kind.LABOR_CONTRACT)
    platform = Q(kind=Employment.Kind.PLATFORM)
    cutoff = add_months(on_date, -1)  # work began before this day: the first month is over (LCL-10)
    employments = Employment.objects.filter(where, active).annotate(group=key).order_by()
    result: dict = {}

    def merge(queryset, **counts):
        for row in queryset.values("group").annotate(**counts):
            group = row.pop("group")
            result.setdefault(group, dict.fromkeys(COUNTS, 0)).update(row)

    merge(
        employments.filter(labor | platform),
        employed=Count("id", filter=labor),
        platform_workers=Count("id", filter=platform),
    )
    merge(
        employments.filter(labor | platform).filter(_has_contract_in_force()),
        signed=Count("id", filter=labor),
        platform_signed=Count("id", filter=platform),
    )
    merge(
        employments.filter(labor, start__lt=cutoff).exclude(_has_contract_in_force()), unsigned_past_month=Count("id")
    )
    return result


COUNTS = ("employed", "signed", "unsigned_past_month", "platform_workers", "platform_signed")


def expiring_counts(where: Q, key, on_date: date, days: int = EXPIRING_DAYS) -> dict:
    """{group key: contracts in force ending within `days` days}. One query."""
    rows = (
        LaborContract.objects.filter(
            where, status=LaborContract.Status.IN_FORCE, end__gte=on_date, end__lte=on_date + timedelta(days=days)
        )
        .annotate(group=key)
        .order_by()
        .values("group")
        .annotate(n=Count("id"))
        .values_list("group", "n")
    )
    return dict(rows)


def _key(group: str, prefix: str):
    if group == "region":
        return Substr("enterprise__region_id", 1, NEXT_LEVEL.get(len(prefix), 9))
    if group == "industry":
        return F("enterprise__industry")
    return F("enterprise_id")


def scope_filter(user) -> Q | None:
    """The enterprises `user` may see, as a filter on rows with an `enterprise`: staff their region
    (a prefix), enterprise users their enterprise. None for users who see no enterprise."""
    scope = user_scope(user)
    if scope.everything:
        return Q()
    if not (scope.regions or scope.organizations or scope.service_regions):
        return None
    enterprises = scoped(Organization.objects.filter(kind=Organization.Kind.ENTERPRISE), user)
    return Q(enterprise_id__in=Subquery(enterprises.values("pk")))


def statistics(
    where: Q, *, group: str = "region", prefix: str = "", on_date: date | None = None, industry: str = ""
) -> list[Row]:
    """Rows of coverage per area one level below `prefix`, per industry or per enterprise, for the
    employments and contracts matching `where` (already scoped by the caller)."""
    on_date = on_date or timezone.localdate()
    if prefix:
        where &= Q(enterprise__region__code__startswith=prefix)
    if industry:
        where &= Q(enterprise__industry=industry)
    key = _key(group, prefix)
    counts = employment_counts(where, key, on_date)
    expiring = expiring_counts(where, key, on_date)
    rows = {}
    for k in set(counts) | set(expiring):
        rows[k] = Row(key=str(k if k is not None else ""), expiring=expiring.get(k, 0), **counts.get(k, {}))
    _label(rows, group, prefix)
    return sorted(rows.values(), key=lambda r: r.key)


def _label(rows: dict, group: str, prefix: str) -> None:
    if group == "industry":
        names = dict(Industry.choices)
        for row in rows.values():
            row.label = str(names.get(row.key, _("未填行业")))
        return
    if group == "enterprise":
        found = Organization.objects.filter(among(Organization, "id", list(rows)))
        for pk, name, region in found.values_list("pk", "name", "region_id"):
            rows[pk].label, rows[pk].region = name, region
        return
    length = NEXT_LEVEL.get(len(prefix), 9)
    codes = {k: k.ljust(6, "0") for k in rows}
    names = dict(Region.objects.filter(code__in=set(codes.values())).values_list("code", "name"))
    for k, row in rows.items():
        name = names.get(codes[k], k)
        row.own_level = len(k) < length or bool(prefix) and k == prefix.ljust(length, "0")
        row.label = _("%(name)s（本级）") % {"name": name} if row.own_level else name
        row.region = k


def totals(rows: Iterable[Row], label: str = "") -> Row:
    total = Row(key="", label=label or _("合计"))
    for row in rows:
        total.add(row)
    return total


def user_statistics(user, *, group: str = "region", region: str = "", on_date: date | None = None, industry: str = ""):
    """`statistics` within what `user` may see; `region` narrows to a prefix inside it. Empty for
    users who see no enterprise."""
    where = scope_filter(user)
    if where is None:
        return []
    prefix = region or region_prefix_of(user)
    return statistics(where, group=group, prefix=prefix, on_date=on_date, industry=industry)


def region_prefix_of(user) -> str:
    """The widest region prefix of a staff user ("" for the whole province or for users with none)."""
    scope = user_scope(user)
    if scope.everything or not scope.regions:
        return ""
    return min(scope.regions, key=len)
