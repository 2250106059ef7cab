"""Labor disputes in the demo province (劳动争议调解仲裁): two years of cases in every state, from an
application filed this morning to an award the court upheld, with the statutory clocks they ran on.

The forums first: each county's basic court (基层人民法院) beside the arbitration commission and
mediation centre the generator made, and an enterprise mediation committee (企业劳动争议调解委员会)
in every large enterprise; their mediators, arbitrators and court liaisons through `Actors` (the
printed `mediator` and `arbitrator` logins take the first seats of their own organizations).

Then the cases, written in bulk. Each is a `Story` told forward from its filing: the enterprise's
internal complaint for about one in ten, mediation first for about six in ten (eight in ten of them
agreed, Shandong's 82.8%), with hand-overs between channels, the rest straight to arbitration:
acceptance or refusal within five working days, a tribunal, hearings notified at least five working
days ahead (some postponed), suspensions, extensions approved once, settlements, withdrawals,
awards classified final or not by the region's minimum wage, service, and for a few the court's
outcome, nine in ten consistent with the award. A story moves only through the workflow's own
transition table, by a role that transition allows, and stamps each clock as `Workflow.apply`
does (`rules.deadline` of the move's day); it stops where today falls, so the cases filed lately
are still running, and a few slow forums leave some of them overdue. Every status is then made sure
of with a few more stories steered into it.

Finally a small sample goes through the real services (`sample_cases`), so that mediation
agreements and awards exist as PDFs served on demo workers.
"""

import json
import random
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from faker import Faker

from hexie.core.bulk import TableWriter, allocate_ids
from hexie.core.calendar import add_period
from hexie.core.minimum_wage import minimum_wage
from hexie.core.models import Employment, Membership, Organization, Person, TimelineEntry
from hexie.core.numbering import take_numbers
from hexie.core.workflow import SYSTEM
from hexie.disputes import rules
from hexie.disputes.models import (
    CaseDocument,
    CaseNumberSequence,
    Channel,
    Claim,
    CourtOutcome,
    DisputeCase,
    Hearing,
    MediationAttempt,
    Party,
    RepresentativeVote,
    TribunalMember,
)
from hexie.disputes.services import arbitration, mediation
from hexie.disputes.services.arbitration import ROOM_URL
from hexie.disputes.services.deadlines import SUIT_WINDOWS
from hexie.disputes.services.numbers import court_style_prefix

from .actors import STAFF_PREFIX, Actors
from .identity import make_uscc

Kind = Organization.Kind
Status = DisputeCase.Status
Outcome = DisputeCase.Outcome
MediationResult = DisputeCase.MediationResult
WORKFLOW = DisputeCase.workflow
MONTHS = 24  # the cases filed over the last two years
ONE = Decimal("0.01")


@dataclass(frozen=True)
class Plan:
    cases: int  # cases told at random
    minimum: int  # cases at least in each status (more stories steered there when short)
    overdue: int  # running cases at least past a clock
    sample: int  # of arbitrations and of mediations finished through the real services
    collective: float  # share of collective cases


PLANS = {
    "T": Plan(160, 2, 3, 2, 0.04),
    "S": Plan(2_000, 3, 6, 5, 0.03),
    "M": Plan(200_000, 3, 6, 5, 0.03),
}

# The main matter in dispute (主要争议事项), as arbitration statistics find it: unpaid wages first,
# then the end of the employment (severance, damages), double wages for no written contract,
# overtime, social insurance and injuries.
CAUSES = {
    "wages": 36,
    "severance": 13,
    "damages": 10,
    "double_wages": 9,
    "overtime": 8,
    "social_insurance": 7,
    "injury_benefits": 4,
    "injury_medical": 3,
    "confirm_relation": 3,
    "annual_leave": 2,
    "dismissal": 2,
    "minimum_wage_gap": 1,
    "working_hours": 0.5,
    "rest_leave": 0.5,
    "other": 1,
}
# Claims that go with the main one (a worker who left asks for the wages owed and severance…).
ALONGSIDE = {
    "wages": ("overtime", "severance", "annual_leave"),
    "severance": ("wages", "annual_leave", "overtime"),
    "damages": ("wages", "double_wages", "annual_leave"),
    "double_wages": ("wages", "severance", "social_insurance"),
    "overtime": ("wages", "rest_leave"),
    "social_insurance": ("severance", "wages"),
    "injury_benefits": ("injury_medical", "wages"),
    "injury_medical": ("injury_benefits",),
    "confirm_relation": ("wages", "double_wages"),
    "annual_leave": ("wages",),
    "dismissal": ("wages",),
}
ENDED = {"severance", "damages", "double_wages", "dismissal", "annual_leave", "confirm_relation", "injury_benefits"}
DESCRIPTIONS = {
    "wages": "支付拖欠的工资{amount}元",
    "overtime": "支付延长工作时间加班费{amount}元",
    "double_wages": "支付未签订书面劳动合同的二倍工资差额{amount}元",
    "minimum_wage_gap": "补足低于最低工资标准的差额{amount}元",
    "annual_leave": "支付未休年休假工资{amount}元",
    "severance": "支付解除劳动合同经济补偿{amount}元",
    "damages": "支付违法解除劳动合同赔偿金{amount}元",
    "injury_medical": "支付工伤医疗费{amount}元",
    "injury_benefits": "支付一次性伤残补助金等工伤保险待遇{amount}元",
    "social_insurance": "依法补缴在职期间的社会保险费",
    "working_hours": "依法执行国家规定的工时制度",
    "rest_leave": "安排法定休息休假",
    "dismissal": "撤销解除劳动合同决定，恢复劳动关系",
    "confirm_relation": "确认双方存在劳动关系",
    "other": "返还押金及证件{amount}元",
}
FACTS = {
    "wages": "申请人于{start}入职被申请人处，任{position}。被申请人自{since}起拖欠申请人工资，经多次催要未果。",
    "overtime": "申请人在被申请人处任{position}，长期每日工作十一小时以上，每月休息不足四日，被申请人未支付加班费。",
    "double_wages": "申请人于{start}入职被申请人处，被申请人始终未与申请人签订书面劳动合同。",
    "minimum_wage_gap": "被申请人按月支付申请人的工资低于本地最低工资标准。",
    "annual_leave": "申请人连续工作满一年以上，被申请人未安排年休假，亦未支付未休年休假工资。",
    "severance": "被申请人以经营困难为由于{end}与申请人解除劳动合同，未支付经济补偿。",
    "damages": "被申请人于{end}以申请人违反规章制度为由解除劳动合同，但该规章制度未经民主程序制定、未向申请人公示。",
    "injury_medical": "申请人在工作中受伤，已认定为工伤，被申请人拒绝支付垫付的医疗费。",
    "injury_benefits": "申请人工伤经鉴定为九级伤残，劳动关系于{end}解除，被申请人未支付工伤保险待遇。",
    "social_insurance": "被申请人自申请人入职起未为其缴纳社会保险费。",
    "working_hours": "被申请人实行综合计算工时制未经批准，申请人每周工作超过四十四小时。",
    "rest_leave": "被申请人长期不安排申请人每周休息日。",
    "dismissal": "被申请人于{end}无正当理由解除与申请人的劳动合同，申请人要求继续履行。",
    "confirm_relation": (
        "申请人自{start}起在被申请人处从事{position}工作，接受其管理并领取报酬，被申请人否认存在劳动关系。"
    ),
    "other": "申请人离职时，被申请人扣押申请人的身份证件及押金不予返还。",
}
COLLECTIVE_FACTS = "被申请人自{since}起拖欠{workers}名职工工资，职工推选{reps}名代表人参加仲裁活动。"
EMPLOYER_FACTS = "被申请人参加申请人出资的专项技术培训并约定服务期，未满服务期即离职，应按约定支付违约金。"
REFUSALS = (
    "申请人与被申请人之间不存在劳动关系，申请事项不属于劳动人事争议处理范围。",
    "申请人的仲裁请求已由本委作出生效裁决，属重复申请。",
    "被申请人住所地及劳动合同履行地均不在本委管辖范围内，请向有管辖权的仲裁委员会申请。",
)
HANDOVERS = (
    "争议金额较大，移交区域性劳动人事争议调解中心调解。",
    "当事人申请更换调解组织，移交所在街道劳动人事争议调解委员会。",
    "企业调解委员会与劳动者协商未果，移交上级调解组织。",
)
FAILURES = (
    "双方对经济补偿数额分歧较大，未能达成调解协议。",
    "被申请人经两次通知未到场，调解不成。",
    "申请人坚持全部请求，被申请人仅同意支付部分款项，调解不成。",
)
SUSPENSIONS = (
    "本案须以工伤认定结论为依据，工伤认定尚未作出，中止审理。",
    "申请人申请劳动能力鉴定，鉴定结论尚未作出，中止审理。",
)
WITHDRAWALS = ("双方已自行和解，申请人撤回仲裁申请。", "被申请人已支付拖欠工资，申请人撤回仲裁申请。")
TRANSCRIPT = (
    "仲裁员：现在开庭。核对当事人身份，告知仲裁庭组成人员及申请回避的权利。\n"
    "申请人陈述仲裁请求及事实理由；被申请人答辩。\n"
    "双方举证、质证：申请人提交考勤记录、工资条及微信聊天记录；被申请人提交劳动合同及规章制度。\n"
    "仲裁庭询问；双方作最后陈述。仲裁庭主持调解，{settled}。"
)


