"""Wage-supervision statistics (农民工工资支付监管统计), by region (one level below the chosen
prefix, for drilling down) or by month of a year. Each figure is one aggregate query grouped in
the database over what the user may see (`scoped`), never a loop over rows.

Definitions:
- **projects under supervision** (在监管项目): projects not closed (销户), on the day;
- **enrolment rate** (实名制登记完整率): enrolled workers on the day (entered, not yet left) with a
  signed labor contract and a wage card, over the enrolled (services/projects.py);
- **special-account coverage** (专户开设率): projects under supervision with a special account
  opened and not closed, over the projects under supervision;
- **deposit coverage** (保证金存储率): projects under supervision with a deposit held (not
  returned) or exempted, over the projects under supervision;
- **allocation rate** (人工费用拨付率): allocations paid over scheduled for the months due (up to
  the month of the day, or the months of the year in the month view);
- **payout rate** (工资发放率): payouts over the payroll's net wages, by the month the wages are for;
- **arrears cases** (欠薪预警): warnings open (open or being handled) and closed; **amount and
  workers owed**: of the open wage warnings (unpaid, underpaid, below the minimum);
- **money recovered** (追回金额): complaints' recorded payments plus the amounts of wage warnings
  closed (the arrears were paid).
"""

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.core.models import Region
from hexie.core.scoping import Scope, scoped, user_scope

from ..models import (
    Allocation,
    ArrearsWarning,
    Complaint,
    Deposit,
    Payout,
    Payroll,
    Project,
    RosterEntry,
    SpecialAccount,
)

NEXT_LEVEL = {0: 2, 2: 4, 4: 6, 6: 9, 9: 9}
ZERO = Decimal("0.00")
WAGE_KINDS = (ArrearsWarning.Kind.UNPAID, ArrearsWarning.Kind.UNDERPAID, ArrearsWarning.Kind.BELOW_MINIMUM)
OPEN = (ArrearsWarning.Status.OPEN, ArrearsWarning.Status.HANDLING)
RECOVERED_COMPLAINTS = (Complaint.Status.PAID, Complaint.Status.CLOSED)


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    key: str
    label: str = ""
    projects: int = 0
    with_account: int = 0
    with_deposit: int = 0
    enrolled: int = 0
    complete: int = 0
    scheduled: Decimal = ZERO
    allocated: Decimal = ZERO
    payroll: Decimal = ZERO
    paid_out: Decimal = ZERO
    warnings_open: int = 0
    warnings_closed: int = 0
    amount_owed: Decimal = ZERO
    workers_owed: int = 0
    recovered: Decimal = ZERO
    drill: bool = field(default=False, repr=False)

    SUMMED = (
        "projects",
        "with_account",
        "with_deposit",
        "enrolled",
        "complete",
        "scheduled",
        "allocated",
        "payroll",
        "paid_out",
        "warnings_open",
        "warnings_closed",
        "amount_owed",
        "workers_owed",
        "recovered",
    )

    @property
    def enrolment_rate(self):
        return percent(self.complete, self.enrolled)

    @property
    def account_coverage(self):
        return percent(self.with_account, self.projects)

    @property
    def deposit_coverage(self):
        return percent(self.with_deposit, self.projects)

    @property
    def allocation_rate(self):
        return percent(self.allocated, self.scheduled)

    @property
    def payout_rate(self):
        return percent(self.paid_out, self.payroll)

    def add(self, other: "Figures") -> None:
        for name in self.SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "drill"}
        for name in ("enrolment_rate", "account_coverage", "deposit_coverage", "allocation_rate", "payout_rate"):
            out[name] = getattr(self, name)
        return out


def region_prefix_of(user) -> str:
    """The widest region prefix of a staff user ("" for the whole province or users without one)."""
    scope = user_scope(user)
    if scope.everything or not scope.regions:
        return ""
    return min(scope.regions, key=len)


def _merge(rows: dict, found, name_map: dict) -> None:
    for item in found:
        key = item["group"]
        if key is None:
            continue
        key = key.strftime("%Y-%m") if isinstance(key, date) else str(key)
        row = rows.setdefault(key, Figures(key=key))
        for source, target in name_map.items():
            value = item[source]
            setattr(row, target, getattr(row, target) + (value if value is not None else 0))


def _sum(path: str, **extra):
    return Coalesce(Sum(path, **extra), ZERO)


