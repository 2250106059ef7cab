"""Benchmark: the dispute statistics page over the M-scale 200,000 cases, beside a hand-written
single SQL aggregate giving the same figures.

    .venv/bin/python bench/disputes.py                                     # SQLite, 200,000 cases
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/disputes.py
    .venv/bin/python bench/disputes.py --cases 2000 --enterprises 50      # a quick look

Like the other benches it never touches the database DATABASE_URL names: it creates a fresh one
beside it (or a temporary SQLite file), migrates it (which seeds the regions and the holiday
calendar), and drops it.

1. (not timed) writes `--enterprises` enterprises spread over Shandong's counties with their
   headcounts, one basic court, and `--cases` cases filed over 2025-01..2026-11 in every state
   with dates that agree with it (accepted, closed, served, clocks, outcome, finality), and a
   court outcome for each case sued on — in bulk (hexie.core.bulk.TableWriter: COPY on PostgreSQL);
2. (timed) the statistics service (hexie.disputes.services.statistics.compute) computing the
   province page on 2026-11-30 for 2025-01-01..2026-11-30: the headline figures, the consistency
   rate, the headcount, and the rows by cause, industry, city and month — one statement over the
   cases (GROUPING SETS on PostgreSQL, a materialized narrow row per case on SQLite), one over the
   court outcomes, the headcount and the city names;
3. (timed) the baseline: ONE hand-written SELECT with conditional aggregation over the same rows
   (the case table, LEFT JOIN its court outcome, the headcount as a scalar subquery) giving every
   one of those figures — each group's five counts as its own SUM(CASE …) column;
4. checks that the two agree figure for figure, and prints both times (best of `--repeat`), the
   ratio and whether the goal (the page within 2× of the single aggregate) is met. For reference it
   also times the single aggregate of the headline figures alone (no groups).
"""

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import migrated_database  # noqa: E402

GOAL = 2.0
ON = date(2026, 11, 30)
START, END = date(2025, 1, 1), date(2026, 11, 30)
PREFIX = "37"
SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_DAY = date(2025, 1, 1)
DAYS = (date(2026, 11, 25) - FIRST_DAY).days