class Stop(Exception):
    """The next move of a story lies after today: the case stays where it is."""


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _money(value: float) -> Decimal:
    return Decimal(str(round(value))).quantize(ONE)


@dataclass
class Story:
    """One case as it happened: its row's columns and everything hanging off it."""

    key: int
    fields: dict
    status: str = Status.FILED
    at: datetime | None = None
    entries: list[tuple] = field(default_factory=list)
    parties: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    attempts: list[dict] = field(default_factory=list)
    tribunal: list[dict] = field(default_factory=list)
    hearings: list[dict] = field(default_factory=list)
    courts: list[dict] = field(default_factory=list)
    numbered: dict[str, datetime] = field(default_factory=dict)  # which number, given when
    slow: bool = False
    gathering: bool = False  # a collective case still gathering its workers and votes


class DisputesDemo:
    def __init__(self, seed: int, scale: str, as_of: date, reporter):
        self.rng = random.Random(f"disputes-{seed}")
        self.plan = PLANS.get(scale, PLANS["S"])
        self.as_of = as_of
        self.now = timezone.localtime()
        self.today = self.now.date()
        self.report = reporter
        self.actors = Actors()
        self.counts: dict[str, int] = {}
        self.wages: dict[tuple[str, int, int], Decimal] = {}
        self.used_people: set[int] = set()
        self.new_accounts: dict[int, str] = {}  # person id -> name, for worker accounts written in bulk
        self.steer: dict[str, object] = {}
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.names_of_staff: dict[int, str] = {}

    # -- forums and their people --------------------------------------------------------------------

    def forums(self) -> None:
        orgs = list(
            Organization.objects.filter(
                kind__in=(Kind.ARBITRATION_COMMISSION, Kind.MEDIATION_COMMITTEE, Kind.SERVICE_STATION, Kind.COURT)
            ).order_by("id")
        )
        self.by_id = {o.pk: o for o in orgs}
        self.commissions = {o.region_id: o for o in orgs if o.kind == Kind.ARBITRATION_COMMISSION}
        self.mediation = defaultdict(list)  # region code -> committees and stations there
        for o in orgs:
            if o.kind in (Kind.MEDIATION_COMMITTEE, Kind.SERVICE_STATION) and o.parent_id is None:
                self.mediation[o.region_id].append(o)
        self.courts = {o.region_id: o for o in orgs if o.kind == Kind.COURT}
        made = self.basic_courts()
        made += self.enterprise_committees()
        self.counts["dispute_forums"] = made

    def basic_courts(self) -> int:
        """A basic people's court beside each county's arbitration commission (named as it is)."""
        taken = set(Organization.objects.exclude(uscc=None).values_list("uscc", flat=True))
        new = []
        for region, commission in sorted(self.commissions.items()):
            if len(region) != 6 or region.endswith("00") or region in self.courts:
                continue
            while (code := make_uscc(self.rng, region, registrar="1", kind="1")) in taken:
                pass
            taken.add(code)
            name = commission.name.replace("劳动人事争议仲裁委员会", "人民法院")
            new.append(
                Organization(kind=Kind.COURT, name=name, uscc=code, region_id=region, address=commission.address)
            )
        for court in Organization.objects.bulk_create(new):
            self.courts[court.region_id] = court
            self.by_id[court.pk] = court
        return len(new)

    def enterprise_committees(self) -> int:
        """A labor-dispute mediation committee (LDMAL-10) in each large enterprise, its parent."""
        large = Organization.objects.filter(kind=Kind.ENTERPRISE, size=Organization.Size.LARGE).order_by("id")
        new = [
            Organization(
                kind=Kind.MEDIATION_COMMITTEE,
                name=f"{e.name}劳动争议调解委员会",
                region_id=e.region_id,
                parent_id=e.pk,
                address=e.address,
            )
            for e in large
        ]
        self.enterprise_committee = {}
        for committee in Organization.objects.bulk_create(new):
            self.enterprise_committee[committee.parent_id] = committee
            self.by_id[committee.pk] = committee
        return len(new)

    def commission_for(self, region: str) -> Organization:
        """The county's commission, else the city's (a development zone has none of its own)."""
        return self.commissions.get(region[:6]) or self.commissions[region[:4] + "00"]

    def court_for(self, region: str, set_aside: bool = False) -> Organization:
        """The county's basic court; the intermediate court for a set-aside application (LDMAL-49)
        and where no basic court sits (development zones)."""
        if not set_aside and region[:6] in self.courts:
            return self.courts[region[:6]]
        return self.courts[region[:4] + "00"]

    def member(self, organization: Organization, role: str, index: int = 0) -> int:
        """The `index`-th holder of `role` in `organization` (`Actors.member`), given a name."""
        user = self.actors.member(organization, role, index)
        if user.pk not in self.names_of_staff:
            if not user.first_name:
                user.first_name = self.fake.name()
                get_user_model().objects.filter(pk=user.pk).update(first_name=user.first_name)
            self.names_of_staff[user.pk] = user.first_name
        return user.pk

    def staff(self, organization: Organization, role: str, seats: int = 1) -> int:
        return self.member(organization, role, self.rng.randrange(seats))

    # -- people ------------------------------------------------------------------------------------

    def load_people(self) -> None:
        total = Employment.objects.count()
        step = max(1, total // 400_000)
        rows = Employment.objects.order_by("id").values_list("person_id", "enterprise_id", "start", "end", "position")
        if step > 1:
            rows = rows.extra(where=[f"id % {step} = 0"])
        self.jobs = list(rows)
        self.active = [j for j in self.jobs if j[3] is None]
        self.ended = sorted((j for j in self.jobs if j[3] is not None), key=lambda j: j[3])
        self.ended_days = [j[3] for j in self.ended]
        self.by_enterprise = defaultdict(list)
        for job in self.active:
            self.by_enterprise[job[1]].append(job)
        self.enterprises = {
            pk: (name, region, industry, size, headcount)
            for pk, name, region, industry, size, headcount in Organization.objects.filter(
                kind=Kind.ENTERPRISE
            ).values_list("id", "name", "region_id", "industry", "size", "headcount")
        }
        self.collective_employers = sorted(pk for pk, jobs in self.by_enterprise.items() if len(jobs) >= 15)
        hr = Organization.objects.filter(memberships__user__username="hr").values_list("id", flat=True).first()
        self.hr_enterprise = hr
        demo_worker = Person.objects.filter(user__username="worker").values_list("id", flat=True).first()
        if demo_worker:
            self.used_people.add(demo_worker)  # the sample's applicant

    def pick_job(self, cause: str, filed: date):
        """A worker with a story for `cause`: one who left in the year before filing for the causes
        an ending brings, one still employed otherwise (None when the province has none left)."""
        rng = self.rng
        if cause in ENDED:
            low = bisect_left(self.ended_days, filed - timedelta(days=330))
            high = bisect_right(self.ended_days, filed - timedelta(days=3))
            for _try in range(40):
                if high <= low:
                    break
                job = self.ended[rng.randrange(low, high)]
                if job[0] not in self.used_people and job[2] < job[3]:
                    return job
        for _try in range(60):
            job = self.active[rng.randrange(len(self.active))]
            if job[0] not in self.used_people and job[2] < filed - timedelta(days=60):
                return job
        return None

    def wage(self, region: str, on: date) -> Decimal:
        key = (region[:6], on.year, on.month)
        if key not in self.wages:
            self.wages[key] = minimum_wage(region, on) or Decimal("2010")
        return self.wages[key]

    # -- the claims -------------------------------------------------------------------------------

    def amount(self, kind: str, monthly: Decimal, years: float) -> Decimal | None:
        rng = self.rng
        w = float(monthly)
        value = {
            "wages": w * rng.uniform(0.6, 6),
            "overtime": w * rng.uniform(0.4, 4),
            "double_wages": w * rng.randint(2, 11),
            "minimum_wage_gap": rng.uniform(300, 3_500),
            "annual_leave": w / 21.75 * rng.randint(5, 15) * 2,
            "severance": w * max(0.5, min(round(years * 2) / 2, 12)),
            "damages": 2 * w * max(0.5, min(round(years * 2) / 2, 12)),
            "injury_medical": rng.uniform(3_000, 60_000),
            "injury_benefits": rng.uniform(30_000, 260_000),
            "other": rng.uniform(500, 6_000),
        }.get(kind)
        return None if value is None else _money(value)

    def claims(self, cause: str, monthly: Decimal, years: float, workers: int = 1) -> list[dict]:
        kinds = [cause]
        extra = ALONGSIDE.get(cause, ())
        if extra and workers == 1 and self.rng.random() < 0.45:
            kinds += self.rng.sample(extra, self.rng.randint(1, min(2, len(extra))))
        made = []
        for kind in kinds:
            amount = self.amount(kind, monthly, years)
            if amount is not None and workers > 1:
                amount = sum((self.amount(kind, monthly, years) for _ in range(workers)), Decimal("0"))
            text = DESCRIPTIONS[kind].format(amount=f"{amount:,.2f}" if amount is not None else "")
            made.append({"kind": kind, "amount": amount, "description": text, "per_worker": workers})
        return made

    # -- a story ----------------------------------------------------------------------------------

    def move(self, story: Story, action: str, at: datetime, actor, role: str, note: str = "", deadline=None):
        """One move of the workflow's table, by a role it allows, stamped as `Workflow.apply`
        stamps it; `Stop` when it would happen after now."""
        if at > self.now:
            raise Stop
        t = WORKFLOW.find(story, action)
        if role not in t.roles:
            raise AssertionError(f"{role} may not {action}")
        at = max(at, story.at + timedelta(minutes=1))
        previous = story.status
        story.status = t.target
        for name in t.clears:
            story.fields[name] = None
        stamped = None
        if t.deadline:
            stamped = add_period(timezone.localtime(at).date(), t.deadline.days, t.deadline.kind)
            story.fields[t.deadline.field] = stamped.date
            story.fields[f"{t.deadline.field}_provisional"] = stamped.provisional
        stamped = stamped or deadline
        story.entries.append(
            (
                action,
                previous,
                t.target,
                actor,
                role,
                note,
                stamped.date if stamped else None,
                stamped.provisional if stamped else False,
                at,
            )
        )
        story.at = at
        if self.steer.get("halt") == story.status and action not in ("handover", "mediate"):
            raise Stop  # a case the sample takes on from here through the real services
        return at

    def later(self, at: datetime, low: int, high: int, hours=(9, 17)) -> datetime:
        day = timezone.localtime(at).date() + timedelta(days=self.rng.randint(low, high))
        return _at(day, self.rng.randint(*hours), self.rng.randrange(60))

    def working(self, at: datetime, low: int, high: int) -> datetime:
        """`low` to `high` working days after `at`, in office hours."""
        days = self.rng.randint(low, high)
        start = timezone.localtime(at).date()
        day = add_period(start, days, "working").date if days else start
        return _at(day, self.rng.randint(9, 16), self.rng.randrange(60))

    def close(self, story: Story, outcome: str, at: datetime, amount: Decimal | None = None) -> None:
        story.fields.update(outcome=outcome, closed_on=timezone.localtime(at).date())
        if amount is not None:
            story.fields["amount_awarded"] = amount

    def new_story(self, key: int, filed_at: datetime, cause: str | None = None) -> Story | None:
        rng = self.rng
        steer = self.steer
        filed = filed_at.date()
        collective = steer.get("collective", rng.random() < self.plan.collective)
        employer_side = not collective and steer.get("employer", rng.random() < 0.025)
        if collective:
            cause = "wages" if rng.random() < 0.7 else rng.choice(("overtime", "social_insurance", "severance"))
        elif employer_side:
            cause = "other"
        cause = cause or rng.choices(list(CAUSES), weights=list(CAUSES.values()))[0]
        if collective:
            employer = steer.get("enterprise") or rng.choice(self.collective_employers)
            jobs = [j for j in self.by_enterprise[employer] if j[0] not in self.used_people and j[2] < filed]
            if len(jobs) < 10:
                return None
            jobs = rng.sample(jobs, min(len(jobs), rng.randint(10, 60)))
            job = jobs[0]
        else:
            job = steer.get("job") or self.pick_job(cause, filed)
            if job is None or job[2] >= filed:
                return None
            jobs = [job]
        person, enterprise, start, end, position = job
        if end is None and cause in ENDED:  # a steered worker still employed: a claim of the employed
            cause = rng.choice(("wages", "overtime", "social_insurance"))
        name, region, industry, _size, _headcount = self.enterprises[enterprise]
        self.used_people.update(j[0] for j in jobs)
        monthly = self.wage(region, filed) * Decimal(str(round(rng.uniform(1.1, 2.6), 2)))
        years = ((end or filed) - start).days / 365.25
        claims = self.claims(cause, monthly, years, len(jobs))
        if employer_side:
            claims = [dict(claims[0], description=f"支付违反服务期约定的违约金{claims[0]['amount']:,.2f}元")]
        if end is not None:
            known = min(end + timedelta(days=rng.randint(0, 20)), filed)
        else:
            known = filed - timedelta(days=rng.randint(15, 200))
        since = f"{(filed - timedelta(days=rng.randint(40, 200))):%Y年%m月}"
        text = (COLLECTIVE_FACTS if collective else EMPLOYER_FACTS if employer_side else FACTS[cause]).format(
            start=f"{start:%Y年%m月%d日}",
            end=f"{end:%Y年%m月%d日}" if end else "",
            position=position or "普工",
            since=since,
            workers=len(jobs),
            reps="{reps}",
        )
        story = Story(
            key,
            {
                "kind": DisputeCase.Kind.COLLECTIVE if collective else DisputeCase.Kind.INDIVIDUAL,
                "applicant_side": "enterprise" if employer_side else "worker",
                "worker_id": person,
                "enterprise_id": enterprise,
                "region_id": region,
                "industry": industry,
                "cause": cause,
                "claim_total": sum((c["amount"] or Decimal("0") for c in claims), Decimal("0")),
                "workers": len(jobs),
                "facts": text,
                "known_on": known,
                "employment_ended_on": end,
                "filed_at": filed_at,
                "filed_on": filed,
                "agent_name": "" if rng.random() < 0.8 else self.agent_name(),
            },
            at=filed_at,
        )
        story.claims = claims
        found = rules.limitation_findings(
            known_on=known, filed_on=filed, claim_kinds=[c["kind"] for c in claims], employment_ended_on=end
        )
        story.fields["findings"] = json.dumps([f._asdict() for f in found], ensure_ascii=False)
        reps = rng.randint(*rules.REPRESENTATIVES) if collective else 0
        if collective:
            story.fields["facts"] = text.format(reps=reps)
        for index, (pid, *_rest) in enumerate(jobs):
            side = Party.Side.RESPONDENT if employer_side else Party.Side.APPLICANT
            story.parties.append({"side": side, "person_id": pid, "representative": index < reps})
        story.parties.append(
            {
                "side": Party.Side.APPLICANT if employer_side else Party.Side.RESPONDENT,
                "organization_id": enterprise,
                "name": name,
            }
        )
        story.votes = reps
        return story

    def agent_name(self) -> str:
        return self.rng.choice("王李张刘陈杨赵黄周吴") + self.rng.choice(("律师", "律师", "（工会法律援助）"))

    def applicant(self, story: Story) -> tuple:
        """The applicant's actor and role: the worker's account, or the enterprise's HR."""
        if story.fields["applicant_side"] == "enterprise":
            return self.hr(story), "hr"
        return ("worker", story.fields["worker_id"]), "worker"

    def hr(self, story: Story) -> int:
        enterprise = story.fields["enterprise_id"]
        org = self.by_id.get(enterprise) or Organization.objects.get(pk=enterprise)
        self.by_id[enterprise] = org
        return self.actors.applicant(org).pk

    def tell(self, story: Story) -> Story:
        """The case's path from filing, as far as today."""
        try:
            self.path(story)
        except Stop:
            pass
        return story

    def chance(self, name: str, p: float) -> bool:
        return self.steer.get(name, self.rng.random() < p)

    def entry(self, story: Story, action: str, at: datetime, actor, role: str, note: str = "") -> datetime:
        """A timeline entry for an act that does not move the case (a reply, the tribunal, a
        judicial confirmation), written as the services write theirs."""
        if at > self.now:
            raise Stop
        at = max(at, story.at + timedelta(minutes=1))
        story.entries.append((action, story.status, story.status, actor, role, note, None, False, at))
        story.at = at
        return at

    def path(self, story: Story) -> None:
        """Filing takes the applicant's first route in the same moment (filing.file_case); a
        collective case first gathers its workers and elects representatives (submit_collective)."""
        rng = self.rng
        worker, role = self.applicant(story)
        story.fields["created_by"] = worker
        story.slow = self.chance("slow", 0.06)
        region = story.fields["region_id"]
        at = story.at
        if story.fields["kind"] == DisputeCase.Kind.COLLECTIVE:
            at = self.later(at, 2, 8, (8, 21))
            if at > self.now:
                story.gathering = True
                raise Stop
        individual_worker = story.fields["kind"] == "individual" and story.fields["applicant_side"] == "worker"
        first = self.steer.get("first") or rng.choices(("internal", "mediate", "arbitrate"), (10, 60, 30))[0]
        if first == "internal" and not individual_worker:
            first = "mediate"
        if first == "internal":
            first, at = self.internal(story, at, worker, role)
        if first in ("mediate", "mediate-lapsed"):
            at = self.mediate(story, at, worker, role)
        self.arbitrate(story, at, region)

    def internal(self, story: Story, at: datetime, worker, role) -> tuple[str, datetime]:
        """The enterprise's internal complaint (mediation.reply_internal / resolve_internal /
        escalate); unanswered past its clock, the daily job sends it to the county's committee."""
        rng = self.rng
        at = self.move(story, "internal", at, worker, role)
        deadline = story.fields["internal_deadline"]
        if story.slow:
            county = [o for o in self.mediation.get(story.fields["region_id"][:6], ())]
            if county:
                at = _at(deadline + timedelta(days=1), 1)
                at = self.move(story, "mediate", at, None, SYSTEM, "企业内部申诉逾期未解决，自动转入调解")
                return "mediate-lapsed", at
        reply = rng.choice(
            (
                "经核查，同意按申请补发相关款项，于下月工资中一并发放。",
                "经核查，公司已按规定足额支付，申请人的请求不予支持。",
                "公司同意支付部分款项，其余请求待进一步核实。",
            )
        )
        at = self.entry(story, "reply_internal", self.later(at, 2, 10), self.hr(story), "hr", reply)
        story.fields.update(internal_reply=reply, internal_replied_at=at)
        after = self.steer.get("after_internal") or rng.choices(("resolve", "mediate", "arbitrate"), (45, 40, 15))[0]
        if after == "resolve":
            at = self.move(story, "resolve_internal", self.later(at, 0, 3), worker, role, "接受企业答复")
            self.close(story, Outcome.INTERNAL_RESOLVED, at)
            raise Stop
        return after, self.later(at, 1, 4)

    def mediation_org(self, story: Story, exclude: Organization | None = None) -> tuple[Organization, str]:
        if self.steer.get("mediation_org") and exclude is None:
            return self.steer["mediation_org"], Channel.REGIONAL
        region = story.fields["region_id"]
        rng = self.rng
        committee = self.enterprise_committee.get(story.fields["enterprise_id"])
        township = [o for o in self.mediation.get(region, ()) if o != exclude]
        county = [o for o in self.mediation.get(region[:6], ()) if o != exclude]
        choices = []
        if committee and committee != exclude:
            choices.append((committee, Channel.ENTERPRISE, 35))
        for o in township:
            choices.append((o, Channel.STATION if o.kind == Kind.SERVICE_STATION else Channel.TOWNSHIP, 22))
        for o in county:
            choices.append((o, Channel.REGIONAL, 35))
        if not choices:
            return None, ""
        org, channel, _weight = rng.choices(choices, [c[2] for c in choices])[0]
        return org, channel

    def mediator(self, org: Organization) -> tuple[int, str]:
        seats = 3 if len(org.region_id) == 6 else 1
        role = "coordinator" if org.kind == Kind.SERVICE_STATION else "mediator"
        return self.staff(org, role, seats), role

    def mediate(self, story: Story, at: datetime, worker, role) -> datetime:
        """Mediation (LDMAL-14: fifteen days from the request), with a hand-over now and then. A
        lapsed mediation stays open, overdue, until a party applies for arbitration after the
        lapse (mediation.apply_after_lapse: the clock's "fail_mediation", then the application)."""
        rng = self.rng
        if story.status == Status.MEDIATING:  # sent on by the daily job after the internal complaint lapsed
            org = self.mediation[story.fields["region_id"][:6]][0]
            channel = Channel.REGIONAL
        else:
            org, channel = self.mediation_org(story)
            if org is None:  # no mediation organization where the enterprise is: straight to arbitration
                return at
            at = self.move(story, "mediate", at, worker, role)
        story.fields["mediation_org_id"] = org.pk
        story.numbered["mediation"] = at
        mediator, mediator_role = self.mediator(org)
        if self.steer.get("mediation_org") == org:  # the printed mediator login's own case
            mediator = self.member(org, mediator_role, 0)
        attempt = {"organization_id": org.pk, "channel": channel, "mediator_id": mediator, "started_at": at}
        story.attempts.append(attempt)
        if self.steer.get("halt") == Status.MEDIATING:
            raise Stop  # a mediation the sample takes on through the real services
        requested = at
        deadline = story.fields["mediation_deadline"]
        if self.chance("handover", 0.12):
            other, other_channel = self.mediation_org(story, exclude=org)
            if other is not None:
                note = f"移交{other.name}：{rng.choice(HANDOVERS)}"
                at = self.move(story, "handover", self.later(at, 2, 6), mediator, mediator_role, note)
                attempt.update(ended_at=at, outcome=MediationAttempt.Outcome.HANDED_OVER, note=note)
                org, channel = other, other_channel
                story.fields["mediation_org_id"] = org.pk
                mediator, mediator_role = self.mediator(org)
                attempt = {"organization_id": org.pk, "channel": channel, "mediator_id": mediator, "started_at": at}
                story.attempts.append(attempt)
        agreed = self.chance("agree", 0.815)
        if story.slow and not agreed:
            at = _at(deadline + timedelta(days=rng.randint(1, 12)), rng.randint(9, 20))
            note = "调解期限届满未达成调解协议（第十四条），当事人申请仲裁"
            at = self.move(story, "fail_mediation", at, None, SYSTEM, note)
            attempt.update(ended_at=at, outcome=MediationAttempt.Outcome.FAILED, note=note)
            self.close(story, Outcome.MEDIATION_FAILED, at)
            story.fields["mediation_result"] = MediationResult.FAILED
            return at
        last = min((deadline - timezone.localtime(requested).date()).days, 14)
        at = max(at, self.later(requested, 2, max(2, last)))
        if agreed:
            share = Decimal(str(round(rng.uniform(0.55, 0.95), 2)))
            amount = (story.fields["claim_total"] * share).quantize(ONE) if story.fields["claim_total"] else None
            terms = (
                f"被申请人于{(at.date() + timedelta(days=rng.randint(5, 20))):%Y年%m月%d日}前一次性支付申请人"
                f"{amount:,.2f}元，双方劳动争议就此了结。"
                if amount
                else "被申请人于本协议签订后三十日内为申请人补缴社会保险费，双方劳动争议就此了结。"
            )
            at = self.move(story, "agree", at, mediator, mediator_role, terms)
            attempt.update(ended_at=at, outcome=MediationAttempt.Outcome.AGREED, terms=terms, amount=amount)
            self.close(story, Outcome.MEDIATED, at, amount)
            story.fields["mediation_result"] = MediationResult.AGREED
            for claim in story.claims:
                claim["result"] = Claim.Result.SETTLED
            if rng.random() < 0.25:
                self.confirmation(story, attempt, at, mediator, mediator_role)
            if not self.chance("breach", 0.02):
                raise Stop  # done: the agreement was performed
            return self.later(at, 20, 40)  # not performed: the worker applies for arbitration (LDMAL-15)
        by_worker = role == "worker" and rng.random() < 0.25
        note = rng.choice(FAILURES)
        actor, actor_role = (worker, role) if by_worker else (mediator, mediator_role)
        at = self.move(story, "fail_mediation", at, actor, actor_role, note)
        attempt.update(ended_at=at, outcome=MediationAttempt.Outcome.FAILED, note=note)
        self.close(story, Outcome.MEDIATION_FAILED, at)
        story.fields["mediation_result"] = MediationResult.FAILED
        if not self.chance("go_on", 0.72):
            raise Stop
        return self.later(at, 1, 20)

    def confirmation(self, story: Story, attempt: dict, at: datetime, mediator: int, role: str) -> None:
        """A judicial confirmation of the agreement requested at the basic court (and decided)."""
        court = self.court_for(story.fields["region_id"])
        asked = self.later(at, 1, 10)
        try:
            self.entry(story, "request_confirmation", asked, mediator, role, court.name)
        except Stop:
            return
        attempt.update(
            confirmation_court_id=court.pk, confirmation_requested_on=asked.date(), confirmation_result="pending"
        )
        decided = self.later(asked, 10, 25)
        try:
            self.entry(story, "record_confirmation", decided, mediator, role, "确认有效")
        except Stop:
            return
        attempt["confirmation_result"] = "confirmed"

    def arbitrate(self, story: Story, at: datetime, region: str) -> None:
        """Arbitration as services/arbitration.py does it, clock for clock."""
        rng = self.rng
        commission = self.commission_for(region)
        worker, role = self.applicant(story)
        story.fields["commission_id"] = commission.pk
        if story.status != Status.ARB_REVIEW:
            at = self.move(story, "apply_arbitration", at, worker, role)
        applied = at
        pool = [
            self.member(commission, "arbitrator", i) for i in range(4 if commission.region_id.endswith("00") else 3)
        ]
        arbitrator = pool[0] if self.steer.get("lead") else rng.choice(pool)  # pool[0]: a printed login
        at = self.working(applied, 6, 8) if story.slow else self.working(applied, 1, 5)
        if self.chance("refuse", 0.06):
            reason = rng.choice(REFUSALS)
            at = self.move(story, "refuse", at, arbitrator, "arbitrator", reason)
            story.fields["refusal_reason"] = reason
            self.close(story, Outcome.REFUSED, at)
            raise Stop
        at = self.move(story, "accept", at, arbitrator, "arbitrator")
        accepted = timezone.localtime(at).date()
        story.numbered["arbitration"] = at
        story.fields["accepted_on"] = accepted
        copy = rules.deadline("respondent_copy", accepted)
        defence = rules.deadline("defence", copy.date)
        tribunal = rules.deadline("tribunal_notice", accepted)
        # arbitration.accept serves the 受理通知书 with the application copy on every party at once,
        # so the respondent-copy clock ends at acceptance; the tribunal and defence clocks end when
        # the tribunal is composed and the defence submitted (below)
        story.fields.update(
            respondent_copy_deadline=None,
            respondent_copy_deadline_provisional=False,
            defence_deadline=defence.date,
            defence_deadline_provisional=defence.provisional or copy.provisional,
            tribunal_deadline=tribunal.date,
            tribunal_deadline_provisional=tribunal.provisional,
        )
        big = story.fields["workers"] > 1 or story.fields["claim_total"] > Decimal("100000") or rng.random() < 0.15
        story.fields["tribunal_kind"] = "three" if big else "sole"
        others = rng.sample([u for u in pool if u != arbitrator], 2)
        seats = [("presiding", arbitrator), *(("member", u) for u in others)] if big else [("sole", arbitrator)]
        appointed = self.entry(
            story,
            "compose_tribunal",
            self.working(at, 0, 4),
            arbitrator,
            "arbitrator",
            "、".join(f"{TribunalMember.Seat(seat).label}{self.names_of_staff.get(u, '')}" for seat, u in seats),
        )
        story.fields.update(tribunal_deadline=None, tribunal_deadline_provisional=False)
        for seat, user in seats:
            story.tribunal.append({"arbitrator_id": user, "seat": seat, "appointed_at": appointed})
        if rng.random() < 0.4:
            text = "被申请人认为已足额支付劳动报酬，申请人的请求缺乏事实依据，请求驳回。"
            when = _at(defence.date - timedelta(days=rng.randint(0, 5)), 15)
            if when > at:
                at = self.entry(story, "defence", when, self.hr(story), "hr", "")
                story.fields.update(defence=text, defence_deadline=None, defence_deadline_provisional=False)
        end = self.steer.get("end") or rng.choices(("award", "settle", "withdraw"), (65, 26, 9))[0]
        if end == "withdraw":
            at = self.move(story, "withdraw", self.later(at, 3, 25), worker, role, rng.choice(WITHDRAWALS))
            self.close(story, Outcome.WITHDRAWN, at)
            raise Stop
        if self.chance("suspend", 0.03):
            at = self.suspend(story, at, arbitrator)
        if end == "settle" and rng.random() < 0.5:
            self.settle(story, self.later(at, 4, 18), arbitrator)
        at = self.hearing(story, at, arbitrator, commission)
        if end == "settle":
            self.settle(story, at + timedelta(minutes=rng.randint(40, 120)), arbitrator)
        if self.chance("extend", 0.07):
            before = story.fields["award_deadline"]
            at = min(self.later(at, 1, 8), _at(before, 10))
            extended = rules.deadline("award_extension", before)
            note = "案情复杂，经仲裁委员会主任批准延长审理期限十五日（第四十三条）"
            at = self.move(story, "extend", at, arbitrator, "arbitrator", note)
            story.fields.update(
                award_deadline=extended.date,
                award_deadline_provisional=extended.provisional or story.fields["award_deadline_provisional"],
                award_extended=True,
            )
        self.award(story, at, arbitrator, region)

    def suspend(self, story: Story, at: datetime, arbitrator: int) -> datetime:
        at = self.move(story, "suspend", self.later(at, 5, 20), arbitrator, "arbitrator", self.rng.choice(SUSPENSIONS))
        suspended = timezone.localtime(at).date()
        story.fields["suspended_on"] = suspended
        paused = self.rng.randint(20, 70)
        at = self.later(at, paused, paused)
        days = (timezone.localtime(at).date() - suspended).days
        at = self.move(story, "resume", at, arbitrator, "arbitrator", f"中止{days}日")
        # arbitration.resume: the award deadline moves by the natural days the case was suspended
        moved = add_period(story.fields["award_deadline"], days, "natural")
        story.fields.update(
            award_deadline=moved.date,
            award_deadline_provisional=moved.provisional or story.fields["award_deadline_provisional"],
            suspended_on=None,
        )
        return at

    def settle(self, story: Story, at: datetime, arbitrator: int) -> None:
        at = self.move(story, "settle", at, arbitrator, "arbitrator")
        share = Decimal(str(round(self.rng.uniform(0.5, 0.9), 2)))
        total = story.fields["claim_total"]
        self.close(story, Outcome.SETTLED, at, (total * share).quantize(ONE) if total else Decimal("0.00"))
        for claim in story.claims:
            claim["result"] = Claim.Result.SETTLED
        raise Stop

    def hearing(self, story: Story, at: datetime, arbitrator: int, commission: Organization) -> datetime:
        """Notified at least five working days ahead (LDMAL-35); now and then postponed once."""
        rng = self.rng
        notice = self.later(at, 1, 8)
        day = rules.earliest_hearing(notice.date()).date + timedelta(days=rng.randint(0, 8))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        starts = _at(day, rng.choice((9, 9, 14)), rng.choice((0, 30)))
        online = rng.random() < 0.6
        row = {
            "starts_at": starts,
            "place": "" if online else f"{commission.name}第{rng.randint(1, 4)}仲裁庭",
            "online": online,
            "room_link": self.room_link() if online else "",
            "notice_on": notice.date(),
            "status": Hearing.Status.SCHEDULED,
        }
        at = self.move(story, "schedule_hearing", notice, arbitrator, "arbitrator", f"{starts:%Y-%m-%d %H:%M}")
        story.hearings.append(row)
        if self.chance("postpone", 0.06):
            asked = day - timedelta(days=rng.randint(5, 8))
            new_notice = _at(asked, 15)
            if new_notice > at:
                new_day = rules.earliest_hearing(asked).date + timedelta(days=rng.randint(2, 8))
                while new_day.weekday() >= 5:
                    new_day += timedelta(days=1)
                reason = "被申请人法定代表人出差在外，申请延期开庭"
                at = self.move(story, "postpone_hearing", new_notice, arbitrator, "arbitrator", reason)
                row.update(status=Hearing.Status.POSTPONED, postponement_requested_on=asked, postponement_reason=reason)
                row = {
                    **row,
                    "starts_at": _at(new_day, 9, 30),
                    "notice_on": asked,
                    "status": Hearing.Status.SCHEDULED,
                    "room_link": self.room_link() if online else "",
                    "postponement_requested_on": None,
                    "postponement_reason": "",
                }
                story.hearings.append(row)
        held = row["starts_at"] + timedelta(minutes=rng.randint(0, 10))
        at = self.move(story, "hold_hearing", held, arbitrator, "arbitrator")
        row.update(
            status=Hearing.Status.HELD,
            held_at=held,
            transcript=TRANSCRIPT.format(settled="双方未能达成调解协议"),
            absent=rng.random() < 0.07,
        )
        return at

    def room_link(self) -> str:
        template = getattr(settings, "DISPUTES_HEARING_ROOM_URL", ROOM_URL)
        return template.format(token="".join(self.rng.choices("abcdefghijkmnopqrstuvwxyz23456789", k=16)))

    def award(self, story: Story, at: datetime, arbitrator: int, region: str) -> None:
        """As arbitration.issue_award: each claim final or not by LDMAL-47 with the local minimum
        wage on the acceptance date, tested on the amount awarded (the amount claimed when rejected)."""
        rng = self.rng
        deadline = story.fields["award_deadline"]
        if story.slow:
            at = _at(deadline + timedelta(days=rng.randint(2, 10)), 15)
        else:
            last = max((deadline - timezone.localtime(at).date()).days, 1)
            at = self.later(at, 1, min(last, 20))
        at = self.move(story, "award", at, arbitrator, "arbitrator")
        awarded = Decimal("0.00")
        floor = self.wage(region, story.fields["accepted_on"])
        for claim in story.claims:
            result = rng.choices(("upheld", "partly", "rejected"), (45, 37, 18))[0]
            claim["result"] = result
            if claim["amount"] is not None:
                share = {"upheld": Decimal("1"), "partly": Decimal(str(round(rng.uniform(0.3, 0.9), 2)))}.get(
                    result, Decimal("0")
                )
                claim["awarded_amount"] = (claim["amount"] * share).quantize(ONE)
                awarded += claim["awarded_amount"]
            tested = rules.amount_tested_for_finality(result, claim["amount"], claim.get("awarded_amount"))
            claim["final"] = rules.claim_is_final(claim["kind"], tested, minimum_wage=floor)
        finality = rules.award_finality(
            [
                (c["kind"], rules.amount_tested_for_finality(c["result"], c["amount"], c.get("awarded_amount")))
                for c in story.claims
            ],
            minimum_wage=floor,
        )
        story.fields.update(awarded_on=timezone.localtime(at).date(), finality=finality)
        self.close(story, Outcome.AWARDED, at, awarded)
        at = self.move(story, "serve", self.working(at, 1, 3), arbitrator, "arbitrator")
        served = timezone.localtime(at).date()
        story.fields["served_on"] = served
        if self.chance("sue", 0.14):
            self.court(story, at, served, finality, region)
            return
        ends = max(rules.deadline(w, served).date for w in SUIT_WINDOWS[finality])
        note = "起诉和申请撤销期限届满，当事人未起诉，裁决生效"
        self.move(story, "close", _at(ends + timedelta(days=1), 1), None, SYSTEM, note)

    def court(self, story: Story, at: datetime, served: date, finality: str, region: str) -> None:
        """A party went to court (court.record_suit): the worker sues on any award (LDMAL-48/50),
        the enterprise sues on a non-final one or applies to the intermediate court to set a final
        one aside (LDMAL-49); the court decides, nine times in ten as the award did."""
        rng = self.rng
        by_enterprise = rng.random() < 0.55
        set_aside = by_enterprise and finality == "final"
        kind = CourtOutcome.Kind.SET_ASIDE if set_aside else CourtOutcome.Kind.LAWSUIT
        window = "set_aside" if set_aside else "worker_lawsuit" if finality == "final" else "nonfinal_lawsuit"
        last = (rules.deadline(window, served).date - served).days
        filed = served + timedelta(days=rng.randint(2, max(2, last - 1)))
        court = self.court_for(region, set_aside)
        liaison = self.staff(court, "court_liaison")
        note = f"{court.name}：{CourtOutcome.Kind(kind).label}"
        self.move(story, "sue", _at(filed, 10), liaison, "court_liaison", note)
        style = "民特" if set_aside else "民初"
        number = f"（{filed.year}）{court_style_prefix(court.region_id)}{style}{rng.randint(200, 9999)}号"
        row = {
            "court_id": court.pk,
            "kind": kind,
            "plaintiff": "enterprise" if by_enterprise else "worker",
            "filed_on": filed,
            "court_case_number": number,
            "result": CourtOutcome.Result.PENDING,
        }
        story.courts.append(row)
        decided = filed + timedelta(days=rng.randint(30, 60) if set_aside else rng.randint(60, 200))
        consistent = rng.random() < 0.9
        if set_aside:
            result = CourtOutcome.Result.SET_ASIDE_REFUSED if consistent else CourtOutcome.Result.SET_ASIDE
        else:
            result = CourtOutcome.Result.UPHELD if consistent else rng.choice(("modified", "modified", "reversed"))
        label = str(CourtOutcome.Result(result).label)
        self.move(story, "court_decide", _at(decided, 16), liaison, "court_liaison", label)
        row.update(result=result, decided_on=decided)

    # -- telling all the cases -------------------------------------------------------------------

    def filing_time(self) -> datetime:
        """A filing time in the last two years: more lately, more before the Spring Festival (wages
        owed), fewer at weekends."""
        rng = self.rng
        span = MONTHS * 30
        while True:
            back = int(span * (1 - rng.random() ** 0.8))
            day = self.today - timedelta(days=back)
            weight = (1.35 if day.month in (12, 1) else 1.0) * (0.45 if day.weekday() >= 5 else 1.0)
            if rng.random() < weight / 1.35:
                break
        at = _at(
            day,
            rng.choices(range(7, 23), weights=[1, 4, 6, 6, 5, 3, 5, 6, 6, 5, 4, 4, 4, 3, 2, 1])[0],
            rng.randrange(60),
        )
        return min(at, self.now - timedelta(minutes=rng.randint(5, 600)))

    def stories(self) -> list[Story]:
        stories = []
        for key in range(self.plan.cases):
            story = None
            while story is None:
                cause = None
                if self.hr_enterprise and key % 250 == 7:  # the demo HR's enterprise has its cases too
                    jobs = [j for j in self.by_enterprise[self.hr_enterprise] if j[0] not in self.used_people]
                    if jobs:
                        self.steer = {"job": self.rng.choice(jobs), "collective": False, "employer": False}
                        cause = "wages"
                story = self.new_story(key, self.filing_time(), cause)
                self.steer = {}
            stories.append(self.tell(story))
            self.report.advance(1)
        self.ensure_every_state(stories)
        self.demo_queues(stories)
        self.pick_sample(stories)
        return stories

    def demo_queues(self, stories: list[Story]) -> None:
        """Work waiting for the printed logins: mediations at the `mediator`'s centre with them as
        the mediator (one past its fifteen days), and arbitrations before the `arbitrator`'s
        commission (the city's, for the development zones without one) with them on the tribunal."""
        logins = dict(
            Membership.objects.filter(user__username__in=("mediator", "arbitrator")).values_list(
                "user__username", "organization_id"
            )
        )
        centre = self.by_id.get(logins.get("mediator"))
        commission = self.by_id.get(logins.get("arbitrator"))
        queues = []
        if centre is not None:
            jobs = [j for j in self.active if self.enterprises[j[1]][1].startswith(centre.region_id)]
            steer = {"first": "mediate", "handover": False, "slow": False, "mediation_org": centre}
            queues += [(Status.MEDIATING, jobs, steer, 2, 12, None)] * 3
            slow = {**steer, "slow": True, "agree": False}
            queues.append((Status.MEDIATING, jobs, slow, 17, 27, "mediation_deadline"))
        if commission is not None:
            city = commission.region_id[:4]
            jobs = [
                j for j in self.active if (r := self.enterprises[j[1]][1])[:4] == city and r[:6] not in self.commissions
            ]
            for status in (Status.ARB_REVIEW, Status.ACCEPTED, Status.HEARING_SCHEDULED, Status.HEARD, Status.HEARD):
                steer, low, high = self.STEERING[status]
                queues.append((status, jobs, {**steer, "lead": True}, low, high, None))
        for status, jobs, steer, low, high, clock in queues:
            jobs = [j for j in jobs if j[0] not in self.used_people]
            if not jobs:
                continue
            for _try in range(400):
                used = set(self.used_people)
                back = self.rng.randint(low, high)
                filed = _at(self.today - timedelta(days=back), self.rng.randint(8, 20), self.rng.randrange(60))
                filed = min(filed, self.now - timedelta(minutes=self.rng.randint(5, 90)))
                self.steer = {**steer, "job": self.rng.choice(jobs), "collective": False, "employer": False}
                story = self.new_story(len(stories), filed)
                if story is not None:
                    self.tell(story)
                self.steer = {}
                if story is not None and story.status == status and (not clock or story.fields[clock] < self.today):
                    stories.append(story)
                    break
                self.used_people = used

    def pick_sample(self, stories: list[Story]) -> None:
        """Stories stopped where the real services take them on after the bulk write: applications
        for arbitration some five weeks old (the demo worker's first, against the demo HR's
        enterprise) and mediations in their first week."""
        plan = self.plan
        self.arbitration_sample, self.mediation_sample = [], []
        demo_worker = Person.objects.filter(user__username="worker").values_list("id", flat=True).first()
        mine = next((j for j in self.active if j[0] == demo_worker), None)
        wanted = [("arbitration", mine)] + [("arbitration", None)] * (plan.sample - 1)
        wanted += [("mediation", None)] * plan.sample
        home = self.enterprises[(mine or self.active[0])[1]][1][:6]  # the demo logins' county
        for index, (kind, job) in enumerate(wanted):
            for _try in range(400):
                if kind == "arbitration":
                    steer = {"first": "mediate", "agree": False, "go_on": True, "slow": False, "handover": False}
                    steer.update(refuse=False, halt=Status.ARB_REVIEW, collective=False, employer=False)
                    back = self.rng.randint(45, 65)
                else:
                    steer = {"first": "mediate", "handover": False, "slow": False, "collective": False}
                    steer.update(employer=False, halt=Status.MEDIATING)
                    back = self.rng.randint(1, 6)
                if job is not None:
                    steer["job"] = job
                elif index % 2 == 0:  # half of them in the demo logins' county
                    choices = [j for j in self.active if j[0] not in self.used_people and j[1] in self.by_enterprise]
                    local = [j for j in choices if self.enterprises[j[1]][1].startswith(home)]
                    steer["job"] = self.rng.choice(local or choices)
                used = set(self.used_people)
                filed = _at(self.today - timedelta(days=back), self.rng.randint(8, 20), self.rng.randrange(60))
                self.steer = steer
                story = self.new_story(len(stories), filed, "wages" if job is not None else None)
                if story is not None:
                    self.tell(story)
                self.steer = {}
                halted = Status.ARB_REVIEW if kind == "arbitration" else Status.MEDIATING
                if (
                    story is not None
                    and story.status == halted
                    and (kind == "mediation" or story.at < self.now - timedelta(days=28))
                ):
                    stories.append(story)
                    (self.arbitration_sample if kind == "arbitration" else self.mediation_sample).append(story)
                    break
                self.used_people = used

    # The branch choices and the filing window that lead a story into each status.
    STEERING = {
        Status.FILED: ({"collective": True}, 0, 6),
        Status.INTERNAL: ({"first": "internal", "after_internal": "resolve", "slow": False}, 0, 12),
        Status.INTERNAL_RESOLVED: ({"first": "internal", "after_internal": "resolve"}, 20, 400),
        Status.MEDIATING: ({"first": "mediate", "handover": True, "slow": False}, 2, 9),
        Status.MEDIATED: ({"first": "mediate", "agree": True, "breach": False}, 20, 600),
        Status.MEDIATION_FAILED: ({"first": "mediate", "agree": False, "go_on": False}, 20, 600),
        Status.ARB_REVIEW: ({"first": "arbitrate", "slow": False}, 1, 3),
        Status.REFUSED: ({"first": "arbitrate", "refuse": True}, 10, 600),
        Status.ACCEPTED: ({"first": "arbitrate", "refuse": False, "end": "award", "suspend": False}, 4, 9),
        Status.HEARING_SCHEDULED: ({"first": "arbitrate", "refuse": False, "end": "award", "suspend": False}, 9, 20),
        Status.HEARD: (
            {"first": "arbitrate", "refuse": False, "end": "award", "suspend": False, "extend": False, "slow": False},
            15,
            45,
        ),
        Status.SUSPENDED: ({"first": "arbitrate", "refuse": False, "end": "award", "suspend": True}, 12, 30),
        Status.SETTLED: ({"first": "arbitrate", "refuse": False, "end": "settle", "suspend": False}, 60, 600),
        Status.WITHDRAWN: ({"first": "arbitrate", "refuse": False, "end": "withdraw"}, 60, 600),
        Status.AWARDED: (
            {"first": "arbitrate", "refuse": False, "end": "award", "suspend": False, "extend": False, "slow": False},
            25,
            50,
        ),
        Status.SERVED: (
            {"first": "arbitrate", "refuse": False, "end": "award", "suspend": False, "sue": False, "slow": False},
            40,
            70,
        ),
        Status.IN_COURT: (
            {"first": "arbitrate", "refuse": False, "end": "award", "suspend": False, "sue": True},
            70,
            160,
        ),
        Status.COURT_DECIDED: (
            {"first": "arbitrate", "refuse": False, "end": "award", "suspend": False, "sue": True},
            300,
            700,
        ),
        Status.CLOSED: ({"first": "arbitrate", "refuse": False, "end": "award", "sue": False}, 120, 700),
    }
    OVERDUE = {
        Status.ARB_REVIEW: ("acceptance_deadline", {"first": "arbitrate", "slow": True, "refuse": False}, 6, 12),
        Status.HEARD: (
            "award_deadline",
            {"first": "arbitrate", "refuse": False, "end": "award", "suspend": False, "extend": False, "slow": True},
            45,
            80,
        ),
        Status.MEDIATING: (
            "mediation_deadline",
            {"first": "mediate", "agree": False, "handover": False, "slow": True},
            17,
            27,
        ),
    }

    def ensure_every_state(self, stories: list[Story]) -> None:
        """Steer more stories into any status with fewer than the plan's minimum cases, and into
        running cases past their clocks."""
        have = Counter(s.status for s in stories)
        overdue = Counter(
            s.status
            for s in stories
            if (f := self.OVERDUE.get(s.status)) and s.fields.get(f[0]) and s.fields[f[0]] < self.today
        )
        wanted = [(status, self.plan.minimum - have[status], None) for status in Status.values]
        per = -(-self.plan.overdue // len(self.OVERDUE))
        wanted += [(status, per - overdue[status], self.OVERDUE[status][0]) for status in self.OVERDUE]
        key = len(stories)
        for status, missing, clock in wanted:
            if clock:
                _field, steer, low, high = self.OVERDUE[status]
            else:
                steer, low, high = self.STEERING[status]
            for _n in range(missing):
                reached = Counter()
                for _try in range(400):
                    back = self.rng.randint(low, high)
                    filed = _at(self.today - timedelta(days=back), self.rng.randint(8, 20), self.rng.randrange(60))
                    if filed >= self.now:
                        filed = self.now - timedelta(minutes=self.rng.randint(5, 90))
                    self.steer = dict(steer)
                    used = set(self.used_people)
                    story = self.new_story(key, filed)
                    self.steer = {}
                    if story is None:
                        continue
                    self.steer = dict(steer)
                    self.tell(story)
                    self.steer = {}
                    ok = story.status == status and (not clock or (story.fields.get(clock) or self.today) < self.today)
                    reached[story.status] += 1
                    if ok:
                        stories.append(story)
                        key += 1
                        break
                    self.used_people = used
                else:
                    raise RuntimeError(f"no demo story reaches {status} {clock or ''}: {dict(reached)}")

    # -- writing ------------------------------------------------------------------------------------

    def number(self, stories: list[Story]) -> None:
        """Case numbers from the disputes' own sequences (so the real services continue them), in
        the order the cases were filed, sent to mediation and accepted."""
        groups = defaultdict(list)
        for s in stories:
            region = s.fields["region_id"]
            filed = s.fields["filed_at"]
            groups[("number", f"SQ-{region[:6]}-{filed.year}-")].append((filed, s))
            for kind, at in s.numbered.items():
                year = timezone.localtime(at).year
                style = "劳人调字" if kind == "mediation" else "劳人仲案字"
                groups[(f"{kind}_number", f"（{year}）{court_style_prefix(region)}{style}")].append((at, s))
        for (column, prefix), members in sorted(groups.items()):
            members.sort(key=lambda m: (m[0], m[1].key))
            numbers = take_numbers(CaseNumberSequence, prefix, len(members))
            for (_when, story), n in zip(members, numbers, strict=True):
                story.fields[column] = f"{prefix}{n:06d}" if column == "number" else f"{prefix}第{n}号"

    def accounts(self, stories: list[Story]) -> dict[int, int]:
        """A platform account for each worker who acted (filed, applied), written in bulk: they
        filed from their phones. Unusable passwords, as every account the demo makes for acting."""
        actors = [e[3] for s in stories for e in s.entries] + [s.fields["created_by"] for s in stories]
        people = sorted({a[1] for a in actors if isinstance(a, tuple)})
        existing = {}
        names = {}
        for start in range(0, len(people), 5000):
            chunk = people[start : start + 5000]
            for pk, name, user in Person.objects.filter(pk__in=chunk).values_list("id", "name", "user_id"):
                names[pk] = name
                if user:
                    existing[pk] = user
        fresh = [pk for pk in people if pk not in existing]
        User = get_user_model()
        ids = allocate_ids(User, len(fresh))
        hashed = make_password(None)
        now = timezone.now()
        TableWriter(
            User,
            (
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ),
        ).write(
            [
                (uid, hashed, False, f"{STAFF_PREFIX}worker-{pk}", names[pk], "", "", False, True, now)
                for uid, pk in zip(ids, fresh, strict=True)
            ]
        )
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Person._meta.db_table)
            cursor.executemany(f"UPDATE {table} SET user_id = %s WHERE id = %s", list(zip(ids, fresh, strict=True)))
        self.names = names
        return {**existing, **dict(zip(fresh, ids, strict=True))}

    def write(self, stories: list[Story]) -> None:
        self.number(stories)
        users = self.accounts(stories)
        names = self.names
        missing = sorted({p["person_id"] for s in stories for p in s.parties if p.get("person_id")} - set(names))
        for start in range(0, len(missing), 5000):
            names.update(Person.objects.filter(pk__in=missing[start : start + 5000]).values_list("id", "name"))

        def actor(value):
            return users[value[1]] if isinstance(value, tuple) else value

        case_fields = [f for f in DisputeCase._meta.concrete_fields if not f.primary_key]
        defaults = {f.attname: f.get_default() for f in case_fields}
        defaults.update(findings="[]")
        case_ids = allocate_ids(DisputeCase, len(stories))
        rows = []
        for pk, s in zip(case_ids, stories, strict=True):
            s.pk = pk
            values = {**defaults, **s.fields, "status": s.status}
            values["created_by_id"] = actor(values.pop("created_by"))
            rows.append((pk, *(values[f.attname] for f in case_fields)))
        TableWriter(DisputeCase, ("id", *(f.column for f in case_fields))).write(rows)

        party_ids = allocate_ids(Party, sum(len(s.parties) for s in stories))
        parties, votes, ids = [], [], iter(party_ids)
        for s in stories:
            joined = s.fields["filed_at"]
            made = s.party_ids = []
            for p in s.parties:
                pid = next(ids)
                made.append((pid, p))
                person = p.get("person_id")
                parties.append(
                    (
                        pid,
                        s.pk,
                        p["side"],
                        person,
                        p.get("organization_id"),
                        p.get("name") or names[person],
                        p.get("representative", False) and not s.gathering,
                        joined,
                    )
                )
            if s.fields["kind"] == "collective":  # every worker who joined voted (filing.vote) before it was filed
                reps = [pid for pid, p in made if p.get("representative")]
                for voter, p in made:
                    if p.get("person_id") and (not s.gathering or self.rng.random() < 0.6):
                        votes.extend((s.pk, voter, candidate, joined) for candidate in reps)
        TableWriter(
            Party, ("id", "case_id", "side", "person_id", "organization_id", "name", "representative", "joined_at")
        ).write(parties)
        TableWriter(RepresentativeVote, ("case_id", "voter_id", "candidate_id", "at")).write(votes)
        TableWriter(Claim, ("case_id", "kind", "amount", "description", "final", "result", "awarded_amount")).write(
            [
                (
                    s.pk,
                    c["kind"],
                    c["amount"],
                    c["description"],
                    c.get("final"),
                    c.get("result", ""),
                    c.get("awarded_amount"),
                )
                for s in stories
                for c in s.claims
            ]
        )
        TableWriter(
            MediationAttempt,
            (
                "case_id",
                "organization_id",
                "channel",
                "mediator_id",
                "started_at",
                "ended_at",
                "outcome",
                "note",
                "terms",
                "amount",
                "agreement",
                "confirmation_court_id",
                "confirmation_requested_on",
                "confirmation_result",
            ),
        ).write(
            [
                (
                    s.pk,
                    a["organization_id"],
                    a["channel"],
                    a["mediator_id"],
                    a["started_at"],
                    a.get("ended_at"),
                    a.get("outcome", MediationAttempt.Outcome.PENDING),
                    a.get("note", ""),
                    a.get("terms", ""),
                    a.get("amount"),
                    "",
                    a.get("confirmation_court_id"),
                    a.get("confirmation_requested_on"),
                    a.get("confirmation_result", ""),
                )
                for s in stories
                for a in s.attempts
            ]
        )
        TableWriter(TribunalMember, ("case_id", "arbitrator_id", "seat", "appointed_at", "recusal_reason")).write(
            [(s.pk, t["arbitrator_id"], t["seat"], t["appointed_at"], "") for s in stories for t in s.tribunal]
        )
        TableWriter(
            Hearing,
            (
                "case_id",
                "starts_at",
                "place",
                "online",
                "room_link",
                "notice_on",
                "status",
                "postponement_requested_on",
                "postponement_reason",
                "held_at",
                "transcript",
                "attendance",
            ),
        ).write(
            [
                (
                    s.pk,
                    h["starts_at"],
                    h["place"],
                    h["online"],
                    "",
                    h["notice_on"],
                    h["status"],
                    h.get("postponement_requested_on"),
                    h.get("postponement_reason", ""),
                    h.get("held_at"),
                    h.get("transcript", ""),
                    json.dumps(self.attendance(h, s, names), ensure_ascii=False),
                )
                for s in stories
                for h in s.hearings
            ]
        )
        TableWriter(
            CourtOutcome,
            (
                "case_id",
                "court_id",
                "kind",
                "plaintiff",
                "filed_on",
                "court_case_number",
                "result",
                "decided_on",
                "note",
            ),
        ).write(
            [
                (
                    s.pk,
                    c["court_id"],
                    c["kind"],
                    c["plaintiff"],
                    c["filed_on"],
                    c["court_case_number"],
                    c["result"],
                    c.get("decided_on"),
                    c.get("note", ""),
                )
                for s in stories
                for c in s.courts
            ]
        )
        content_type = ContentType.objects.get_for_model(DisputeCase).pk
        TableWriter(
            TimelineEntry,
            (
                "content_type_id",
                "object_id",
                "action",
                "from_status",
                "to_status",
                "actor_id",
                "actor_role",
                "note",
                "deadline",
                "deadline_provisional",
                "at",
            ),
        ).write(
            [
                (content_type, str(s.pk), e[0], e[1], e[2], actor(e[3]), e[4], e[5], e[6], e[7], e[8])
                for s in stories
                for e in s.entries
            ]
        )
        self.counts.update(
            disputes=len(stories),
            dispute_states=len({s.status for s in stories}),
            dispute_timeline=sum(len(s.entries) for s in stories),
        )

    @staticmethod
    def attendance(hearing: dict, story: Story, names: dict) -> list:
        """Who appeared for each party at a hearing held, as arbitration.hold_hearing records it."""
        if hearing["status"] != Hearing.Status.HELD:
            return []
        rows = []
        for pid, p in story.party_ids:
            name = p.get("name") or names[p["person_id"]]
            absent = p["side"] == Party.Side.RESPONDENT and hearing.get("absent")
            appeared = "" if absent else ("法定代表人委托的代理人" if p.get("organization_id") else "本人")
            rows.append(
                {"party": pid, "side": p["side"], "name": name, "present": bool(appeared), "appeared": appeared}
            )
        return rows

    # -- the sample, through the real services --------------------------------------------------------

    def walk_sample(self) -> None:
        """Finish the sample through the services themselves, so that their documents exist as PDFs
        served on the parties: arbitrations accepted, heard, awarded and served (backdated with the
        services' own `at`, the hearing notified five working days ahead), one of them settled
        instead, and mediations agreed today (one failed)."""
        User = get_user_model()
        for index, story in enumerate(self.arbitration_sample):
            case = DisputeCase.objects.select_related("commission").get(pk=story.pk)
            arbitrator = User.objects.get(pk=self.member(case.commission, "arbitrator", 0))
            accepted = self.working(story.at, 1, 3)
            arbitration.accept(case, arbitrator, at=accepted)
            arbitration.compose_tribunal(
                case, arbitrator, kind="sole", arbitrators=[arbitrator], at=accepted + timedelta(hours=1)
            )
            notice = _at(add_period(accepted.date(), 1, "working").date, 10)
            day = rules.earliest_hearing(notice.date()).date + timedelta(days=2)
            while day.weekday() >= 5:
                day += timedelta(days=1)
            hearing = arbitration.schedule_hearing(
                case, arbitrator, starts_at=_at(day, 9, 30), online=True, notice_on=notice.date(), at=notice
            )
            parties = list(case.parties.all())
            held = _at(day, 9, 35)
            arbitration.hold_hearing(
                hearing,
                arbitrator,
                transcript=TRANSCRIPT.format(settled="双方未能达成调解协议"),
                attendance={p.pk: "本人" if p.person_id else "委托代理人" for p in parties},
                at=held,
            )
            if index == 1:
                arbitration.settle(
                    case,
                    arbitrator,
                    "被申请人于十日内一次性支付申请人工资及经济补偿，双方再无其他争议。",
                    (case.claim_total * Decimal("0.8")).quantize(ONE),
                    at=held + timedelta(hours=2),
                )
                continue
            claims = list(case.claims.all())
            results = {
                c.pk: ("upheld", None) if i % 2 == 0 else ("partly", ((c.amount or 0) * Decimal("0.6")).quantize(ONE))
                for i, c in enumerate(claims)
            }
            awarded = _at(add_period(day, 3, "working").date, 15)
            arbitration.issue_award(
                case,
                arbitrator,
                results={pk: r if claims[0].amount is not None else ("upheld", None) for pk, r in results.items()},
                reasoning="经审理查明，被申请人未足额支付申请人劳动报酬，有考勤记录、工资条及双方聊天记录为证，本委予以确认。",
                at=awarded,
            )
            arbitration.serve_award(case, arbitrator, at=_at(add_period(awarded.date(), 1, "working").date, 10))
        for index, story in enumerate(self.mediation_sample):
            case = DisputeCase.objects.get(pk=story.pk)
            attempt = mediation.current_attempt(case)
            if index == len(self.mediation_sample) - 1:
                mediation.record_failure(case, attempt.mediator, self.rng.choice(FAILURES))
                continue
            amount = (case.claim_total * Decimal("0.85")).quantize(ONE) if case.claim_total else Decimal("0.00")
            mediation.record_agreement(
                case,
                attempt.mediator,
                terms=f"被申请人于十五日内一次性支付申请人{amount}元，双方劳动争议就此了结。",
                amount=amount,
            )
        self.counts["dispute_documents"] = CaseDocument.objects.count()

    def run(self) -> dict[str, int]:
        self.report.phase("劳动争议", self.plan.cases + 2)
        self.forums()
        self.load_people()
        stories = self.stories()
        self.write(stories)
        self.report.advance(1)
        self.walk_sample()
        self.report.advance(1)
        return self.counts


def restore_reference_data() -> None:
    """After the demo province is deleted: case numbers from 1 again, and no timeline left of the
    deleted cases (entries point at a case by id, which new cases would take)."""
    CaseNumberSequence.objects.all().delete()
    TimelineEntry.objects.filter(content_type=ContentType.objects.get_for_model(DisputeCase)).delete()


def build(seed: int, scale: str, as_of: date, reporter) -> dict[str, int]:
    """Seed the disputes into a demo province the generator has just built (after contracts and
    the campaign)."""
    with disable_auditlog():
        return DisputesDemo(seed, scale, as_of, reporter).run()


__all__ = ["build", "restore_reference_data"]