def statistics(user, *, by: str = "region", region: str = "", year: int | None = None, on: date | None = None):
    """Rows of `Figures` by region (the areas one level below `region`) or by month of `year`,
    within what `user` may see. Returns (rows, total)."""
    on = on or timezone.localdate()
    prefix = region or region_prefix_of(user)
    length = NEXT_LEVEL.get(len(prefix), 9)
    month_view = by == "month"
    year = year or on.year

    def base(model, region_path: str):
        code = region_path.removesuffix("_id") + "__code"
        return scoped(model.objects.all(), user).filter(**{f"{code}__startswith": prefix}).order_by()

    def key(region_path: str, month_path: str | None = None):
        if month_view:
            return TruncMonth(month_path) if month_path else None
        return Substr(region_path, 1, length)

    rows: dict[str, Figures] = {}
    due_month = on.replace(day=1)

    # 1. projects under supervision, special accounts and deposits held: one query (snapshot).
    if not month_view:
        open_account = SpecialAccount.objects.filter(project_id=OuterRef("pk"), closed_on__isnull=True)
        held = Deposit.objects.filter(project_id=OuterRef("pk"), returned_on__isnull=True)
        projects = (
            base(Project, "region_id")
            .exclude(status=Project.Status.CLOSED)
            .annotate(group=key("region_id"), account=Exists(open_account), deposit=Exists(held))
            .values("group")
            .annotate(
                n=Count("pk"),
                a=Count("pk", filter=Q(account=True)),
                d=Count("pk", filter=Q(deposit=True) | Q(deposit_exempt=True)),
            )
        )
        _merge(rows, projects, {"n": "projects", "a": "with_account", "d": "with_deposit"})

        # 2. enrolment (snapshot on the day).
        roster = (
            base(RosterEntry, "project__region_id")
            .filter(enrolled_on__lte=on)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
            .exclude(project__status=Project.Status.CLOSED)
            .annotate(group=key("project__region_id"))
            .values("group")
            .annotate(
                n=Count("pk"),
                c=Count("pk", filter=Q(contract_signed=True) & ~Q(bank_account_masked="")),
            )
        )
        _merge(rows, roster, {"n": "enrolled", "c": "complete"})

    # 3. allocations for the months due.
    allocations = base(Allocation, "project__region_id")
    allocations = (
        allocations.filter(month__year=year) if month_view else allocations.filter(month__lte=due_month)
    ).filter(month__lte=due_month)
    allocations = (
        allocations.annotate(group=key("project__region_id", "month"))
        .values("group")
        .annotate(s=_sum("scheduled"), p=_sum("paid"))
    )
    _merge(rows, allocations, {"s": "scheduled", "p": "allocated"})

    # 4. payroll and payouts, by the month the wages are for.
    payroll = base(Payroll, "project__region_id")
    payouts = base(Payout, "project__region_id")
    if month_view:
        payroll, payouts = payroll.filter(month__year=year), payouts.filter(month__year=year)
    payroll = payroll.annotate(group=key("project__region_id", "month")).values("group").annotate(n=_sum("net"))
    _merge(rows, payroll, {"n": "payroll"})
    payouts = payouts.annotate(group=key("project__region_id", "month")).values("group").annotate(p=_sum("amount"))
    _merge(rows, payouts, {"p": "paid_out"})

    # 5. arrears warnings: open and closed cases, amounts and workers owed, amounts recovered.
    warnings = base(ArrearsWarning, "project__region_id")
    if month_view:
        warnings = warnings.filter(month__year=year)
    wage = Q(kind__in=WAGE_KINDS)
    warnings = (
        warnings.annotate(group=key("project__region_id", "month"))
        .values("group")
        .annotate(
            o=Count("pk", filter=Q(status__in=OPEN)),
            c=Count("pk", filter=Q(status=ArrearsWarning.Status.CLOSED)),
            a=_sum("amount", filter=Q(status__in=OPEN) & wage),
            w=Coalesce(Sum("workers", filter=Q(status__in=OPEN) & wage), 0),
            r=_sum("amount", filter=Q(status=ArrearsWarning.Status.CLOSED) & wage),
        )
    )
    _merge(
        rows,
        warnings,
        {"o": "warnings_open", "c": "warnings_closed", "a": "amount_owed", "w": "workers_owed", "r": "recovered"},
    )

    # 6. complaints' recorded payments.
    complaints = base(Complaint, "region_id").filter(status__in=RECOVERED_COMPLAINTS, paid_amount__gt=0)
    if month_view:
        complaints = complaints.filter(paid_on__year=year)
    complaints = complaints.annotate(group=key("region_id", "paid_on")).values("group").annotate(p=_sum("paid_amount"))
    _merge(rows, complaints, {"p": "recovered"})

    result = sorted(rows.values(), key=lambda r: r.key)
    if month_view:
        for row in result:
            row.label = row.key
    else:
        _label_regions(result, prefix)
    total = Figures(key=prefix, label=_("合计"))
    for row in result:
        total.add(row)
    return result, total


def _code_of(prefix: str) -> str:
    return prefix.ljust(6, "0") if len(prefix) <= 6 else prefix


def _label_regions(rows: list[Figures], prefix: str) -> None:
    names = dict(Region.objects.filter(code__in={_code_of(r.key) for r in rows}).values_list("code", "name"))
    for row in rows:
        row.label = names.get(_code_of(row.key), row.key)
        row.drill = len(row.key) < 9 and row.key != prefix and len(row.key) > len(prefix)


def breadcrumbs(user, prefix: str) -> list[tuple[str, str]]:
    """(prefix, name) from the user's own region down to `prefix`."""
    own = region_prefix_of(user)
    codes = [prefix[:n] for n in (2, 4, 6, 9) if len(own) <= n <= len(prefix)]
    names = dict(Region.objects.filter(code__in=[_code_of(c) for c in codes]).values_list("code", "name"))
    return [(c, names.get(_code_of(c), c)) for c in codes]


# --- KPIs (registered in WagesConfig.register_projects) ----------------------------------------------


def region_figures(region_prefix: str, on_date: date) -> Figures:
    from django.contrib.auth import get_user_model

    user = get_user_model()(is_superuser=True, username="__kpi__")
    user._hexie_scope = Scope(everything=True)  # a KPI reads the whole region, not a user's share
    _rows, total = statistics(user, region=region_prefix, on=on_date)
    return total


def enrolment_rate_kpi(region_prefix: str, on_date: date) -> Decimal | None:
    """KPI: the enrolment rate over the projects of a region (percent or None)."""
    return region_figures(region_prefix, on_date).enrolment_rate


def account_coverage_kpi(region_prefix: str, on_date: date) -> Decimal | None:
    """KPI: the special-account coverage of the projects under supervision of a region."""
    return region_figures(region_prefix, on_date).account_coverage


def payout_rate_kpi(region_prefix: str, on_date: date) -> Decimal | None:
    """KPI: payouts over the payroll's net wages in a region."""
    return region_figures(region_prefix, on_date).payout_rate
