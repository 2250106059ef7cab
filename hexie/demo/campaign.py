"""The creation campaign (和谐劳动关系创建) in the demo province: rounds of earlier years with their
named units, the biennial provincial round 2025 (closed), the open round 2026 with an application
at every stage, rechecks, a spot check, a revocation, a veto event, and employee satisfaction
surveys with their answers.

Everything goes through the campaign's and the surveys' own service functions, acted by the four
parties' staff of the right level (三方四家 at county, city and province) and by each unit's own
HR, so the rows are those the platform itself would write. The services stamp "now"; the demo
tells a story that runs from 2022 to the autumn of 2026, so the dates are set afterwards with
`QuerySet.update` on timestamps and dates only — never on a workflow status.

Deterministic per seed (the same units, answers, scores and decisions), except what the services
draw at random on purpose (survey tokens, response keys) and the few moments that must be live
on the day the demo runs: the public notice (公示) still open, the survey still accepting answers,
the rechecks the daily job opens.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditlog.context import disable_auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hexie.campaign.models import (
    Application,
    Assessment,
    IndicatorSystem,
    Level,
    Naming,
    Party,
    Recheck,
    Round,
    Signoff,
    SubjectKind,
)
from hexie.campaign.services import applications, namings, systems
from hexie.campaign.services.applications import leaf_indicators
from hexie.core.jobs import run_job
from hexie.core.models import Job, Membership, Organization, Region, TimelineEntry
from hexie.core.registries import EVENTS
from hexie.surveys import rules as survey_rules
from hexie.surveys import services as surveys
from hexie.surveys.models import Survey

from .actors import Actors

Kind = Organization.Kind
Status = Application.Status
PROVINCE = "370000"
PARTY_ORDER = [Party.HRSS, Party.UNION, Party.ENTERPRISE_FEDERATION, Party.COMMERCE_FEDERATION]
LEVEL_REGION = {
    Level.COUNTY: lambda code: code[:6],
    Level.CITY: lambda code: code[:4] + "00",
    Level.PROVINCE: lambda code: PROVINCE,
}

APPROVE_NOTES = (
    "材料齐全，符合创建标准，同意。",
    "经实地查看，劳动用工规范，同意推荐。",
    "集体协商机制运行良好，同意。",
    "职工满意度较高，同意报送。",
)
RETURN_NOTES = (
    "工资集体协商会议纪要缺少签字页，请补充后重新提交。",
    "劳动合同台账与花名册人数不一致，请核实后补正。",
    "职工代表大会决议未附表决结果，请补充。",
)
REJECT_NOTES = (
    "近十二个月内发生严重拖欠职工工资问题，触发一票否决，不予通过。",
    "经核查，企业未依法建立工会组织，劳动合同签订率低于要求，不予通过。",
)
OBJECTION_TEXTS = (
    "该企业去年年底曾拖欠部分一线职工加班费，至今未全部补发，请核实。",
    "该单位安排职工长期每周工作六天，未支付休息日加班工资，请调查。",
)

SUGGESTIONS = ("", "", "", "希望食堂增加夜班供餐。", "建议增加技能培训机会。", "希望改善宿舍条件。")


@dataclass(frozen=True)
class Plan:
    """How many units the demo walks through each part of the campaign."""

    named_2022: int
    named_2023: int
    province_2025: int
    city_2025: int
    county_2025: int
    parks_2025: int
    surveys: int
    per_status: int  # applications of the 2026 round in each simple status


PLANS = {
    "T": Plan(2, 3, 4, 1, 1, 1, 6, 1),
    "S": Plan(4, 6, 15, 4, 4, 2, 30, 2),
    "M": Plan(4, 6, 15, 4, 4, 2, 30, 2),
}


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _pdf(code: str) -> SimpleUploadedFile:
    """A small PDF standing for a unit's evidence (佐证材料) of one indicator."""
    body = f"%PDF-1.4\n% Hexie demo evidence {code}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile(f"evidence-{code}.pdf", body, content_type="application/pdf")


