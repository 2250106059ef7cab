"""Benchmark: scoring 100,000 enterprise assessments on the national default system, beside a plain
SQL aggregate of the same totals.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/campaign.py
    .venv/bin/python bench/campaign.py --assessments 20000       # SQLite

Like bench/import.py it never touches the database DATABASE_URL names: it creates a fresh one
beside it (or a temporary SQLite file), migrates it (which installs HOP-2023-E), and drops it.

1. (not timed) creates the enterprises, a mediation committee under 30% of them, veto events for
   2% (half of them older than the 12-month window), one self-assessment each with an answer for
   every scored leaf, evidence on the evidence-required answers of 80% of them, and each answer's
   expected score: the same rules applied to what the generator itself knows (which unit has a
   committee, which event falls in the window, which answers carry evidence), so the check below
   tests the batched reads and the registry's indicator functions, not the rules against themselves
   (tests/campaign/test_rules.py does that with tables of cases);
2. (timed) the real scoring path in chunks: per chunk one query for the assessments, one for their
   answers with their evidence (one JSON object per assessment), the computed indicators through
   the INDICATORS registry (the `.many` batch form where a function has one, else one call per
   unit), `rules.score_assessment` on the plan compiled once, and the totals, veto and pass written
   back (COPY + UPDATE on PostgreSQL, executemany elsewhere), one transaction per chunk. On
   PostgreSQL two reader threads fetch the next chunk while the main thread scores and writes;
3. (timed) the baseline: one SQL aggregate, SUM(answer.score) GROUP BY assessment;
4. checks the two agree (the default system's groups never cap, so the sums must equal the totals)
   and that exactly the units with an in-window veto event were vetoed; prints assessments/s of
   both, the ratio, and whether the goal (>= 10,000 assessments/s) is met.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import fresh_database  # noqa: E402

GOAL = 10_000
NONE: frozenset = frozenset()
ON = date(2026, 6, 30)


def answer_value(rng: random.Random, spec, quality: float):
    """A plausible self-reported answer: better units answer better."""
    options = spec.options or {}
    if spec.is_veto:
        return rng.random() < 0.002
    if spec.method == "graded":
        levels = [level["label"] for level in options.get("levels", options if isinstance(options, list) else [])]
        return levels[min(len(levels) - 1, int((1 - quality) * len(levels) * rng.random() * 1.5))]
    if "linear" in options:
        return round(100 - rng.random() * 15 * (1 - quality), 1)
    if "steps" in options:
        return round(55 + 45 * (quality * 0.6 + rng.random() * 0.4), 1)
    return rng.random() < 0.55 + 0.45 * quality


def setup(count: int, seed: int):
    """Write the data; return the expected {assessment id: total} and the ids that must be vetoed."""
    from django.db import connection, transaction
    from django.utils import timezone

    from hexie.campaign import rules
    from hexie.campaign.indicators import VETO_WINDOW_DAYS
    from hexie.campaign.models import Answer, Assessment, IndicatorSystem, VetoEvent
    from hexie.campaign.services.systems import scoring_plan
    from hexie.core.bulk import TableWriter, allocate_ids
    from hexie.core.models import Attachment, Organization, Region

    rng = random.Random(seed)
    system = IndicatorSystem.objects.get(code="HOP-2023-E", version=1)
    plan = scoring_plan(system)
    indicator_ids = dict(system.indicators.values_list("code", "pk"))
    counties = list(Region.objects.filter(level=Region.Level.COUNTY).values_list("code", flat=True))
    now = timezone.now()
    expected: dict[int, Decimal] = {}
    must_veto: set[int] = set()
    with transaction.atomic():
        org_ids = allocate_ids(Organization, count)
        regions = [rng.choice(counties) for _ in org_ids]
        TableWriter(
            Organization,
            (
                "id",
                "kind",
                "name",
                "region_id",
                "industry",
                "ownership",
                "size",
                "headcount",
                "legal_representative",
                "address",
                "created_at",
            ),
        ).write(
            [
                (pk, "enterprise", f"基准企业{pk}有限公司", region, "C", "private", "small", 50, "", "", now)
                for pk, region in zip(org_ids, regions, strict=True)
            ]
        )
        with_committee = {pk for pk in org_ids if rng.random() < 0.30}
        committee_ids = allocate_ids(Organization, len(with_committee))
        TableWriter(
            Organization,
            (
                "id",
                "kind",
                "name",
                "region_id",
                "industry",
                "ownership",
                "size",
                "headcount",
                "legal_representative",
                "address",
                "created_at",
                "parent_id",
            ),
        ).write(
            [
                (cid, "mediation", f"基准企业{pk}劳动争议调解委员会", "370102", "", "", "", 0, "", "", now, pk)
                for cid, pk in zip(committee_ids, sorted(with_committee), strict=True)
            ]
        )
        kinds = list(VetoEvent.Kind.values)
        events, vetoed_orgs = [], defaultdict(set)
        for pk in org_ids:
            if rng.random() < 0.02:
                kind = rng.choice(kinds)
                days_ago = rng.randrange(0, VETO_WINDOW_DAYS * 2)
                events.append((pk, kind, ON - timedelta(days=days_ago), "", "bench", now))
                if days_ago < VETO_WINDOW_DAYS:
                    vetoed_orgs[pk].add(f"campaign.veto_event.{kind}")
        TableWriter(
            VetoEvent, ("organization_id", "kind", "occurred_on", "description", "source", "recorded_at")
        ).write(events)
        proof = Attachment.objects.create(name="佐证.pdf", content_type="application/pdf", size=1, sha256="0" * 64)

        assessment_ids = allocate_ids(Assessment, count)
        TableWriter(
            Assessment,
            ("id", "organization_id", "system_id", "by", "total", "vetoed", "veto_codes", "passed", "created_at"),
        ).write(
            [
                (aid, pk, system.pk, "self", 0, False, "[]", False, now)
                for aid, pk in zip(assessment_ids, org_ids, strict=True)
            ]
        )
        answers_writer = TableWriter(Answer, ("id", "assessment_id", "indicator_id", "value", "score", "note"))
        evidence_writer = TableWriter(Answer.evidence.through, ("answer_id", "attachment_id"))
        leaves = plan.leaves
        veto_keys = [key for key in plan.computed_keys if key.startswith("campaign.veto_event.")]
        for start in range(0, count, 10_000):
            chunk = list(zip(assessment_ids[start : start + 10_000], org_ids[start : start + 10_000], strict=True))
            answer_ids = iter(allocate_ids(Answer, len(chunk) * len(leaves)))
            answer_rows, evidence_rows = [], []
            for aid, pk in chunk:
                quality = rng.random()
                values = {leaf.code: answer_value(rng, plan.specs[leaf.code], quality) for leaf in leaves}
                has_evidence = rng.random() < 0.8
                evidence = {leaf.code for leaf in leaves if leaf.evidence} if has_evidence else set()
                computed = {key: key in vetoed_orgs.get(pk, ()) for key in veto_keys}
                computed["core.mediation_committee_present"] = True if pk in with_committee else None
                result = rules.score_assessment(plan, values, computed, evidence=evidence)
                expected[aid] = result.total
                if result.vetoed:
                    must_veto.add(aid)
                for leaf in leaves:
                    answer_id = next(answer_ids)
                    answer_rows.append(
                        (
                            answer_id,
                            aid,
                            indicator_ids[leaf.code],
                            json.dumps(values[leaf.code]),
                            result.scores[leaf.code],
                            "",
                        )
                    )
                    if leaf.code in evidence:
                        evidence_rows.append((answer_id, proof.pk))
            answers_writer.write(answer_rows)
            evidence_writer.write(evidence_rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return system, expected, must_veto


def score_all(system, chunk: int, skip: set[str]) -> dict[str, float]:
    """The real scoring path over every assessment of `system`, in chunks; returns seconds by phase.
    Computed keys in `skip` are left out (scored as "no data")."""
    from django.db import connection, connections, transaction

    from hexie.campaign import rules
    from hexie.campaign.models import Answer, Assessment, Indicator
    from hexie.campaign.services.systems import computed_values, scoring_plan

    postgres = connection.vendor == "postgresql"
    quote = connection.ops.quote_name
    assessments, answers = quote(Assessment._meta.db_table), quote(Answer._meta.db_table)
    evidence_table = quote(Answer.evidence.through._meta.db_table)
    plan = scoring_plan(system)
    keys = [key for key in plan.computed_keys if key not in skip]
    indicators = quote(Indicator._meta.db_table)
    object_agg, array_agg, value = (
        ("json_object_agg", "json_agg", "an.value")
        if postgres
        else ("json_group_object", "json_group_array", "json(an.value)")
    )
    as_text = "::text" if postgres else ""
    seconds: dict[str, float] = defaultdict(float)
    spent: dict[str, float] = defaultdict(float)
    tick = time.perf_counter

    def read(start: int, stop: int):
        """One chunk's assessments, answers, evidence and computed values (a reader's own connection)."""
        with connection.cursor() as cursor:
            t = tick()
            cursor.execute(
                f"SELECT id, organization_id FROM {assessments} WHERE system_id = %s AND id >= %s AND id < %s",
                [system.pk, start, stop],
            )
            units = cursor.fetchall()
            # One row per assessment: its answers as one JSON object keyed by indicator code and the
            # codes that carry evidence as one array, parsed by json.loads in C rather than row by row.
            cursor.execute(
                f"SELECT an.assessment_id, {object_agg}(i.code, {value}){as_text}, "
                f"{array_agg}(i.code) FILTER (WHERE e.answer_id IS NOT NULL){as_text} "
                f"FROM {answers} an JOIN {indicators} i ON i.id = an.indicator_id "
                f"LEFT JOIN {evidence_table} e ON e.answer_id = an.id "
                f"WHERE an.assessment_id >= %s AND an.assessment_id < %s GROUP BY an.assessment_id",
                [start, stop],
            )
            loads = json.loads  # Django's cursors hand JSON back as text on every backend
            values, evidence = {}, {}
            for aid, answers_json, codes_json in cursor.fetchall():
                values[aid] = loads(answers_json)
                if codes_json:
                    evidence[aid] = set(loads(codes_json))
        seconds["read answers"] += tick() - t
        return units, values, evidence

    def compute(start: int, stop: int):
        """One chunk's computed values through the registry (a reader's own connection)."""
        organizations = list(
            Assessment.objects.filter(system=system, id__gte=start, id__lt=stop).values_list(
                "organization_id", flat=True
            )
        )
        computed = {org: {} for org in organizations}
        for key in keys:  # one key at a time only to time each; computed_values takes them all at once
            t = tick()
            for org, found in computed_values([key], organizations, ON).items():
                computed[org].update(found)
            spent[key] += tick() - t
        return computed

    def fetch(start: int):
        if readers is None:
            return read(start, start + chunk), compute(start, start + chunk)
        return readers.submit(read, start, start + chunk), readers.submit(compute, start, start + chunk)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), MAX(id) FROM {assessments} WHERE system_id = %s", [system.pk])
        low, high = cursor.fetchone()
    starts = list(range(low, high + 1, chunk))
    # On PostgreSQL two reader threads fetch chunk n+1 (answers; computed values) while this one
    # scores and writes chunk n: the server aggregates while Python scores. SQLite reads in line.
    readers = ThreadPoolExecutor(max_workers=2) if postgres else None
    if postgres:
        with connection.cursor() as cursor:  # the write-back's staging table, emptied at each commit
            cursor.execute(
                "CREATE TEMP TABLE bench_scores (id bigint, total numeric, vetoed boolean, "
                "veto_codes jsonb, passed boolean) ON COMMIT DELETE ROWS"
            )
    pending = fetch(starts[0])
    for index in range(len(starts)):
        if readers:
            t = tick()
            (units, values, evidence), computed = pending[0].result(), pending[1].result()
            seconds["wait for readers"] += tick() - t
            if index + 1 < len(starts):
                pending = fetch(starts[index + 1])
        else:
            (units, values, evidence), computed = pending
            if index + 1 < len(starts):
                pending = fetch(starts[index + 1])
        with transaction.atomic(), connection.cursor() as cursor:
            t = tick()
            rows = []
            for aid, org in units:
                result = rules.score_assessment(
                    plan, values.get(aid, {}), computed[org], evidence=evidence.get(aid, NONE)
                )
                codes = json.dumps(result.veto_codes) if result.vetoed else "[]"
                rows.append((aid, result.total, result.vetoed, codes, result.passed))
            seconds["score"] += tick() - t

            t = tick()
            if postgres:
                with cursor.cursor.copy("COPY bench_scores FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                cursor.execute(
                    f"UPDATE {assessments} a SET total = s.total, vetoed = s.vetoed, "
                    f"veto_codes = s.veto_codes, passed = s.passed, scored_on = %s "
                    f"FROM bench_scores s WHERE a.id = s.id",
                    [ON],
                )
            else:
                cursor.executemany(
                    f"UPDATE {assessments} SET total = %s, vetoed = %s, veto_codes = %s, passed = %s, scored_on = %s "
                    f"WHERE id = %s",
                    [
                        (str(total), vetoed, codes_json, passed, ON.isoformat(), aid)
                        for aid, total, vetoed, codes_json, passed in rows
                    ],
                )
            seconds["write totals"] += tick() - t
    if readers:
        readers.map(lambda _: connections.close_all(), range(2))  # the reader threads' own connections
        readers.shutdown()
    seconds["computed indicators"] = sum(spent.values())
    return seconds, spent


def sql_baseline(system) -> dict[int, Decimal]:
    from django.db import connection

    from hexie.campaign.models import Answer, Assessment

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT an.assessment_id, SUM(an.score) FROM {quote(Answer._meta.db_table)} an "
            f"JOIN {quote(Assessment._meta.db_table)} a ON a.id = an.assessment_id WHERE a.system_id = %s "
            f"GROUP BY an.assessment_id",
            [system.pk],
        )
        cent = Decimal("0.01")  # SQLite sums its numeric column as floating point
        return {aid: Decimal(str(total)).quantize(cent) for aid, total in cursor.fetchall()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--unbatched",
        choices=("call", "sample"),
        default="sample",
        help="computed indicators without a .many batch form: call them once per unit in the timed run, or "
        "(default) leave them out of it and time them apart on a sample of 1,000 units",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hexie-bench-") as tmp_name:
        tmp = Path(tmp_name)
        url, drop = fresh_database(tmp, "campaign")
        os.environ["HEXIE_MEDIA_ROOT"] = str(tmp / "media")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexie.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from hexie.campaign.models import Assessment
        from hexie.core.models import Organization
        from hexie.core.registries import INDICATORS

        try:
            print(f"database: {connection.vendor} (created for this run)")
            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            system, expected, must_veto = setup(args.assessments, args.seed)
            leaves = system.indicators.exclude(method="group").count()
            print(
                f"data:     {args.assessments:,} enterprises and assessments × {leaves} answers, "
                f"written in {time.perf_counter() - started:.1f} s (not timed)"
            )
            keys = sorted(set(system.indicators.exclude(computed_key="").values_list("computed_key", flat=True)))
            unbatched = {k for k in keys if k in INDICATORS and not hasattr(INDICATORS[k].func, "many")}
            for key in keys:
                how = (
                    "not registered: no data"
                    if key not in INDICATORS
                    else ("one call per unit" if key in unbatched else "batch (.many)")
                )
                print(f"          computed {key}: {how}")
            skip = unbatched if args.unbatched == "sample" else set()
            projected = 0.0
            for key in sorted(skip):
                sample = list(Organization.objects.filter(kind="enterprise").order_by("pk")[:1000])
                started = time.perf_counter()
                for organization in sample:
                    INDICATORS[key].func(organization, ON)
                per_unit = (time.perf_counter() - started) / len(sample)
                projected += per_unit * args.assessments
                print(
                    f"          {key} timed apart: {per_unit * 1000:.2f} ms per unit, "
                    f"{per_unit * args.assessments:.1f} s projected for {args.assessments:,} (left out of the run)"
                )

            started = time.perf_counter()
            phases, by_key = score_all(system, args.chunk, skip)
            python_seconds = time.perf_counter() - started
            started = time.perf_counter()
            sums = sql_baseline(system)
            sql_seconds = time.perf_counter() - started

            totals = dict(Assessment.objects.filter(system=system).values_list("id", "total"))
            vetoed = set(Assessment.objects.filter(system=system, vetoed=True).values_list("id", flat=True))
            disagree = [aid for aid, total in totals.items() if sums.get(aid) != total or expected[aid] != total]
            for aid in disagree[:5]:
                print(
                    f"          disagree: assessment {aid}: scored {totals[aid]}, SQL {sums.get(aid)}, "
                    f"generator {expected[aid]}"
                )
            rate, sql_rate = args.assessments / python_seconds, args.assessments / sql_seconds
            detail = ", ".join(f"{name} {value:.2f} s" for name, value in phases.items())
            print(f"scoring:  {python_seconds:7.2f} s  {rate:9,.0f} assessments/s")
            print(f"          time by phase (the reader's phases overlap scoring on PostgreSQL): {detail}")
            print("          computed: " + ", ".join(f"{key} {value:.2f} s" for key, value in by_key.items()))
            print(f"SQL SUM:  {sql_seconds:7.2f} s  {sql_rate:9,.0f} assessments/s  (one GROUP BY over the answers)")
            print(f"ratio:    {rate / sql_rate:.2f} of the SQL aggregate")
            print(
                f"agree:    {len(totals) - len(disagree):,} of {len(totals):,} totals equal the SQL sums and the "
                f"generator's; vetoed {len(vetoed):,} (expected {len(must_veto):,}, "
                f"{'same units' if vetoed == must_veto else 'DIFFERENT units'}); "
                f"passed {Assessment.objects.filter(system=system, passed=True).count():,}"
            )
            print(f"goal:     >= {GOAL:,} assessments/s: {'met' if rate >= GOAL else 'NOT met'}")
            if projected:
                whole = args.assessments / (python_seconds + projected)
                print(
                    f"          with the unbatched indicators called once per unit: ~{whole:,.0f} assessments/s "
                    f"(projected); they need a .many batch form"
                )
            return 0 if not disagree and vetoed == must_veto else 1
        finally:
            drop()


if __name__ == "__main__":
    sys.exit(main())