def setup(count: int, enterprises: int, seed: int) -> None:
    """Write the enterprises, the court and the cases (see the module docstring)."""
    from django.db import transaction
    from django.utils import timezone

    from hexie.core.bulk import TableWriter, allocate_ids
    from hexie.core.models import Industry, Organization, Region
    from hexie.disputes.models import ClaimKind, CourtOutcome, DisputeCase

    rng = random.Random(seed)
    counties = list(
        Region.objects.filter(level=Region.Level.COUNTY, code__startswith=PREFIX).values_list("code", flat=True)
    )
    industries = [c for c in Industry.values]
    causes = list(ClaimKind.values)
    cause_weights = [30, 15, 10, 4, 3, 12, 6, 3, 3, 5, 1, 1, 4, 2, 1]
    now = timezone.now()
    S, Out, Med = DisputeCase.Status, DisputeCase.Outcome, DisputeCase.MediationResult
    with transaction.atomic():
        org_columns = (
            "id", "kind", "name", "region_id", "industry", "ownership", "size", "headcount",
            "legal_representative", "address", "created_at",
        )  # fmt: skip
        org_ids = allocate_ids(Organization, enterprises + 1)
        court_id, enterprise_ids = org_ids[0], org_ids[1:]
        regions = {pk: rng.choice(counties) for pk in enterprise_ids}
        industry_of = {pk: rng.choice(industries[:12]) for pk in enterprise_ids}
        TableWriter(Organization, org_columns).write(
            [(court_id, "court", "基准人民法院", counties[0], "", "", "", 0, "", "", now)]
            + [
                (pk, "enterprise", f"基准企业{pk}有限公司", regions[pk], industry_of[pk], "private", "small",
                 rng.choice([0, 20, 50, 120, 300, 800]), "", "", now)
                for pk in enterprise_ids
            ]
        )  # fmt: skip

        fields = {f.column: f for f in DisputeCase._meta.concrete_fields if f.column != "id"}
        columns = ("id", *fields)
        defaults = {}
        for column, f in fields.items():
            value = f.get_default()
            defaults[column] = "[]" if column == "findings" else value
        case_ids = allocate_ids(DisputeCase, count)
        rows, outcomes = [], []
        for pk in case_ids:
            enterprise = rng.choice(enterprise_ids)
            filed_on = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
            v = dict(defaults, id=pk)
            v.update(
                number=f"BENCH-{pk:08d}",
                enterprise_id=enterprise,
                region_id=regions[enterprise],
                industry=industry_of[enterprise],
                cause=rng.choices(causes, cause_weights)[0],
                claim_total=f"{rng.randrange(1000, 90000)}.00",
                facts="基准案件",
                known_on=filed_on - timedelta(days=30),
                filed_at=datetime.combine(filed_on, datetime.min.time(), SHANGHAI).replace(hour=9),
                filed_on=filed_on,
            )
            if rng.random() < 0.02:
                v.update(kind="collective", workers=rng.randrange(10, 60))
            r = rng.random()
            if r < 0.33:
                v.update(
                    status=S.MEDIATED,
                    outcome=Out.MEDIATED,
                    mediation_result=Med.AGREED,
                    closed_on=filed_on + timedelta(days=rng.randrange(2, 16)),
                )
            elif r < 0.45:
                v.update(status=S.MEDIATION_FAILED, outcome=Out.MEDIATION_FAILED, mediation_result=Med.FAILED)
            elif r < 0.50:
                v.update(status=S.MEDIATING, mediation_deadline=filed_on + timedelta(days=15))
            elif r < 0.53:
                v.update(status=S.INTERNAL, internal_deadline=filed_on + timedelta(days=15))
            elif r < 0.56:
                v.update(status=S.FILED)
            elif r < 0.58:
                v.update(status=S.ARB_REVIEW, acceptance_deadline=filed_on + timedelta(days=7))
            elif r < 0.60:
                v.update(status=S.REFUSED, outcome=Out.REFUSED)
            else:
                accepted = filed_on + timedelta(days=rng.randrange(1, 8))
                v.update(accepted_on=accepted)
                if r < 0.68 and accepted + timedelta(days=60) > ON:
                    status = rng.choice([S.ACCEPTED, S.HEARING_SCHEDULED, S.HEARD])
                    v.update(status=status, award_deadline=accepted + timedelta(days=45))
                else:
                    closed = accepted + timedelta(days=rng.randrange(10, 60))
                    q = rng.random()
                    if q < 0.25:
                        v.update(status=S.SETTLED, outcome=Out.SETTLED, closed_on=closed)
                    elif q < 0.32:
                        v.update(status=S.WITHDRAWN, outcome=Out.WITHDRAWN, closed_on=closed)
                    else:
                        served = closed + timedelta(days=rng.randrange(1, 6))
                        finality = rng.choice(["final", "non_final", "non_final", "partial"])
                        v.update(
                            outcome=Out.AWARDED,
                            closed_on=closed,
                            awarded_on=closed,
                            served_on=served,
                            finality=finality,
                        )
                        s = rng.random()
                        if s < 0.12:
                            v.update(status=S.IN_COURT)
                            outcomes.append(
                                (pk, court_id, "lawsuit", "worker", served + timedelta(days=10), "pending", None)
                            )
                        elif s < 0.30:
                            v.update(status=S.COURT_DECIDED)
                            result = rng.choices(["upheld", "modified", "reversed", "withdrawn"], [85, 6, 4, 5])[0]
                            decided = served + timedelta(days=rng.randrange(30, 200))
                            outcomes.append(
                                (pk, court_id, "lawsuit", "enterprise", served + timedelta(days=10), result, decided)
                            )
                        elif served + timedelta(days=31) > ON:
                            v.update(status=S.SERVED)
                        else:
                            v.update(status=S.CLOSED)
            if r >= 0.56 and rng.random() < 0.4:
                # mediation failed before arbitration: its result stays when arbitration sets the outcome
                v.update(mediation_result=Med.FAILED)
            rows.append(tuple(v[c] for c in columns))
            if len(rows) == 20_000:
                TableWriter(DisputeCase, columns).write(rows)
                rows = []
        TableWriter(DisputeCase, columns).write(rows)
        TableWriter(
            CourtOutcome,
            (
                "case_id",
                "court_id",
                "kind",
                "plaintiff",
                "filed_on",
                "result",
                "decided_on",
                "court_case_number",
                "note",
            ),
        ).write([(*o, "", "") for o in outcomes])


