"""Benchmark: seeding the demo province, against its time budget (S: 120 s on 2 cores).

    .venv/bin/python bench/demo.py --scale S                 # SQLite, a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hexie .venv/bin/python bench/demo.py --scale M

It never touches the database DATABASE_URL names: it creates a fresh database beside it (a new
PostgreSQL database on the same server, or a temporary SQLite file), migrates it (not timed),
times `hexie.demo.generator.generate`, and drops the database at the end. It prints rows/s and the
ratio of the budget to the time taken (above 1.0: within budget).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import fresh_database  # noqa: E402

BUDGET_SECONDS = {"T": 10, "S": 120, "M": 3600}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="S", choices=sorted(BUDGET_SECONDS))
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HEXIE_VAR_DIR"] = tmp
        _url, drop = fresh_database(Path(tmp), "demo")
        try:
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexie.settings")
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connection

            from hexie.demo.generator import generate

            call_command("migrate", verbosity=0)
            started = time.perf_counter()
            summary = generate(args.scale, args.seed)
            seconds = time.perf_counter() - started
            rows = sum(summary.counts[k] for k in ("offices", "enterprises", "people", "employments"))
            budget = BUDGET_SECONDS[args.scale]
            print(
                f"demo --scale {args.scale} on {connection.vendor}: {seconds:.1f} s, "
                f"{rows:,} rows ({rows / seconds:,.0f} rows/s), {summary.counts}"
            )
            print(f"ratio to the {budget} s budget: {budget / seconds:.2f}")
        finally:
            drop()


if __name__ == "__main__":
    main()
