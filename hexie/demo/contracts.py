"""Labor contracts in the demo province (电子劳动合同): the contracts enterprises concluded on paper
before the platform, recorded in force (纸质合同备案); a sample of electronic contracts signed for
real — drafted, checked, issued, signed by the worker with a one-time code and sealed by the
enterprise, each a PAdES signature with an RFC 3161 timestamp — and contracts in every other state
(draft, awaiting the worker, awaiting the seal, declined, cancelled, changed, ended with severance);
platform-worker agreements; collective contracts (an enterprise's, a county's regional one for its
small enterprises, one being bargained, one under review, one objected to).

Paper contracts are written in bulk: a lawful history per worker (fixed terms of three years, the
third one open-ended as LCL-14 requires, one probation in the first term), the current term the one
running today. Each enterprise keeps its own compliance: most sign almost every worker, some leave
a share unsigned, which the statistics show as unsigned workers past one month.

Everything electronic goes through the contracts app's own services, acted by each enterprise's HR,
its workers and the county's union and labor office. The signing codes are read back from the
console sender, which the demo command uses whatever the settings say (it never texts a phone).
"""

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import import_module
from itertools import islice

from auditlog.context import disable_auditlog
from django.apps import apps as django_apps
from django.db.models import Q
from django.utils import timezone

from hexie.contracts.models import CollectiveContract, ContractTemplate, Kind, LaborContract, NumberSequence, TermKind
from hexie.contracts.services import collective, drafting, lifecycle, signing
from hexie.core.bulk import TableWriter
from hexie.core.minimum_wage import minimum_wage
from hexie.core.models import Employment, Organization, Person, Region
from hexie.core.rules import months_end
from hexie.core.senders import ConsoleSmsSender

from .actors import Actors

OrgKind = Organization.Kind
TERM_YEARS = 3
CODE = re.compile(r"验证码 (\d{6})")  # the code in the text the console sender kept
MODEL_TEXT = {
    "fixed": "MODEL-FIXED",
    "open_ended": "MODEL-OPEN",
    "part_time": "MODEL-PART",
    "platform": "MODEL-PLATFORM",
}


# The LCL-17 clauses every recorded contract states in the model text's usual words.
CLAUSES = {
    "rest": "每周休息两日，享受国家规定的法定节假日、年休假、婚丧假、产假等假期",
    "social_insurance": "甲乙双方依法参加养老、医疗、失业、工伤、生育保险，按时足额缴纳社会保险费",
    "protection": "甲方按国家规定提供劳动保护用品，定期组织职业健康检查，告知岗位职业危害及其防护措施",
}


@dataclass(frozen=True)
class Plan:
    enterprises: int  # enterprises with electronic contracts (the demo HR's first)
    signed: int  # renewals signed and sealed
    states: int  # of each other state
    terminations: int
    collective: int  # enterprise collective contracts in force


PLANS = {"T": Plan(2, 4, 1, 3, 2), "S": Plan(20, 40, 2, 24, 20), "M": Plan(20, 40, 2, 24, 200)}


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _years_later(day: date, years: int) -> date:
    return day.replace(year=day.year + years) if (day.month, day.day) != (2, 29) else date(day.year + years, 2, 28)