class CampaignDemo:
    def __init__(self, seed: int, scale: str, as_of: date, reporter):
        self.rng = random.Random(f"campaign-{seed}")
        self.seed = seed
        self.plan = PLANS.get(scale, PLANS["S"])
        self.as_of = as_of
        self.today = timezone.localdate()
        self.report = reporter
        self.actors = Actors()
        self.counts: dict[str, int] = {}

    # -- time ----------------------------------------------------------------------------------

    def _entries(self, obj):
        return TimelineEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))

    def stamped(self, obj, when: datetime, call):
        """Run `call()` and date the timeline entries it wrote on `obj` at `when`."""
        before = self._entries(obj).aggregate(top=Max("id"))["top"] or 0
        result = call()
        self._entries(obj).filter(id__gt=before).update(at=when)
        return result

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    # -- units -----------------------------------------------------------------------------------

    def pick_units(self) -> None:
        counties = set(
            Organization.objects.filter(kind=Kind.GOVERNMENT, region__level=Region.Level.COUNTY).values_list(
                "region_id", flat=True
            )
        )
        hr = Membership.objects.filter(user__username="hr").values_list("organization_id", flat=True).first()
        self.hr_enterprise = Organization.objects.filter(pk=hr).first()
        enterprises = [
            o
            for o in Organization.objects.filter(kind=Kind.ENTERPRISE).select_related("region").order_by("id")
            if o.region_id[:6] in counties and o.pk != hr
        ]
        enterprises.sort(key=lambda o: (-o.headcount, o.pk))
        # Named units and applicants come mostly from the larger employers, not only the largest.
        pool = enterprises[: max(60, len(enterprises) // 4)]
        self.rng.shuffle(pool)
        in_pool = {o.pk for o in pool}
        rest = [o for o in enterprises if o.pk not in in_pool]
        self.rng.shuffle(rest)
        ordered = pool + rest
        # Every other unit applies in 2026; the rest were named in earlier rounds.
        self.enterprises_2026 = ordered[0::2]
        self.enterprises = ordered[1::2]
        self.jinan = [o for o in self.enterprises if o.region_id[:4] == "3701"]
        areas = [
            o
            for o in Organization.objects.filter(kind__in=(Kind.INDUSTRIAL_PARK, Kind.TOWNSHIP_OFFICE))
            .select_related("region")
            .order_by("kind", "id")
            if o.region_id[:6] in counties
        ]
        parks = [o for o in areas if o.kind == Kind.INDUSTRIAL_PARK]
        towns = [o for o in areas if o.kind == Kind.TOWNSHIP_OFFICE]
        self.rng.shuffle(towns)
        self.areas = parks + towns
        self.used: set[int] = set()

    def take(self, pool: list[Organization]) -> Organization:
        for org in pool:
            if org.pk not in self.used:
                self.used.add(org.pk)
                return org
        raise RuntimeError("the demo province has too few units for the campaign")

    # -- rounds ----------------------------------------------------------------------------------

    def make_round(self, name, year, kind, region, opens, closes, quotas) -> Round:
        code = "HOP-2023-E" if kind == SubjectKind.ENTERPRISE else "HOP-2023-A"
        system = IndicatorSystem.objects.filter(code=code, status=IndicatorSystem.Status.PUBLISHED).first()
        # Open while the demo walks its applications through (submitting checks the real clock);
        # the round's own closing date is set back at the end.
        round_ = applications.create_round(
            self.actors.staff(region),
            {
                "name": name,
                "year": year,
                "subject_kind": kind,
                "system": system,
                "region": Region.objects.get(code=region),
                "opens": opens,
                "closes": max(closes, self.today),
                "quotas": quotas,
            },
        )
        round_.real_closes = closes
        self.rounds.append(round_)
        Round.objects.filter(pk=round_.pk).update(created_at=_at(opens - timedelta(days=20)))
        return round_

    # -- self-assessment -------------------------------------------------------------------------

    def answers(self, system: IndicatorSystem, quality: float, *, partial: bool = False):
        """Answers and evidence of a unit of `quality` (0-1) for every scored indicator."""
        rng = self.rng
        answers, uploads = {}, {}
        for indicator in leaf_indicators(system):
            if partial and rng.random() < 0.5:
                continue
            options = indicator.options if isinstance(indicator.options, dict) else {"levels": indicator.options}
            if indicator.is_veto:
                value = False
            elif indicator.method == "graded":
                labels = [str(level["label"]) for level in options.get("levels", [])]
                roll = rng.random()
                index = 0 if roll < quality else 1 if roll < quality + 0.2 else 2
                value = labels[min(index, len(labels) - 1)]
            elif "linear" in options:
                value = round(float(options["linear"]["target"]) - rng.uniform(0, (1 - quality) * 25), 1)
            elif "steps" in options:
                top = max(float(bound) for bound, _points in options["steps"])
                value = round(min(100.0, top + 6 - rng.uniform(0, (1 - quality) * 60)), 1)
            else:
                value = rng.random() < quality + 0.05
            answers[indicator.pk] = {"value": value}
            if indicator.evidence_required and not indicator.is_veto and rng.random() < quality + 0.1:
                uploads[indicator.pk] = [_pdf(indicator.code)]
        return answers, uploads

    # -- one application -------------------------------------------------------------------------

    def apply(
        self,
        round_: Round,
        org: Organization,
        level: str,
        start: date,
        *,
        until: str,
        quality: float = 0.9,
        partial: int = 0,
        end: str = "",
        note: str = "",
        live_notice: bool = False,
        objection: str = "",
        evaluator: bool = False,
        evaluate: bool = False,
        veto: str = "",
    ) -> Application:
        """Walk one application from its draft up to the stage `until` (a status), then `partial`
        of the four parties sign at that review level, or the first party ends it (`end`
        "return"/"reject" with `note`), or the unit withdraws it (`end` "withdraw")."""
        rng = self.rng
        user = self.actors.applicant(org)
        day = start
        app = applications.create_application(user, round_, org, level, today=day)
        Application.objects.filter(pk=app.pk).update(created_at=_at(day, 9, rng.randint(0, 59)))
        Assessment.objects.filter(pk=app.self_assessment_id).update(created_at=_at(day, 9))
        if veto:
            EVENTS.send(
                "veto_event",
                organization=org,
                kind=veto,
                occurred_on=day - timedelta(days=rng.randint(40, 120)),
                description=_("劳动保障监察立案：拖欠 %(n)d 名职工工资未按期支付") % {"n": rng.randint(12, 60)},
                source="demo:wages",
            )
        answers, uploads = self.answers(round_.system, quality, partial=until == Status.DRAFT and bool(partial))
        day += self.days(1, 6)
        applications.save_self_assessment(user, app, answers, uploads)
        systems.score(app.self_assessment, on_date=day)
        # A unit heading for 公示 and naming meets the standard: one that fell short improves its
        # self-assessment (and evidence) before it submits, as units do.
        for _attempt in range(3):
            if until not in (Status.NOTICE, Status.NAMED) or app.self_assessment.passed:
                break
            answers, uploads = self.answers(round_.system, 0.99)
            applications.save_self_assessment(user, app, answers, uploads)
            systems.score(app.self_assessment, on_date=day)
        if until == Status.DRAFT and end != "withdraw":
            return app
        if end == "withdraw" and until == Status.DRAFT:
            self.stamped(app, _at(day + self.days(3, 10), 15), lambda: applications.withdraw_application(user, app))
            return app
        day += self.days(1, 4)
        self.stamped(app, _at(day, 10, rng.randint(0, 59)), lambda: applications.submit_application(user, app))
        Application.objects.filter(pk=app.pk).update(submitted_at=_at(day, 10))
        if until == Status.SUBMITTED:
            if end == "withdraw":
                self.stamped(app, _at(day + self.days(2, 6), 16), lambda: applications.withdraw_application(user, app))
            return app
        county = LEVEL_REGION[Level.COUNTY](org.region_id)
        day += self.days(2, 5)
        self.stamped(app, _at(day, 9, 30), lambda: applications.accept_application(self.actors.staff(county), app))
        if evaluator:
            day += self.days(1, 3)
            evaluator_org = Organization.objects.filter(kind=Kind.EVALUATOR).order_by("id").first()
            self.stamped(
                app, _at(day, 14), lambda: applications.assign_evaluator(self.actors.staff(county), app, evaluator_org)
            )
            if evaluate:
                expert = Membership.objects.filter(organization=evaluator_org, role="evaluator").first().user
                eval_answers, _files = self.answers(round_.system, max(0.5, quality - 0.08))
                day += self.days(3, 8)
                self.stamped(app, _at(day, 16), lambda: applications.record_evaluation(expert, app, eval_answers))
                systems.score(Application.objects.get(pk=app.pk).evaluator_assessment, on_date=day)
        for review in Level(level).chain:
            status = Application.REVIEW_STATUS[review]
            region = LEVEL_REGION[review](org.region_id)
            stop_here = until == status
            parties = PARTY_ORDER[:partial] if stop_here and not end else PARTY_ORDER
            for index, party in enumerate(parties):
                day += self.days(0, 2)
                when = _at(day, 9 + index * 2, rng.randint(0, 59))
                if live_notice and review == level and index == 3:
                    when = timezone.now()
                reviewer = self.actors.staff(region, party)
                if stop_here and end in ("return", "reject"):
                    decision = end
                    text = note
                else:
                    decision = Signoff.Decision.APPROVE
                    text = rng.choice(APPROVE_NOTES)
                score = app.self_assessment.total - rng.randint(0, 4)
                signoff = applications.sign_off(reviewer, app, decision, text, max(score, 0), party=party, at=when)
                Signoff.objects.filter(pk=signoff.pk).update(at=when)
                if decision != Signoff.Decision.APPROVE:
                    return app
            if stop_here:
                return app
            day += self.days(3, 9)
        # In 公示 (public notice, 5 working days).
        app.refresh_from_db()
        if objection:
            received = min(app.notice_ends, self.today) if live_notice else app.notice_ends - timedelta(days=2)
            found = applications.record_objection(
                app,
                rng.choice(OBJECTION_TEXTS),
                rng.choice("王李张刘陈") + "先生",
                f"1381234{rng.randrange(10**4):04d}",
                today=received,
            )
            if objection == "dismissed":
                handler = self.actors.staff(LEVEL_REGION[Level(level)](org.region_id))
                applications.handle_objection(
                    handler, found, False, _("经实地核查并调阅工资发放记录，加班费已足额支付，异议不成立。")
                )
        if until == Status.NOTICE:
            return app
        named_day = app.notice_ends + self.days(1, 6)
        namer = self.actors.staff(LEVEL_REGION[Level(level)](org.region_id))
        naming = self.stamped(
            app, _at(named_day, 10), lambda: applications.name_application(namer, app, today=named_day)
        )
        self.date_naming(naming, named_day)
        return app

    def date_naming(self, naming: Naming, named_on: date) -> None:
        """Date a naming on the day it was made in the story, with that year's serial and plaque."""
        fields = {"named_on": named_on, "year": named_on.year, "recheck_due": namings.add_years(named_on, 3)}
        if named_on.year != naming.year:
            region = namings.level_region(naming.organization, naming.level)
            sequence = namings._next_sequence(named_on.year, region)
            fields["serial"], fields["plaque_number"] = namings._numbers(named_on.year, region, sequence)
        Naming.objects.filter(pk=naming.pk).update(**fields)
        self._entries(naming).update(at=_at(named_on, 10))

    # -- surveys ---------------------------------------------------------------------------------

    def survey(self, enterprise: Organization, opens: date, closes: date, responses: int, satisfaction: float):
        rng = self.rng
        user = self.actors.staff(LEVEL_REGION[Level.COUNTY](enterprise.region_id))
        live = closes >= self.today
        survey = surveys.create_survey(
            user,
            enterprise=enterprise,
            opens_on=opens,
            closes_on=max(closes, self.today),
            planned_tokens=max(responses + 5, int(enterprise.headcount * 0.6), 10),
        )
        self.stamped(survey, _at(opens, 8), lambda: surveys.move_survey(user, survey, "open"))
        codes = surveys.issue_tokens(user, survey, max(responses + rng.randint(0, 8), 1))
        weights = [
            satisfaction * 0.45,
            satisfaction * 0.55,
            (1 - satisfaction) * 0.6,
            (1 - satisfaction) * 0.3,
            (1 - satisfaction) * 0.1,
        ]
        for code in codes[:responses]:
            scores = {key: rng.choices((5, 4, 3, 2, 1), weights=weights)[0] for key in survey_rules.DIMENSION_KEYS}
            suggestion = rng.choice(SUGGESTIONS)
            surveys.submit_response(code, scores, suggestion)
        if not live:
            self.stamped(survey, _at(closes, 18), lambda: surveys.move_survey(user, survey, "close"))
            Survey.objects.filter(pk=survey.pk).update(closes_on=closes)
        Survey.objects.filter(pk=survey.pk).update(created_at=_at(opens - timedelta(days=3), 10))
        return survey

    def build_surveys(self, units: list[Organization]) -> None:
        open_one = min(self.as_of, self.today) - timedelta(days=6)
        for index, enterprise in enumerate(units):
            if index == 0:
                # Still accepting answers, fewer than 10 so far: results withheld.
                self.survey(enterprise, open_one, max(self.today, self.as_of) + timedelta(days=30), 6, 0.85)
            else:
                opens = date(2026, self.rng.randint(4, 8), self.rng.randint(1, 20))
                self.survey(
                    enterprise,
                    opens,
                    opens + timedelta(days=14),
                    self.rng.randint(10, 40),
                    self.rng.uniform(0.72, 0.97),
                )
            self.report.advance(1)

    # -- the story -------------------------------------------------------------------------------

    def named_round(self, round_: Round, plan: list[tuple[Organization, str]], start: date) -> None:
        for org, level in plan:
            self.apply(
                round_, org, level, start + self.days(0, 30), until=Status.NAMED, quality=self.rng.uniform(0.88, 0.98)
            )
            self.report.advance(1)

    def run(self) -> dict[str, int]:
        plan = self.plan
        self.rounds: list[Round] = []
        self.pick_units()
        E, A = SubjectKind.ENTERPRISE, SubjectKind.AREA
        # Satisfaction surveys first: the 2026 self-assessments read their rates.
        survey_units = [self.hr_enterprise] if self.hr_enterprise else []
        survey_units += self.enterprises_2026[: plan.surveys - len(survey_units)]
        self.report.phase(
            _("创建活动与满意度测评"),
            plan.surveys
            + plan.named_2022
            + plan.named_2023
            + plan.province_2025
            + plan.city_2025
            + plan.county_2025
            + plan.parks_2025
            + 1,
        )
        self.build_surveys(survey_units[1:] + survey_units[:1])

        # 2022: Jinan's own city round; 2023 and 2025: the biennial provincial rounds.
        jinan = self.make_round(
            _("济南市2022年度劳动关系和谐企业创建"),
            2022,
            E,
            "370100",
            date(2022, 4, 1),
            date(2022, 6, 30),
            {"county": 30, "city": 20},
        )
        self.named_round(
            jinan,
            [(self.take(self.jinan), lvl) for lvl in (["city", "county"] * plan.named_2022)[: plan.named_2022]],
            date(2022, 7, 4),
        )
        r2023 = self.make_round(
            _("山东省2023年度劳动关系和谐企业创建评选"),
            2023,
            E,
            PROVINCE,
            date(2023, 3, 1),
            date(2023, 5, 31),
            {"province": 100, "city": 60, "county": 100},
        )
        self.named_round(
            r2023,
            [
                (self.take(self.enterprises), lvl)
                for lvl in (["province", "city", "county"] * plan.named_2023)[: plan.named_2023]
            ],
            date(2023, 6, 5),
        )
        r2025 = self.make_round(
            _("山东省2025年度劳动关系和谐企业创建评选"),
            2025,
            E,
            PROVINCE,
            date(2025, 3, 1),
            date(2025, 5, 31),
            {"province": 100, "city": 60, "county": 100},
        )
        levels = ["province"] * plan.province_2025 + ["city"] * plan.city_2025 + ["county"] * plan.county_2025
        self.named_round(r2025, [(self.take(self.enterprises), lvl) for lvl in levels], date(2025, 6, 3))
        a2025 = self.make_round(
            _("山东省2025年度劳动关系和谐工业园区、乡镇（街道）创建评选"),
            2025,
            A,
            PROVINCE,
            date(2025, 3, 1),
            date(2025, 5, 31),
            {"province": 10, "city": 20, "county": 30},
        )
        self.named_round(
            a2025, [(self.take(self.areas), "province") for _i in range(plan.parks_2025)], date(2025, 6, 3)
        )

        self.round_2026()
        self.management()
        for round_ in self.rounds:
            Round.objects.filter(pk=round_.pk).update(closes=round_.real_closes)
        self.report.advance(1)
        return {
            "rounds": len(self.rounds),
            "applications": Application.objects.count(),
            "namings": Naming.objects.count(),
            "surveys": Survey.objects.count(),
        }

    def round_2026(self) -> None:
        """The open 2026 round: an application at every stage of the workflow."""
        E, A = SubjectKind.ENTERPRISE, SubjectKind.AREA
        quotas = {"province": 100, "city": 60, "county": 100}
        r2026 = self.make_round(
            _("山东省2026年度劳动关系和谐企业创建评选"), 2026, E, PROVINCE, date(2026, 9, 1), date(2026, 12, 31), quotas
        )
        a2026 = self.make_round(
            _("山东省2026年度劳动关系和谐工业园区、乡镇（街道）创建评选"),
            2026,
            A,
            PROVINCE,
            date(2026, 9, 1),
            date(2026, 12, 31),
            {"province": 10, "city": 20, "county": 30},
        )
        n = self.plan.per_status
        rng = self.rng
        early, late = date(2026, 9, 1), date(2026, 10, 12)
        # (stage, how many, level, extra arguments); the earlier stages start later in the autumn.
        steps = [
            (Status.DRAFT, n + 1, "province", {"partial": 1}, late),
            (Status.SUBMITTED, n + 1, "province", {}, late),
            (Status.COUNTY_REVIEW, 2 * n, "province", {"partial": None}, date(2026, 9, 28)),
            (Status.CITY_REVIEW, n + 1, "province", {"partial": None}, date(2026, 9, 10)),
            (Status.PROVINCE_REVIEW, n + 1, "province", {"partial": None, "evaluator": True}, early),
            (Status.NAMED, n, "county", {}, early),
            (Status.DRAFT, n, "city", {"end": "withdraw"}, late),
            (Status.SUBMITTED, 1, "county", {"end": "withdraw"}, date(2026, 9, 20)),
            (Status.COUNTY_REVIEW, n, "city", {"end": "return"}, date(2026, 9, 15)),
            (Status.CITY_REVIEW, 1, "province", {"end": "return"}, early),
            (Status.COUNTY_REVIEW, 1, "province", {"end": "reject", "veto": "wage_arrears"}, date(2026, 9, 8)),
            (Status.CITY_REVIEW, n - 1 or 1, "city", {"end": "reject"}, early),
        ]
        for stage, count, level, extra, start in steps:
            for index in range(count):
                kwargs = dict(extra)
                if kwargs.get("partial") is None and "partial" in kwargs:
                    kwargs["partial"] = index % 4
                if kwargs.get("evaluator"):
                    kwargs["evaluate"] = index % 2 == 0
                if kwargs.get("end") == "return":
                    kwargs["note"] = rng.choice(RETURN_NOTES)
                if kwargs.get("end") == "reject":
                    kwargs["note"] = REJECT_NOTES[0] if kwargs.get("veto") else REJECT_NOTES[1]
                    kwargs["quality"] = 0.6
                self.apply(
                    r2026, self.take(self.enterprises_2026), level, start + self.days(0, 6), until=stage, **kwargs
                )
        # 公示 now: one clean, one with an open objection, one with a dismissed one.
        for level, objection in (("county", ""), ("city", "open"), ("province", "dismissed")):
            start = {"county": date(2026, 10, 8), "city": date(2026, 9, 20), "province": date(2026, 9, 2)}[level]
            self.apply(
                r2026,
                self.take(self.enterprises_2026),
                level,
                start,
                until=Status.NOTICE,
                live_notice=True,
                objection=objection,
            )
        # The demo HR's enterprise: in the city review, two parties have signed.
        if self.hr_enterprise is not None:
            self.used.add(self.hr_enterprise.pk)
            self.apply(
                r2026,
                self.hr_enterprise,
                "province",
                date(2026, 9, 3),
                until=Status.CITY_REVIEW,
                partial=2,
                evaluator=True,
            )
        # Parks and townships of 2026.
        self.apply(a2026, self.take(self.areas), "province", date(2026, 9, 14), until=Status.COUNTY_REVIEW, partial=3)
        self.apply(a2026, self.take(self.areas), "city", date(2026, 10, 20), until=Status.SUBMITTED)

    def management(self) -> None:
        """Dynamic management (动态管理): the daily job opens the rechecks due, one spot check, one
        failed recheck revokes a naming, one passes, one veto event opens a recheck."""
        province_staff = self.actors.staff(PROVINCE)
        job = Job.objects.create(kind="campaign.schedule_rechecks", params={"on": self.today.isoformat()})
        run_job(job.pk)
        scheduled = list(
            Recheck.objects.filter(reason=Recheck.Reason.SCHEDULED, outcome=Recheck.Outcome.OPEN)
            .select_related("naming__organization")
            .order_by("naming__serial")
        )
        if scheduled:
            naming = scheduled[0].naming
            staff = self.actors.staff(LEVEL_REGION[Level(naming.level)](naming.organization.region_id))
            namings.close_recheck(
                staff,
                scheduled[0],
                False,
                _("复核发现企业未按期续签集体合同，且劳动合同签订率降至85%，不再符合创建标准。"),
            )
        if len(scheduled) > 1:
            naming = scheduled[1].naming
            staff = self.actors.staff(LEVEL_REGION[Level(naming.level)](naming.organization.region_id))
            namings.close_recheck(staff, scheduled[1], True, _("经复核，各项指标持续达标，保留命名。"))
        namings.draw_spot_checks(province_staff, Region.objects.get(code=PROVINCE), 1, self.seed)
        target = (
            Naming.objects.filter(status=Naming.Status.ACTIVE, year=2025, level=Level.PROVINCE)
            .exclude(rechecks__outcome=Recheck.Outcome.OPEN)
            .order_by("serial")
            .first()
        )
        if target is not None:
            EVENTS.send(
                "veto_event",
                organization=target.organization,
                kind="mass_dispute",
                occurred_on=self.as_of - timedelta(days=9),
                description=_("因调整排班引发30余名职工集体劳动争议，已由区劳动人事争议调解中心介入调解。"),
                source="demo:disputes",
            )


def build(seed: int, scale: str, as_of: date, reporter) -> dict[str, int]:
    """Seed the campaign and the surveys into a demo province the generator has just built.

    Without audit-log entries, as the rest of the generator's rows: they would record the moment
    of seeding as the time of every action, and the timeline entries already tell the story."""
    with disable_auditlog():
        return CampaignDemo(seed, scale, as_of, reporter).run()


__all__ = ["build"]
