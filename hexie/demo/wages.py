"""Migrant-worker wage supervision in the demo province (农民工工资支付监管): construction projects
in every demo county with their contracting chain, grid member, wage officer and notice board; the
wage special account, the construction unit's monthly allocations and the wage deposit; real-name
rosters with six to twelve months of `WorkMonth` (daily `Attendance` for the last full month and
the current one, rolled up exactly as the attendance import does), payrolls and bank payouts.

Most projects are in good standing. A known set is seeded in arrears, one breach each, so that the
daily arrears check (`hexie.wages.services.detection.check`) has exactly these to find:

- unpaid: the last month whose payday has passed has no payout for some (or all) workers;
- underpaid: some workers of a recent month were paid a few hundred yuan below attendance × rate;
- below_minimum: day labourers hired for one month at a daily rate below the minimum wage, paid
  what they agreed (so they are owed the minimum wage, not more);
- allocation: the construction unit's labor-cost allocation for one month was never paid;
- deposit: no wage deposit (and not exempted; a few others are exempt).

The demo writes no `ArrearsWarning`: `build` returns `WagesSeeded.expected`, the (project code,
warning kind, month) the check must open on `as_of`, and tests/demo/test_wages_demo.py runs the check
against it. The printed `worker` login is one of the unpaid workers (its 我的工资 page shows what is
owed), and has filed a complaint. Complaints in every status and three listings (a published
blacklist entry, a key-attention entry, a blacklist proposal notified and awaiting objection) go
through the workflows' own moves, dated in the past.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_UP, Decimal
from functools import cache

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.utils import timezone
from faker import Faker

from hexie.core import calendar as workcal
from hexie.core.bulk import TableWriter, allocate_ids
from hexie.core.minimum_wage import minimum_wage
from hexie.core.models import Employment, Organization, Person, Region, TimelineEntry
from hexie.core.numbering import take_numbers
from hexie.core.rules import add_months
from hexie.wages import rules
from hexie.wages.models import (
    Allocation,
    ArrearsWarning,
    Attendance,
    Complaint,
    Deposit,
    Listing,
    ListingThreshold,
    Payout,
    Payroll,
    Project,
    RosterEntry,
    SpecialAccount,
    Subcontract,
    WageNumberSequence,
    WorkMonth,
)
from hexie.wages.services.accounts import scheduled_amounts
from hexie.wages.services.detection import deposit_rate

from .actors import Actors
from .identity import make_mobile

Kind = ArrearsWarning.Kind
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Plan:
    projects: int
    workers: tuple[int, int]  # roster size of a project
    months: tuple[int, int]  # months of records before the current one
    arrears: dict  # breach -> projects seeded with it
    exempt: int  # projects exempted from the deposit (in good standing)
    completed: int
    planned: int
    complaints: int  # complaints in each status


PLANS = {
    "T": Plan(14, (6, 12), (6, 8), {"unpaid": 2, "underpaid": 1, "below_minimum": 1, "allocation": 1, "deposit": 1},
              exempt=1, completed=1, planned=1, complaints=1),
    "S": Plan(200, (20, 60), (6, 12), {"unpaid": 12, "underpaid": 8, "below_minimum": 6, "allocation": 8, "deposit": 6},
              exempt=8, completed=10, planned=6, complaints=4),
}  # fmt: skip
PLANS["M"] = PLANS["S"]  # the M tier's wages are bench/wages.py's

PROJECT_WORDS = (
    "锦绣",
    "龙湖",
    "泉景",
    "海岸",
    "东方",
    "翠微",
    "阳光",
    "和园",
    "馨苑",
    "滨河",
    "云栖",
    "齐鲁",
    "华府",
    "书香",
)
PROJECT_KINDS = (
    "安置房项目",
    "住宅小区项目",
    "商业综合体项目",
    "中学新建工程",
    "医院门诊楼工程",
    "道路改造工程",
    "产业园标准厂房项目",
    "保障性租赁住房项目",
    "污水处理厂扩建工程",
    "人才公寓项目",
)
SECTIONS = ("", "一期", "二期", "三期", "一标段", "二标段")
BANKS = ("中国工商银行", "中国农业银行", "中国建设银行", "中国银行", "交通银行", "齐鲁银行", "青岛银行", "烟台银行")
GUARANTORS = ("中国建设银行", "中国银行", "山东省融资担保集团", "中国人民财产保险")
TRADES = ("钢筋工", "木工", "瓦工", "架子工", "混凝土工", "电焊工", "水电工", "油漆工", "抹灰工", "普工")
COMPLAINT_FACTS = (
    "我在{project}做{trade}，{month}的工资到发薪日还没有发，找班组长和项目部都说再等等。",
    "{project}劳务班组拖欠我们{month}的工资，工地上十几个人都没拿到钱。",
    "{month}的工资只发了一部分，考勤都有记录，剩下的项目部一直拖着不给。",
    "项目完工后用工单位一直拖欠{month}工资，电话也不接，请求帮助追讨。",
)


@dataclass
class WagesSeeded:
    """What the wages demo seeded: counts for the summary, and the warnings the check must open."""

    as_of: date
    counts: dict[str, int] = field(default_factory=dict)
    expected: frozenset = frozenset()  # (project code, warning kind, month)
    owed_worker: int | None = None  # a person owed wages with an account (the printed `worker`)
    published: int | None = None  # the published blacklist listing


@dataclass
class Site:
    """One project as it is being made."""

    index: int
    pk: int
    code: str
    county: str
    status: str
    breach: str | None
    starts_on: date
    months: list[date]  # months with records (the current one last for an active project)
    payday: int
    contract_amount: Decimal
    labor_share: Decimal
    ends_on: date
    completed_on: date | None
    general: int
    labor: int
    exempt: bool = False
    workers: list = field(default_factory=list)  # dicts
    breach_month: date | None = None


def _yuan(value) -> Decimal:
    return Decimal(value).quantize(CENT)


@cache
def _last_day(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


@cache
def _iso(day: date) -> str:
    return day.isoformat()


def _writer(model, columns: tuple[str, ...]) -> TableWriter:
    """A TableWriter for rows whose dates are already ISO strings (both backends take them)."""
    writer = TableWriter(model, columns)
    writer.dates = []
    return writer


# Clock-in and clock-out times with their seconds, indexed by 6 and 7 random bits.
CLOCK_IN = [(f"07:{m % 60:02d}:00", 7 * 3600 + m % 60 * 60) for m in range(64)]
CLOCK_OUT = [(f"{17 + m % 120 // 60}:{m % 60:02d}:00", 17 * 3600 + m % 120 * 60) for m in range(128)]


class WagesDemo:
    def __init__(self, seed: int, scale: str, as_of: date, reporter):
        self.rng = random.Random(f"wages-{seed}")
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.plan = PLANS.get(scale, PLANS["S"])
        self.report = reporter
        # Like the disputes, the wages run up to today: the daily check runs on the real day.
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.current = self.today.replace(day=1)
        self.actors = Actors()
        self.counts: dict[str, int] = {}
        self.expected: set[tuple[str, str, date]] = set()
        self.references = 0
        self.paydays: dict[tuple[int, date], date] = {}

    # -- helpers --------------------------------------------------------------------------------------

    def payday(self, day: int, month: date) -> date:
        key = (day, month)
        if key not in self.paydays:
            self.paydays[key] = rules.wage_payday(month, day, workcal.is_workday)
        return self.paydays[key]

    def reference(self, day: str) -> str:
        """A bank's payment reference (unique): the day (ISO) and a serial."""
        self.references += 1
        return f"DF{day.replace('-', '')}{self.references:08d}"

    def name(self, male: bool) -> str:
        return self.fake.name_male() if male else self.fake.name_female()

    # -- the chain: construction units, contractors, labor subcontractors ------------------------------

    def organizations(self) -> None:
        """Construction units among each county's enterprises; general contractors and labor
        subcontractors among the construction enterprises (industry E) of the county, or of its city
        when the county has too few (a contractor from the next district builds here too)."""
        counties = list(
            Region.objects.filter(level=Region.Level.COUNTY, code__in=self.county_codes()).values_list("code", "name")
        )
        self.counties = sorted(counties)
        self.county_names = dict(counties)
        by_county = defaultdict(lambda: {"E": [], "other": []})
        by_city = defaultdict(list)
        rows = (
            Organization.objects.filter(kind=Organization.Kind.ENTERPRISE)
            .order_by("id")
            .values_list("id", "region_id", "industry")
        )
        for pk, region, industry in rows:
            by_county[region[:6]]["E" if industry == "E" else "other"].append(pk)
            if industry == "E":
                by_city[region[:4]].append(pk)
        everywhere = [pk for pks in by_city.values() for pk in pks]
        self.builders, self.contractors = {}, {}
        for code, _name in self.counties:
            found = by_county[code]
            pool = list(found["E"])
            for pk in by_city[code[:4]] + everywhere:
                if len(pool) >= 4:
                    break
                if pk not in pool:
                    pool.append(pk)
            if len(pool) < 2:  # a province with almost no construction enterprises (the tests' tier)
                pool += [pk for pk in found["other"][:4] if pk not in pool]
            self.contractors[code] = pool
            self.builders[code] = found["other"][:40] or pool

    def county_codes(self) -> list[str]:
        """The counties of the demo province (those with a county labor office)."""
        return sorted(
            {
                code
                for code in Organization.objects.filter(kind=Organization.Kind.GOVERNMENT).values_list(
                    "region_id", flat=True
                )
                if len(code) == 6 and not code.endswith("00")
            }
        )

    def grid_members(self) -> None:
        """A grid member (网格员) for each county, in its labor office."""
        offices = dict(
            Organization.objects.filter(kind=Organization.Kind.GOVERNMENT, region_id__in=[c for c, _n in self.counties])
            .order_by("-id")
            .values_list("region_id", "pk")
        )
        User = get_user_model()
        self.grid = {}
        for code, _name in self.counties:
            office = Organization.objects.get(pk=offices[code])
            user = self.actors.member(office, "grid")
            if not user.first_name:
                user.first_name = self.name(self.rng.random() < 0.6)
                User.objects.filter(pk=user.pk).update(first_name=user.first_name)
            self.grid[code] = user.pk
        self.offices = offices

    # -- projects --------------------------------------------------------------------------------------

    def breaches(self) -> list[str | None]:
        """One entry per project: a breach, "exempt", "completed", "planned", or None (in good standing)."""
        plan = self.plan
        marks = [kind for kind, n in plan.arrears.items() for _ in range(n)]
        marks += ["exempt"] * plan.exempt + ["completed"] * plan.completed + ["planned"] * plan.planned
        marks += [None] * (plan.projects - len(marks))
        self.rng.shuffle(marks)
        # The first project (in the printed logins' county) misses its payday: the `worker` is on it.
        first = marks.index("unpaid")
        marks[0], marks[first] = marks[first], marks[0]
        return marks

    def sites(self) -> list[Site]:
        rng, sites = self.rng, []
        marks = self.breaches()
        ids = allocate_ids(Project, len(marks))
        for index, (pk, mark) in enumerate(zip(ids, marks, strict=True)):
            county = self.counties[index % len(self.counties)][0]
            span = rng.randint(*self.plan.months)
            first = add_months(self.current, -span)
            starts_on = first + timedelta(days=rng.randrange(10))
            status, completed_on = Project.Status.ACTIVE, None
            months = [add_months(first, i) for i in range(span + 1)]
            if mark == "completed":
                status = Project.Status.COMPLETED
                end = add_months(self.current, -rng.randint(1, 2))
                months = [m for m in months if m <= end]
                completed_on = end + timedelta(days=rng.randint(5, 25))
            elif mark == "planned":
                status = Project.Status.PLANNED
                starts_on = self.today + timedelta(days=rng.randint(20, 90))
                months = []
            ends_on = max(starts_on + timedelta(days=rng.randint(540, 1100)), completed_on or starts_on)
            contractors = self.contractors[county]
            general = rng.choice(contractors)
            site = Site(
                index=index,
                pk=pk,
                code=f"XM{county}{starts_on.year}{index + 1:04d}",
                county=county,
                status=status,
                breach=mark if mark in self.plan.arrears else None,
                starts_on=starts_on,
                months=months,
                payday=rng.choice((5, 10, 10, 15, 15, 15, 20, 25)),
                contract_amount=Decimal(rng.randint(20, 400) * 500_000),
                labor_share=Decimal(rng.randint(18, 30)) / 100,
                ends_on=ends_on,
                completed_on=completed_on,
                general=general,
                labor=rng.choice([c for c in contractors if c != general] or contractors),
            )
            site.exempt = mark == "exempt"  # no deposit asked (WPR-32), good standing
            sites.append(site)
        return sites

    def due_months(self, site: Site) -> list[date]:
        """The months of records whose payday passed before today."""
        return [m for m in site.months if self.payday(site.payday, m) < self.today]

    def write_projects(self, sites: list[Site]) -> None:
        rng, fake = self.rng, self.fake
        rows, subcontracts, accounts = [], [], []
        sub_ids = iter(allocate_ids(Subcontract, len(sites) * 2))
        for site in sites:
            county = self.county_names[site.county]
            short = county[:-1] if len(county) > 2 and county[-1] in "市县区" else county
            name = f"{short}{rng.choice(PROJECT_WORDS)}{rng.choice(PROJECT_KINDS)}{rng.choice(SECTIONS)}"
            rows.append(
                {
                    "id": site.pk,
                    "code": site.code,
                    "name": name,
                    "region_id": site.county,
                    "address": f"山东省{county}{fake.street_name()}{rng.randint(1, 500)}号",
                    "construction_unit_id": rng.choice(self.builders[site.county]),
                    "general_contractor_id": site.general,
                    "contract_amount": site.contract_amount,
                    "labor_cost_share": site.labor_share,
                    "starts_on": site.starts_on,
                    "ends_on": site.ends_on,
                    "completed_on": site.completed_on,
                    "payday": site.payday,
                    "status": site.status,
                    "wage_officer": self.name(rng.random() < 0.7),
                    "wage_officer_phone": make_mobile(rng),
                    "notice_board": site.status != Project.Status.PLANNED and rng.random() < 0.9,
                    "grid_member_id": self.grid[site.county],
                    "deposit_exempt": site.exempt,
                    "created_at": self.now,
                }
            )
            labor_id = next(sub_ids)
            subcontracts.append(
                {"id": labor_id, "project_id": site.pk, "subcontractor_id": site.labor, "kind": "labor",
                 "amount": _yuan(site.contract_amount * site.labor_share)}
            )  # fmt: skip
            others = [c for c in self.contractors[site.county] if c not in (site.general, site.labor)]
            if others and rng.random() < 0.4:
                subcontracts.append(
                    {"id": next(sub_ids), "project_id": site.pk, "subcontractor_id": rng.choice(others),
                     "kind": "professional", "amount": _yuan(site.contract_amount * Decimal("0.12"))}
                )  # fmt: skip
            if site.status != Project.Status.PLANNED and rng.random() < 0.95:
                opened = site.starts_on - timedelta(days=rng.randint(5, 30))
                accounts.append(
                    {"project_id": site.pk, "bank": rng.choice(BANKS),
                     "account_masked": f"{rng.choice(('6222', '6228', '6217', '6216'))}****{rng.randrange(10000):04d}",
                     "opened_on": opened}
                )  # fmt: skip
        _write(Project, rows)
        _write(Subcontract, subcontracts)
        _write(SpecialAccount, accounts)
        self.counts.update(wage_projects=len(rows), wage_special_accounts=len(accounts))

    # -- workers ----------------------------------------------------------------------------------------

    def people(self, sites: list[Site]) -> None:
        """The roster of each project, from the demo province's people of its county (of its city
        when the county runs short): those working for a construction enterprise first, then the
        men, then the rest; nobody on two projects (a worker is on one site a day). The printed
        `worker` login is on the first project. Only the people needed are read (M has millions)."""
        rng = self.rng
        demo_worker = Person.objects.filter(user__username="worker").values_list("id", "name").first()
        sizes = {s.pk: rng.randint(*self.plan.workers) for s in sites if s.months}
        need = defaultdict(int)
        for site in sites:
            need[site.county] += sizes.get(site.pk, 0)
        builder = Exists(Employment.objects.filter(person=OuterRef("pk"), end__isnull=True, enterprise__industry="E"))
        used: set[int] = {demo_worker[0]} if demo_worker else set()

        def candidates(prefix: str, count: int) -> list:
            rows = (
                Person.objects.filter(region__code__startswith=prefix)
                .exclude(pk__in=list(used)[-5000:] if len(prefix) < 6 else [])
                .annotate(builder=builder)
                .order_by("-builder", "id")
                .values_list("builder", "sex", "id", "name")[: count * 3]
            )
            pool = [(b, sex == "M", rng.random(), pk, name) for b, sex, pk, name in rows]
            pool.sort()  # popped from the end: construction workers, then men, first
            return pool

        pools = {county: candidates(county, n) for county, n in need.items() if n}
        for site in sites:
            if not site.months:
                continue
            pool = pools[site.county]
            for n in range(sizes[site.pk]):
                if n == 0 and site.index == 0 and demo_worker:
                    pk, name = demo_worker
                else:
                    while pool and pool[-1][3] in used:
                        pool.pop()
                    if not pool:
                        pool.extend(candidates(site.county[:4], sizes[site.pk]))
                        while pool and pool[-1][3] in used:
                            pool.pop()
                        if not pool:
                            break
                    *_key, pk, name = pool.pop()
                used.add(pk)
                site.workers.append({"person": pk, "name": name})
        self.demo_worker = demo_worker[0] if demo_worker else None

    def rosters(self, sites: list[Site]) -> None:
        """Enrolment, rate and the months each worker worked (days), with the seeded breaches."""
        rng = self.rng
        for site in sites:
            if not site.months:
                continue
            due = self.due_months(site)
            months = site.months
            if site.breach == "unpaid":
                site.breach_month = due[-1]
            elif site.breach in ("underpaid", "below_minimum"):
                site.breach_month = rng.choice(due[-3:])
            elif site.breach == "allocation":
                site.breach_month = rng.choice(due[-4:])
            elif site.breach == "deposit":
                site.breach_month = site.starts_on.replace(day=1)
            temps = rng.randint(2, 4) if site.breach == "below_minimum" else 0
            for n, w in enumerate(site.workers):
                w["badge"] = f"{n + 1:04d}"
                w["trade"] = rng.choice(TRADES)
                w["employer"] = site.general if rng.random() < 0.1 else site.labor
                if n >= len(site.workers) - temps:  # day labourers of the breach month only, below the minimum
                    month = site.breach_month
                    minimum = minimum_wage(site.county, month) or Decimal("2000")
                    w["rate"] = (minimum / rules.PAY_DAYS_PER_MONTH * Decimal("0.6")).quantize(Decimal("1"))
                    w["rate_kind"] = "daily"
                    w["enrolled_on"] = month + timedelta(days=rng.randrange(3))
                    w["left_on"] = _last_day(month)
                    w["trade"] = "普工"
                    w["temp"] = True
                    continue
                if rng.random() < 0.1:
                    w["rate"], w["rate_kind"] = Decimal(rng.randrange(5000, 9001, 500)), "monthly"
                else:
                    w["rate"], w["rate_kind"] = Decimal(rng.randrange(180, 401, 10)), "daily"
                join = 0 if n == 0 or rng.random() < 0.7 else rng.randrange(len(months))
                w["enrolled_on"] = max(site.starts_on, months[join] + timedelta(days=rng.randrange(10)))
                w["left_on"] = site.completed_on
                if n > 0 and site.completed_on is None and rng.random() < 0.1 and join < len(months) - 2:
                    leave = rng.randrange(join, len(months) - 1)
                    w["left_on"] = months[leave] + timedelta(days=rng.randint(9, 27))

    # -- attendance, payroll, payouts --------------------------------------------------------------------

    def work(self, sites: list[Site]) -> None:
        rng = self.rng
        daily = {add_months(self.current, -1), self.current}  # months with daily attendance
        workdays = {}
        for month in daily:
            day, days = month, []
            while day < add_months(month, 1) and day < self.today:
                if workcal.is_workday(day):
                    days.append((day, day.isoformat()))
                day += timedelta(days=1)
            workdays[month] = days
        bits, chance = rng.getrandbits, rng.random
        yesterday = self.today - timedelta(days=1)
        roster, months_rows, punches, payrolls, payouts = [], [], [], [], []
        for site in sites:
            if not site.months:
                continue
            short = {}
            if site.breach == "unpaid":
                everyone = rng.random() < 0.5 or site.index == 0
                candidates = [w for w in site.workers if not w.get("temp")]
                unpaid = candidates if everyone else rng.sample(candidates, min(len(candidates), rng.randint(3, 8)))
                short = {w["person"]: None for w in unpaid}
            elif site.breach == "underpaid":
                candidates = [
                    w
                    for w in site.workers
                    if w["enrolled_on"] < site.breach_month
                    and (w["left_on"] is None or w["left_on"] > _last_day(site.breach_month))
                ]
                for w in rng.sample(candidates, min(len(candidates), rng.randint(2, 6))):
                    short[w["person"]] = Decimal(rng.randint(2, 8) * 100)
            for w in site.workers:
                left = w["left_on"]
                roster.append(
                    (site.pk, w["person"], w["employer"], w["badge"], w["trade"], w["rate"], w["rate_kind"],
                     f"6217****{rng.randrange(10000):04d}", w["enrolled_on"].isoformat(), left and left.isoformat(),
                     chance() < 0.93)
                )  # fmt: skip
                person = w["person"]
                for month in site.months:
                    last = _last_day(month)
                    start = max(month, w["enrolled_on"])
                    end = min(last, left or last, yesterday)
                    if start > end:
                        continue
                    if month in daily and site.status == Project.Status.ACTIVE:
                        # The punches of a site attendance machine, rolled up as the import does.
                        count = seconds = 0
                        for day, iso in workdays[month]:
                            if start <= day <= end and chance() < 0.93:
                                first_in, in_s = CLOCK_IN[bits(6)]
                                last_out, out_s = CLOCK_OUT[bits(7)]
                                punches.append((site.pk, person, iso, first_in, last_out))
                                count += 1
                                seconds += out_s - in_s
                        if not count:
                            continue
                        days = Decimal(count)
                        hours = (Decimal(seconds) / 3600).quantize(Decimal("0.1"))
                    else:
                        share = Decimal((end - start).days + 1) / Decimal((_last_day(month) - month).days + 1)
                        days = max(Decimal(1), (Decimal(rng.randint(19, 26)) * share).quantize(Decimal("1")))
                        hours = days * Decimal(rng.choice(("9.0", "9.5", "10.0")))
                    months_rows.append((site.pk, person, _iso(month), days, hours))
                    payday = self.payday(site.payday, month)
                    due = rules.expected_pay(days_worked=days, rate=w["rate"], rate_kind=w["rate_kind"])
                    paid_on = payday - timedelta(days=rng.randrange(3))
                    if paid_on > self.today:
                        continue  # not paid yet, nor is the payroll made
                    payrolls.append((site.pk, person, w["employer"], _iso(month), days, due, ZERO, due))
                    amount = due
                    if month == site.breach_month and w["person"] in short:
                        if short[w["person"]] is None:
                            continue  # the missed payday
                        floor = rules.minimum_pay(
                            days_worked=days, minimum_monthly=minimum_wage(site.county, month) or ZERO
                        )
                        # short by a few hundred, never below the minimum wage (another breach)
                        amount = min(due, max(due - short[w["person"]], floor + Decimal("50")))
                    paid_iso = paid_on.isoformat()
                    payouts.append((site.pk, person, _iso(month), amount, paid_iso, self.reference(paid_iso)))
            kinds = {
                "unpaid": Kind.UNPAID,
                "underpaid": Kind.UNDERPAID,
                "below_minimum": Kind.BELOW_MINIMUM,
                "allocation": Kind.ALLOCATION,
                "deposit": Kind.DEPOSIT,
            }
            if site.breach:
                self.expected.add((site.code, kinds[site.breach], site.breach_month))
        _writer(
            RosterEntry,
            ("project_id", "person_id", "employer_id", "badge", "trade", "rate", "rate_kind", "bank_account_masked",
             "enrolled_on", "left_on", "contract_signed"),
        ).write(roster)  # fmt: skip
        _writer(Attendance, ("project_id", "person_id", "day", "first_in", "last_out")).write(punches)
        _writer(WorkMonth, ("project_id", "person_id", "month", "days", "hours")).write(months_rows)
        _writer(
            Payroll, ("project_id", "person_id", "employer_id", "month", "days", "gross", "deductions", "net")
        ).write(payrolls)
        _writer(Payout, ("project_id", "person_id", "month", "amount", "paid_on", "bank_reference")).write(payouts)
        self.counts.update(
            wage_workers=len(roster),
            wage_attendance=len(punches),
            wage_worker_months=len(months_rows),
            wage_payrolls=len(payrolls),
            wage_payouts=len(payouts),
        )

    # -- money: allocations and deposits -----------------------------------------------------------------

    def money(self, sites: list[Site]) -> None:
        rng = self.rng
        allocations, deposits = [], []
        rate = deposit_rate()
        for site in sites:
            project = Project(
                starts_on=site.starts_on,
                ends_on=site.ends_on,
                contract_amount=site.contract_amount,
                labor_cost_share=site.labor_share,
            )
            for month, scheduled in scheduled_amounts(project).items():
                paid, paid_on, reference = ZERO, None, ""
                if month in site.months:
                    on = self.payday(site.payday, month) - timedelta(days=rng.randint(5, 12))
                    if on <= self.today and not (site.breach == "allocation" and month == site.breach_month):
                        paid, paid_on, reference = scheduled, on, self.reference(on.isoformat())
                allocations.append((site.pk, month, scheduled, paid, paid_on, reference))
            if site.status == Project.Status.PLANNED and rng.random() < 0.5:
                continue
            if site.exempt or site.breach == "deposit":
                continue
            required = rules.yuan(site.contract_amount * rate)
            amount = (required / 1000).quantize(Decimal("1"), rounding=ROUND_UP) * 1000
            on = min(site.starts_on, self.today) - timedelta(days=rng.randint(3, 20))
            if rng.random() < 0.55:
                deposits.append((site.pk, Deposit.Form.BANK_GUARANTEE, amount, rng.choice(GUARANTORS),
                                 f"BH{on:%Y}{site.pk:06d}", on, site.ends_on + timedelta(days=180)))  # fmt: skip
            else:
                deposits.append((site.pk, Deposit.Form.CASH, amount, rng.choice(BANKS), "", on, None))
        TableWriter(Allocation, ("project_id", "month", "scheduled", "paid", "paid_on", "bank_reference")).write(
            allocations
        )
        TableWriter(
            Deposit, ("project_id", "form", "amount", "bank", "guarantee_number", "deposited_on", "expires_on", "used")
        ).write([(*d, ZERO) for d in deposits])
        self.counts.update(wage_allocations=len(allocations), wage_deposits=len(deposits))

    # -- complaints and listings ------------------------------------------------------------------------

    def at(self, day: date, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, self.rng.randrange(60))))

    def complaints(self, sites: list[Site]) -> None:
        """Complaints in every status, moved by the county's staff through the workflow's own
        moves, dated in the past; the three listings on complaints whose order to pay was ignored."""
        rng = self.rng
        owing = [s for s in sites if s.breach in ("unpaid", "underpaid")] or [s for s in sites if s.workers]
        plan = []
        for status in Complaint.Status.values:
            plan += [status] * self.plan.complaints
        made = []
        for n, status in enumerate(plan):
            site = owing[n % len(owing)]
            worker = site.workers[0] if n == 0 else rng.choice(site.workers)
            back = {"filed": (1, 6), "investigating": (20, 60), "ordered": (20, 90), "dismissed": (20, 150)}
            filed = self.today - timedelta(days=rng.randint(*back.get(status, (60, 150))))
            made.append(self.complaint(site, worker, status, filed, workers=rng.randint(1, 6)))
        # For the listings: orders to pay that were ignored.
        unpaid = [s for s in sites if s.breach == "unpaid"]
        big = unpaid[-1] if unpaid else owing[-1]
        listed = self.complaint(big, big.workers[-1], "ignored", self.today - timedelta(days=150),
                                workers=14, months=3, amount=Decimal("86400.00"))  # fmt: skip
        attention_site = owing[1 % len(owing)]
        attention = self.complaint(attention_site, attention_site.workers[-1], "ignored",
                                   self.today - timedelta(days=120), workers=3, amount=Decimal("18600.00"))  # fmt: skip
        notified_site = owing[2 % len(owing)]
        notified = self.complaint(notified_site, notified_site.workers[-1], "ignored",
                                  self.today - timedelta(days=40), months=4, amount=Decimal("26800.00"))  # fmt: skip
        made += [listed, attention, notified]
        self.counts["wage_complaints"] = len(made)
        self.listings(listed, attention, notified)

    def complaint(self, site: Site, worker: dict, status: str, filed: date, *, workers=1, months=1, amount=None):
        rng, wf = self.rng, Complaint.workflow
        staff = self.actors.staff(site.county)
        month = site.breach_month or site.months[-2]
        if amount is None:
            amount = Decimal(rng.randint(30, 160) * 100) * workers
        employer = site.labor if rng.random() < 0.7 else site.general
        prefix = f"TS-{site.county}-{filed.year}-"
        (number,) = take_numbers(WageNumberSequence, prefix)
        complaint = Complaint.objects.create(
            number=f"{prefix}{number:06d}",
            person_id=worker["person"],
            project_id=site.pk,
            employer_id=employer,
            region_id=site.county,
            facts=rng.choice(COMPLAINT_FACTS).format(
                project=site.code, trade=worker["trade"], month=f"{month:%Y年%m月}"
            ),
            amount=amount,
            months=months,
            workers=workers,
            filed_at=self.at(filed, 9),
        )
        day = filed
        if status == "filed":
            return complaint
        if status == "dismissed":
            complaint.closed_on = day + timedelta(days=3)
            wf.apply(
                complaint,
                "dismiss",
                staff,
                note="经核实，投诉人已与用工单位结清工资，不予立案",
                at=self.at(day + timedelta(days=3)),
            )
            return complaint
        day += timedelta(days=rng.randint(1, 4))
        complaint.handler = staff
        wf.apply(complaint, "investigate", staff, note="调取考勤和工资发放记录", at=self.at(day))
        if status == "investigating":
            return complaint
        day += timedelta(days=rng.randint(5, 15))
        deadline = day + timedelta(days=15 if status != "ignored" else 10)
        if status == "ordered":  # an order still running
            day = self.today - timedelta(days=rng.randint(1, 6))
            deadline = self.today + timedelta(days=rng.randint(5, 12))
        complaint.order_deadline = deadline
        wf.apply(complaint, "order", staff, note="下达劳动保障监察限期改正指令书", at=self.at(day))
        if status in ("ordered", "ignored"):
            return complaint
        day = deadline - timedelta(days=rng.randint(1, 8))
        complaint.paid_amount, complaint.paid_on = complaint.amount, day
        wf.apply(complaint, "record_payment", staff, note=f"已支付{complaint.amount}元", at=self.at(day, 15))
        if status == "paid":
            return complaint
        day += timedelta(days=rng.randint(2, 10))
        complaint.closed_on = min(day, self.today)
        wf.apply(complaint, "close", staff, note="拖欠工资已全额支付，结案", at=self.at(complaint.closed_on, 16))
        return complaint

    def listings(self, listed: Complaint, attention: Complaint, notified: Complaint) -> None:
        wf = Listing.workflow
        threshold = ListingThreshold.objects.filter(region_id="370000").first()
        individual = threshold.individual if threshold else Decimal("10000")
        collective = threshold.collective if threshold else Decimal("50000")
        made = 0

        def findings(c: Complaint):
            return rules.blacklist_findings(
                workers_owed=c.workers, months_owed=c.months, amount_owed=c.amount - c.paid_amount,
                individual_threshold=individual, collective_threshold=collective, order_ignored=True,
                corrected_with_pledge=False,
            )  # fmt: skip

        def new(c: Complaint, kind: str, found, proposed: date) -> Listing:
            org = Organization.objects.get(pk=c.employer_id)
            return Listing.objects.create(
                kind=kind,
                organization=org,
                region_id=c.region_id,
                responsible_person=org.legal_representative,
                findings=[list(f) for f in found],
                workers_owed=c.workers,
                months_owed=c.months,
                amount_owed=c.amount - c.paid_amount,
                proposed_on=proposed,
            )

        staff = self.actors.staff(listed.region_id)
        # A blacklist decision, published: proposed after the order ran out, notified, decided.
        found = findings(listed)
        if any(f.level == rules.ERROR for f in found):
            proposed = listed.order_deadline + timedelta(days=7)
            listing = new(listed, Listing.Kind.BLACKLIST, found, proposed)
            listing.notified_on = proposed + timedelta(days=1)
            listing.objection_deadline = rules.objection_deadline(listing.notified_on).date
            listing.decision_deadline = rules.decision_deadline(listed.order_deadline).date
            wf.apply(listing, "notify", staff, at=self.at(listing.notified_on))
            listing.listed_on = min(listing.objection_deadline + timedelta(days=3), self.today)
            listing.expires_on = rules.listing_term(listing.listed_on).expires_on
            wf.apply(listing, "decide", staff, note="逾期未履行限期支付指令，列入失信联合惩戒对象名单",
                     at=self.at(listing.listed_on, 15))  # fmt: skip
            listing.published = True
            listing.save(update_fields=["published"])
            self.published = listing.pk
            made += 1
        # The key-attention list: an ignored order below the blacklist's threshold.
        staff = self.actors.staff(attention.region_id)
        found = rules.attention_findings(arrears_cases_12_months=1, order_ignored=True, listed=False)
        listing = new(attention, Listing.Kind.ATTENTION, found, attention.order_deadline + timedelta(days=5))
        listing.listed_on = listing.proposed_on + timedelta(days=2)
        listing.expires_on = add_months(listing.listed_on, 12)
        wf.apply(
            listing, "attend", staff, note="逾期未履行限期支付指令，列入重点关注名单", at=self.at(listing.listed_on)
        )
        made += 1
        # A blacklist proposal notified yesterday: the objection window is still open.
        staff = self.actors.staff(notified.region_id)
        found = findings(notified)
        if any(f.level == rules.ERROR for f in found):
            listing = new(notified, Listing.Kind.BLACKLIST, found, self.today - timedelta(days=3))
            listing.notified_on = self.today - timedelta(days=1)
            listing.objection_deadline = rules.objection_deadline(listing.notified_on).date
            listing.decision_deadline = rules.decision_deadline(notified.order_deadline).date
            wf.apply(listing, "notify", staff, at=self.at(listing.notified_on))
            made += 1
        self.counts["wage_listings"] = made

    # -- the whole run -----------------------------------------------------------------------------------

    def run(self) -> WagesSeeded:
        self.report.phase("欠薪监管", 5)
        self.published = None
        self.organizations()
        self.grid_members()
        sites = self.sites()
        self.write_projects(sites)
        self.report.advance(1)
        self.people(sites)
        self.report.advance(1)
        self.rosters(sites)
        self.work(sites)
        self.report.advance(1)
        self.money(sites)
        self.report.advance(1)
        if self.demo_worker:
            self.actors.worker(Person.objects.get(pk=self.demo_worker))
        self.complaints(sites)
        self.report.advance(1)
        self.counts["wage_arrears_projects"] = len({code for code, _kind, _month in self.expected})
        self.counts["wage_expected_warnings"] = len(self.expected)
        return WagesSeeded(
            as_of=self.today,
            counts=self.counts,
            expected=frozenset(self.expected),
            owed_worker=self.demo_worker,
            published=self.published,
        )