class ContractsDemo:
    def __init__(self, seed: int, scale: str, as_of: date, reporter):
        self.rng = random.Random(f"contracts-{seed}")
        self.plan = PLANS.get(scale, PLANS["S"])
        self.as_of = as_of
        self.today = max(timezone.localdate(), as_of)
        self.report = reporter
        self.actors = Actors()
        self.templates = {
            key: ContractTemplate.objects.get(enterprise=None, code=code, version=1) for key, code in MODEL_TEXT.items()
        }
        self.counts: dict[str, int] = {}
        self.places: dict[str, str] = {}

    # -- paper contracts ---------------------------------------------------------------------------

    def term(self, start: date, on: date) -> tuple[str, date, date | None, int]:
        """(term kind, start, end, consecutive fixed terms before) of the term running on `on`:
        fixed three-year terms, the third one open-ended (LCL-14)."""
        term_start = start
        for done in range(2):
            end = _years_later(term_start, TERM_YEARS) - timedelta(days=1)
            if end >= on:
                return TermKind.FIXED, term_start, end, done
            term_start = end + timedelta(days=1)
        return TermKind.OPEN_ENDED, term_start, None, 2

    def place(self, region: str) -> str:
        if region not in self.places:
            self.places[region] = Region.objects.get(code=region).full_name()
        return self.places[region]

    def wage(self, region: str, on: date, *, hourly: bool = False) -> Decimal:
        floor = minimum_wage(region, on, hourly=hourly) or Decimal("2200")
        factor = Decimal(str(round(self.rng.uniform(1.15, 2.8), 2)))
        step = Decimal("1") if hourly else Decimal("100")
        return (floor * factor / step).quantize(Decimal("1")) * step

    def paper_row(self, employment, region: str, on: date) -> dict | None:
        kind = Kind.PLATFORM if employment.kind == Employment.Kind.PLATFORM else Kind.LABOR
        part_time = employment.kind == Employment.Kind.PART_TIME
        values = {
            "position": employment.position,
            "work_place": self.place(region),
            "worker_address": self.place(employment.person.region_id),
            **CLAUSES,
        }
        if kind == Kind.PLATFORM:
            years = max(
                0,
                on.year - employment.start.year - ((on.month, on.day) < (employment.start.month, employment.start.day)),
            )
            start = _years_later(employment.start, years)
            template, term_kind, end, before = (
                self.templates["platform"],
                TermKind.FIXED,
                _years_later(start, 1) - timedelta(days=1),
                0,
            )
            values.update(wage=self.wage(region, start, hourly=True), wage_form="piece")
        elif part_time:
            template, term_kind, start, end, before = (
                self.templates["part_time"],
                TermKind.PART_TIME,
                employment.start,
                None,
                0,
            )
            values.update(
                wage=self.wage(region, start, hourly=True),
                wage_form="hourly",
                hours_per_day=Decimal("4.0"),
                hours_per_week=Decimal("20.0"),
                pay_cycle_days=15,
            )
        else:
            term_kind, start, end, before = self.term(employment.start, on)
            template = self.templates[term_kind]
            wage = self.wage(region, start)
            values.update(wage=wage)
            if before == 0:
                values.update(
                    probation_end=months_end(start, 3), probation_wage=(wage * Decimal("0.8")).quantize(Decimal("1"))
                )
        return {
            "kind": kind,
            "enterprise_id": employment.enterprise_id,
            "worker_id": employment.person_id,
            "employment_id": employment.pk,
            "template_id": template.pk,
            "term_kind": term_kind,
            "start": start,
            "end": end,
            "first_work_day": employment.start,
            "previous_fixed_terms": before,
            "effective_at": _at(start),
            "region": region,
            **values,
        }

    def record_paper_contracts(self, employments, compliance: dict[int, float]) -> list[int]:
        """Write the paper contracts of `employments` (those each enterprise's compliance draws)
        in bulk, numbered from the contracts' own sequences. Returns their employment ids."""
        rows = []
        for employment in employments:
            if self.rng.random() < compliance[employment.enterprise_id]:
                on = employment.end or self.today
                rows.append(self.paper_row(employment, employment.enterprise.region_id, on))
        by_prefix = defaultdict(list)
        for row in rows:
            by_prefix[
                f"{'XY' if row['kind'] == Kind.PLATFORM else 'HT'}-{row.pop('region')}-{row['start'].year}-"
            ].append(row)
        for prefix, group in by_prefix.items():
            for row, number in zip(group, drafting.allocate_numbers(prefix, len(group)), strict=True):
                row["number"] = number
        fields = [f for f in LaborContract._meta.concrete_fields if not f.primary_key]
        writer = TableWriter(LaborContract, tuple(f.column for f in fields))
        now = timezone.now()
        fixed = {"status": LaborContract.Status.IN_FORCE, "paper": True, "created_at": now, "findings": "[]"}
        defaults = {f.attname: f.get_default() for f in fields}
        writer.write(
            [
                tuple({**defaults, **fixed, **row}.get(f.attname) if f.attname != "findings" else "[]" for f in fields)
                for row in rows
            ]
        )
        self.counts["paper_contracts"] = len(rows)
        return [row["employment_id"] for row in rows]

    # -- the electronic sample ------------------------------------------------------------------

    def sign(self, contract: LaborContract) -> LaborContract:
        """Issue `contract`, sign it as its worker with the texted code, seal it as the enterprise."""
        hr = self.actors.applicant(contract.enterprise)
        contract = self.issue(contract)
        self.worker_signs(contract)
        return signing.seal_as_enterprise(contract, hr, ip="127.0.0.1", user_agent="hexie demo").contract

    def issue(self, contract: LaborContract) -> LaborContract:
        return drafting.issue_contract(contract, self.actors.applicant(contract.enterprise))

    def worker_signs(self, contract: LaborContract) -> LaborContract:
        worker = self.actors.worker(contract.worker)
        sent = len(ConsoleSmsSender.outbox)
        signing.send_signing_code(contract, worker)
        code = CODE.search(ConsoleSmsSender.outbox[sent][1]).group(1)
        del ConsoleSmsSender.outbox[sent:]
        return signing.sign_as_worker(contract, code, worker, "127.0.0.1", "hexie demo").contract

    def sample(self, enterprises: list[Organization]) -> None:
        """Renewals of fixed terms ending in the coming weeks, signed electronically, and one
        contract in each other state; terminations of workers who left."""
        window = (self.today, self.today + timedelta(days=90))
        paper = LaborContract.objects.filter(
            enterprise__in=enterprises, kind=Kind.LABOR, paper=True, term_kind=TermKind.FIXED, status="in_force"
        ).select_related("enterprise", "worker")
        ending = list(paper.filter(end__range=window, employment__end__isnull=True).order_by("end", "id"))
        self.rng.shuffle(ending)
        states = self.plan.states
        renewals = [self.renewal(contract) for contract in ending[: 4 * states + self.plan.signed]]
        rest = iter(renewals[states:])  # the first `states` renewals stay drafts
        for contract in islice(rest, states):
            self.issue(contract)
        for contract in islice(rest, states):
            self.worker_signs(self.issue(contract))
        for index, contract in enumerate(islice(rest, states)):
            contract = self.issue(contract)
            if index % 2:
                signing.decline_contract(contract, self.actors.worker(contract.worker), "岗位待遇与面谈约定不一致")
            else:
                drafting.cancel_contract(contract, self.actors.applicant(contract.enterprise), "录入有误，重新起草")
        signed = [self.sign(contract) for contract in rest]
        self.changes(paper.filter(employment__end__isnull=True).exclude(pk__in=[c.supersedes_id for c in renewals]))
        self.counts["signed_contracts"] = len(signed)

    def renewal(self, contract: LaborContract) -> LaborContract:
        """The next term: fixed after the first term, open-ended after the second (LCL-14)."""
        fields = {"term_kind": TermKind.OPEN_ENDED} if contract.previous_fixed_terms >= 1 else {}
        if not fields:
            fields["end"] = _years_later(contract.end + timedelta(days=1), TERM_YEARS) - timedelta(days=1)
        fields["wage"] = contract.wage + Decimal("200")
        return lifecycle.renew_contract(contract, fields, self.actors.applicant(contract.enterprise))

    def changes(self, in_force) -> None:
        """A wage change (变更) signed and sealed, and the demo worker's own change awaiting their
        signature, so that logging in as `worker` shows a contract to sign on the phone."""
        demo_worker = Person.objects.filter(user__username="worker").first()
        mine = in_force.filter(worker=demo_worker).first() if demo_worker else None
        others = list(in_force.exclude(worker=demo_worker).order_by("id")[:1])
        for contract in others:
            raise_ = lifecycle.change_contract(
                contract,
                {"wage": contract.wage + Decimal("300")},
                "年度调薪",
                self.actors.applicant(contract.enterprise),
            )
            self.sign(raise_)
        if mine is not None:
            change = lifecycle.change_contract(
                mine,
                {"wage": mine.wage + Decimal("500"), "position": mine.position},
                "岗位晋升调薪",
                self.actors.applicant(mine.enterprise),
            )
            self.issue(change)

    def terminations(self, enterprises: list[Organization]) -> None:
        """Workers who left: their recorded contracts ended with the reason and severance by rule."""
        reasons = ["LCL-37", "LCL-37", "LCL-36-worker", "LCL-36-employer", "LCL-40-3", "LCL-39"]
        left = (
            LaborContract.objects.filter(
                enterprise__in=enterprises,
                kind=Kind.LABOR,
                paper=True,
                status="in_force",
                employment__end__isnull=False,
            )
            .select_related("enterprise", "employment")
            .order_by("id")[: self.plan.terminations]
        )
        for index, contract in enumerate(left):
            ended_on = contract.employment.end
            reason = "LCL-44-1" if contract.end == ended_on else reasons[index % len(reasons)]
            lifecycle.end_contract(
                contract,
                "terminate" if reason.startswith("LCL-44") else "dissolve",
                reason,
                ended_on,
                contract.wage,
                Decimal("8650.00"),
                False,
                "",
                self.actors.applicant(contract.enterprise),
            )
        self.counts["terminations"] = len(left)

    # -- collective contracts ---------------------------------------------------------------------

    def collective_contracts(self, county: str, enterprises: list[Organization]) -> None:
        union = Organization.objects.filter(region_id=county, kind=OrgKind.UNION).order_by("id").first()
        union_staff = self.actors.staff(county, OrgKind.UNION)
        office = self.actors.staff(county)
        year = self.today.year
        start, end = date(year, 1, 1), date(year + 2, 12, 31)

        def draft(**extra):
            return collective.Draft(
                kind=extra.pop("kind", CollectiveContract.Kind.WAGE),
                union=union,
                employer_side=extra.pop("employer_side", "企业方首席代表"),
                start=start,
                end=end,
                wage_increase_percent=Decimal(str(self.rng.choice([3.5, 4, 4.5, 5, 6]))),
                **extra,
            )

        def passed(contract, delegates: int = 60):
            collective.record_bargaining(
                union_staff,
                contract,
                kind="request",
                on=start - timedelta(days=70),
                party="workers",
                summary="工会代表职工提出年度工资集体协商要求",
            )
            collective.record_bargaining(
                union_staff,
                contract,
                kind="session",
                on=start - timedelta(days=40),
                party="employer",
                summary="双方就工资增长幅度、最低工资标准进行协商，达成一致",
                attendees=10,
            )
            return collective.record_vote(
                union_staff,
                contract,
                congress_on=start - timedelta(days=20),
                delegates_total=delegates,
                delegates_present=delegates - 4,
                votes_for=delegates - 9,
            )

        regional = collective.create_collective_contract(
            union_staff,
            draft(
                coverage="regional",
                region=Region.objects.get(code=county),
                title="区域性工资专项集体合同",
                max_headcount=100,
                employer_side="区企业联合会",
            ),
        )
        collective.submit_collective_contract(union_staff, passed(regional))
        collective.approve_collective_contract(office, regional, "审查无异议")
        large = [e for e in enterprises if e.headcount >= 50][: self.plan.collective]
        made = 1
        for index, enterprise in enumerate(large):
            hr = self.actors.applicant(enterprise)
            contract = collective.create_collective_contract(
                hr, draft(coverage="enterprise", enterprise=enterprise, title=f"{enterprise.name}工资专项集体合同")
            )
            made += 1
            if index == len(large) - 1:
                continue  # still being bargained
            contract = passed(contract)
            collective.submit_collective_contract(hr, contract)
            if index == len(large) - 2:
                collective.object_to_collective_contract(
                    office, contract, "工资增长幅度条款表述不明确，请修改后重新报送"
                )
            elif index < len(large) - 3:
                collective.approve_collective_contract(office, contract, "审查无异议")
            # the one left is under review, its 15-day clock running
        self.counts["collective_contracts"] = made

    # -- the whole run ------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        employments = list(
            Employment.objects.filter(
                Q(end__isnull=True) | Q(end__gte=date(2024, 1, 1)), kind__in=("contract", "part_time", "platform")
            )
            .select_related("enterprise", "person")
            .order_by("id")
        )
        enterprise_ids = sorted({e.enterprise_id for e in employments})
        compliance = {}
        for pk in enterprise_ids:
            draw = self.rng.random()
            compliance[pk] = 1.0 if draw < 0.55 else 0.97 if draw < 0.85 else self.rng.uniform(0.6, 0.9)
        self.report.phase("劳动合同", 4)
        self.record_paper_contracts(employments, compliance)
        self.report.advance(1)
        hr_enterprise = Organization.objects.filter(memberships__user__username="hr").first()
        county = hr_enterprise.region_id[:6]
        enterprises = [hr_enterprise] + list(
            Organization.objects.filter(kind=OrgKind.ENTERPRISE, region__code__startswith=county)
            .exclude(pk=hr_enterprise.pk)
            .order_by("-headcount", "id")[: self.plan.enterprises - 1]
        )
        self.sample(enterprises)
        self.report.advance(1)
        self.terminations(enterprises)
        self.report.advance(1)
        county_enterprises = Organization.objects.filter(kind=OrgKind.ENTERPRISE, region__code__startswith=county)
        self.collective_contracts(county, list(county_enterprises.order_by("-headcount", "id")))
        self.report.advance(1)
        return self.counts


def restore_reference_data() -> None:
    """After the demo province is deleted: the platform's model texts again (they have no
    enterprise, but their table depends on organizations and is emptied with them) and the
    contract numbers from 1."""
    NumberSequence.objects.all().delete()
    if not ContractTemplate.objects.filter(enterprise=None).exists():
        import_module("hexie.contracts.migrations.0003_model_texts").install(django_apps, None)


def build(seed: int, scale: str, as_of: date, reporter) -> dict[str, int]:
    """Seed labor contracts, platform agreements and collective contracts into a demo province the
    generator has just built (before the campaign, whose computed indicators read them)."""
    with disable_auditlog():
        return ContractsDemo(seed, scale, as_of, reporter).run()


__all__ = ["build"]