def service_page():
    """The statistics page's figures, as the page computes them."""
    from hexie.disputes.models import DisputeCase
    from hexie.disputes.services.statistics import compute

    return compute(DisputeCase.objects.all(), start=START, end=END, on=ON, prefix=PREFIX)


def group_keys(stats_like=None) -> dict[str, list[str]]:
    """The keys each group can take, known before the query (the catalogues, the cities, the months)."""
    from hexie.core.models import Industry, Region
    from hexie.disputes.models import ClaimKind

    months, day = [], START.replace(day=1)
    while day <= END:
        months.append(f"{day:%Y-%m}")
        day = (day + timedelta(days=32)).replace(day=1)
    cities = list(
        Region.objects.filter(level=Region.Level.CITY, code__startswith=PREFIX).values_list("code", flat=True)
    )
    return {
        "cause": list(ClaimKind.values),
        "industry": ["", *Industry.values],
        "region": sorted({c[:4] for c in cities}),
        "month": months,
    }


def sql_aggregate(*, groups: bool = True) -> dict:
    """ONE SELECT with conditional aggregation giving the page's figures (`groups`: also every
    group's five counts)."""
    from django.db import connection

    from hexie.core.models import Organization
    from hexie.disputes.models import CourtOutcome, DisputeCase

    quote = connection.ops.quote_name
    cases, courts, orgs = (quote(m._meta.db_table) for m in (DisputeCase, CourtOutcome, Organization))
    sqlite = connection.vendor == "sqlite"

    def day(column: str) -> str:
        return f"CAST(julianday({column}) AS INTEGER)" if sqlite else f"({column} - DATE '1970-01-01')"

    month = "substr(c.filed_on, 1, 7)" if sqlite else "to_char(c.filed_on, 'YYYY-MM')"
    s, e, on = f"'{START}'", f"'{END}'", f"'{ON}'"
    if not sqlite:
        s, e, on = f"DATE {s}", f"DATE {e}", f"DATE {on}"
    filed = f"c.filed_on BETWEEN {s} AND {e}"
    accepted = f"c.accepted_on BETWEEN {s} AND {e}"
    closed = f"c.closed_on BETWEEN {s} AND {e}"
    arb_closed = f"{closed} AND c.outcome IN ('awarded', 'settled', 'withdrawn')"
    open_arb = "('accepted', 'hearing_scheduled', 'heard')"
    overdue = (
        f"(c.status = 'internal' AND c.internal_deadline < {on})"
        f" OR (c.status = 'mediating' AND c.mediation_deadline < {on})"
        f" OR (c.status = 'arb_review' AND c.acceptance_deadline < {on})"
        f" OR (c.status IN {open_arb} AND c.respondent_copy_deadline < {on})"
        f" OR (c.status IN {open_arb} AND c.tribunal_deadline < {on})"
        f" OR (c.status IN {open_arb} AND c.award_deadline < {on})"
    )
    decided = f"o.decided_on BETWEEN {s} AND {e}"

    def count(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    select = {
        "filed": count(filed),
        "collective": count(f"{filed} AND c.kind = 'collective'"),
        "mediated": count(f"{filed} AND c.mediation_result = 'agreed'"),
        "mediation_failed": count(f"{filed} AND c.mediation_result = 'failed'"),
        "accepted": count(accepted),
        "arbitration_closed": count(arb_closed),
        "closed": count(closed),
        "closed_days": f"SUM(CASE WHEN {closed} THEN {day('c.closed_on')} - {day('c.filed_on')} ELSE 0 END)",
        "overdue": count(overdue),
        "court_consistent": count(f"{decided} AND o.result IN ('upheld', 'set_aside_refused')"),
        "court_decided": count(
            f"{decided} AND o.result IN ('upheld', 'modified', 'reversed', 'set_aside', 'set_aside_refused')"
        ),
        "headcount": f"(SELECT SUM(headcount) FROM {orgs} WHERE kind = 'enterprise' AND region_id LIKE '{PREFIX}%')",
    }
    if groups:
        keyed = {"cause": "c.cause", "industry": "c.industry", "region": "substr(c.region_id, 1, 4)", "month": month}
        for group, keys in group_keys().items():
            for key in keys:
                is_key = f"{keyed[group]} = '{key}'"
                select[f"{group}:{key}:filed"] = count(f"{is_key} AND {filed}")
                select[f"{group}:{key}:mediated"] = count(f"{is_key} AND {filed} AND c.mediation_result = 'agreed'")
                select[f"{group}:{key}:mediation_failed"] = count(
                    f"{is_key} AND {filed} AND c.mediation_result = 'failed'"
                )
                select[f"{group}:{key}:accepted"] = count(f"{is_key} AND {accepted}")
                select[f"{group}:{key}:arbitration_closed"] = count(f"{is_key} AND {arb_closed}")
    names = list(select)
    sql = (
        "SELECT "
        + ", ".join(f"{expr} AS c{i}" for i, expr in enumerate(select.values()))
        + f" FROM {cases} c LEFT JOIN {courts} o ON o.case_id = c.id WHERE c.region_id LIKE '{PREFIX}%'"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        values = cursor.fetchone()
    return {name: int(value or 0) for name, value in zip(names, values, strict=True)}


def service_figures(stats) -> dict:
    """The service's figures under the baseline's names (groups with no case in them are zeros)."""
    out = {
        name: getattr(stats, name)
        for name in (
            "filed", "collective", "mediated", "mediation_failed", "accepted", "arbitration_closed", "closed",
            "closed_days", "overdue", "court_consistent", "court_decided", "headcount",
        )
    }  # fmt: skip
    for group, keys in group_keys().items():
        rows = {row.key: row for row in getattr(stats, f"by_{group}")}
        for key in keys:
            row = rows.get(key)
            for count in ("filed", "mediated", "mediation_failed", "accepted", "arbitration_closed"):
                out[f"{group}:{key}:{count}"] = getattr(row, count) if row else 0
        unknown = set(rows) - set(keys)
        assert not unknown, f"{group} keys the baseline does not know: {unknown}"
    return out


def best_of(repeat: int, func):
    best, result = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with migrated_database("disputes"):
        from django.db import connection

        started = time.perf_counter()
        setup(args.cases, args.enterprises, args.seed)
        with connection.cursor() as cursor:
            # as a live database is after autovacuum: statistics, hint bits, the visibility map
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
            if connection.vendor == "sqlite":  # as a live database is: the bulk write checkpointed
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(
            f"data:     {args.cases:,} cases against {args.enterprises:,} enterprises, "
            f"written in {time.perf_counter() - started:.1f} s (not timed)"
        )
        page_seconds, stats = best_of(args.repeat, service_page)
        sql_seconds, sql = best_of(args.repeat, sql_aggregate)
        headline_seconds, headline = best_of(args.repeat, lambda: sql_aggregate(groups=False))
        mine = service_figures(stats)
        differ = {k: (mine[k], sql[k]) for k in sql if mine.get(k) != sql[k]}
        assert not differ, f"the service and the SQL aggregate disagree: {differ}"
        assert all(mine[k] == v for k, v in headline.items())
        assert stats.filed > 0 or args.cases == 0
        rate = args.cases / page_seconds
        print(
            f"figures:  filed {stats.filed:,}; mediation success {stats.mediation_success_rate}%; "
            f"closure {stats.closure_rate}%; average {stats.average_days_to_close} days to close; "
            f"overdue {stats.overdue:,}; court consistency {stats.consistency_rate}%; "
            f"{stats.per_100_workers} per 100 workers"
        )
        print(
            f"page:     {page_seconds:7.3f} s  {rate:11,.0f} cases/s  (statistics service: headline, "
            f"{len(stats.by_cause)} causes, {len(stats.by_industry)} industries, {len(stats.by_region)} cities, "
            f"{len(stats.by_month)} months)"
        )
        print(
            f"SQL:      {sql_seconds:7.3f} s  {args.cases / sql_seconds:11,.0f} cases/s  "
            f"(one SELECT, {len(sql)} conditional aggregates; figures agree)"
        )
        print(f"ratio:    {page_seconds / sql_seconds:.2f}× the single aggregate")
        print(
            f"headline: {headline_seconds:7.3f} s  (the one SELECT with the {len(headline)} headline figures "
            f"only, no groups: the page is {page_seconds / headline_seconds:.2f}× it)"
        )
        met = page_seconds <= GOAL * sql_seconds
        print(f"goal:     within {GOAL:g}× of the single aggregate: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