def _write(model, rows: list[dict]) -> None:
    """Rows given by attribute name, every other column its field's default."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f.primary_key is False or "id" in rows[0]]
    names = {f.attname for f in fields}
    defaults = {f.attname: f.get_default() for f in fields}
    unknown = set(rows[0]) - names
    if unknown:
        raise ValueError(f"unknown columns {unknown} for {model.__name__}")
    TableWriter(model, tuple(f.column for f in fields)).write(
        [tuple(row.get(f.attname, defaults[f.attname]) for f in fields) for row in rows]
    )


def restore_reference_data() -> None:
    """After the demo province is deleted: complaint numbers from 1 again, and no timeline left of
    the deleted warnings, complaints and listings (entries point at them by id)."""
    WageNumberSequence.objects.all().delete()
    kinds = ContentType.objects.get_for_models(ArrearsWarning, Complaint, Listing).values()
    TimelineEntry.objects.filter(content_type__in=list(kinds)).delete()


def build(seed: int, scale: str, as_of: date, reporter) -> WagesSeeded:
    """Seed wage supervision into a demo province the generator has just built (after the disputes)."""
    with disable_auditlog():
        return WagesDemo(seed, scale, as_of, reporter).run()


__all__ = ["WagesSeeded", "build", "restore_reference_data"]
