"""Benchmark: importing a 100,000-row workers .xlsx against PostgreSQL's COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hexie .venv/bin/python bench/import.py --rows 100000
    .venv/bin/python bench/import.py --rows 20000              # SQLite: the import rate only

It never touches the database DATABASE_URL names: it creates a fresh database beside it (a new
PostgreSQL database on the same server, or a temporary SQLite file), migrates it, and drops it at
the end; uploads go to a temporary folder.

1. creates enterprises across Shandong's counties and a province officer to import as;
2. writes a workers .xlsx (valid ID numbers from hexie.demo.identity, dates as date cells, strings
   shared as Excel writes them, or inline with --strings inline) — not timed;
3. times the whole import job: upload checks, read, parse, validate, encrypt, write, commit;
4. (PostgreSQL) takes the very rows the import wrote, empties the two tables, and times COPY of
   them back, in one transaction, into the same tables with the same indexes and constraints;
5. prints rows/s of both and the ratio; the goal is an import at >= 0.30 of COPY's rate.
"""

import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import fresh_database  # noqa: E402

GOAL = 0.30


def setup_world(enterprise_count: int, seed: int):
    from django.contrib.auth import get_user_model

    from hexie.core.models import Membership, Organization, Region
    from hexie.demo.identity import make_uscc

    rng = random.Random(seed)
    counties = list(Region.objects.filter(level=Region.Level.COUNTY).values_list("code", flat=True))
    office = Organization.objects.create(
        kind=Organization.Kind.GOVERNMENT,
        name="山东省人力资源和社会保障厅",
        uscc=make_uscc(rng, "370000", registrar="1"),
        region_id="370000",
    )
    user = get_user_model().objects.create_user("bench-province", password="bench-only-password-2026")
    Membership.objects.create(user=user, organization=office, role="staff")
    taken: set[str] = set()
    enterprises = []
    while len(enterprises) < enterprise_count:
        region = rng.choice(counties)
        code = make_uscc(rng, region)
        if code in taken:
            continue
        taken.add(code)
        enterprises.append(
            Organization(
                kind=Organization.Kind.ENTERPRISE,
                name=f"基准测试企业{len(enterprises)}有限公司",
                uscc=code,
                region_id=region,
                industry="C",
            )
        )
    Organization.objects.bulk_create(enterprises, batch_size=5000)
    return user, [(e.uscc, e.region_id) for e in enterprises]


def write_workbook(path: Path, rows: int, enterprises: list[tuple[str, str]], seed: int, strings: str) -> None:
    import openpyxl

    from hexie.core.imports import WorkerImporter
    from hexie.demo.birthplaces import birth_code
    from hexie.demo.identity import make_id_number, make_mobile

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([c.header for c in WorkerImporter.columns])
    kinds = ["劳动合同用工"] * 8 + ["劳务派遣", "非全日制用工"]
    positions = ["装配工", "焊工", "质检员", "仓管员", "司机", "会计", "销售", "厨师", "保洁员", "技术员"]
    surnames, given = (
        "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗",
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英",
    )
    seen: set[str] = set()
    while len(seen) < rows:
        uscc, region = rng.choice(enterprises)
        male = rng.random() < 0.55
        birth = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 38))
        place = birth_code(rng, (region[:4], region[:2]), birth.year)  # a county that existed then
        number = make_id_number(rng, place, birth, "M" if male else "F")
        if number in seen:
            continue
        seen.add(number)
        start = date(2012, 1, 1) + timedelta(days=rng.randrange(365 * 14))
        end = start + timedelta(days=rng.randrange(30, 2000)) if rng.random() < 0.15 else None
        sheet.append(
            [
                rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2)))),
                number,
                make_mobile(rng),
                uscc,
                rng.choice(kinds),
                rng.choice(positions),
                start,
                end,
            ]
        )
    book.save(path)
    if strings == "shared":
        share_strings(path)


def share_strings(path: Path) -> None:
    """Move the workbook's strings into a shared-strings table, as Excel and WPS save them
    (openpyxl writes them inline in each cell)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item) for item in source.infolist()}
    sheet_name = next(name for name in parts if name.startswith("xl/worksheets/"))
    index: dict[bytes, int] = {}

    def share(match) -> bytes:
        position = index.setdefault(match[2], len(index))
        return b"<c" + match[1] + b' t="s"><v>' + str(position).encode() + b"</v></c>"

    parts[sheet_name] = re.sub(rb'<c([^>]*?) t="inlineStr"><is><t>([^<]*)</t></is></c>', share, parts[sheet_name])
    table = b"".join(b"<si><t>" + text + b"</t></si>" for text in index)
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
        % (len(index), len(index))
        + table
        + b"</sst>"
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        (
            b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" '
            b'Target="sharedStrings.xml" Id="rIdStrings"/></Relationships>'
        ),
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        (
            b'<Override PartName="/xl/sharedStrings.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        ),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def encryption_seconds(rows: int) -> float:
    """What encrypting `rows` ID numbers and phone numbers costs, alone (per row, AES-GCM)."""
    from hexie.core import crypto

    encrypt = crypto.cipher().encrypt
    started = time.perf_counter()
    for index in range(rows):
        encrypt(f"37010219900517{index % 10000:04d}")
        encrypt(f"1380000{index % 10000:04d}")
    return time.perf_counter() - started


def copy_baseline() -> tuple[float, int]:
    """Time COPY of the imported rows back into the emptied tables (same indexes and constraints)."""
    from django.db import connection, transaction

    from hexie.core.imports import WorkerImporter
    from hexie.core.models import Employment, Person

    person_columns = ("id", *WorkerImporter.PERSON_COLUMNS)
    employment_columns = WorkerImporter.EMPLOYMENT_COLUMNS
    people = list(Person.objects.order_by("id").values_list(*person_columns))
    employments = list(Employment.objects.order_by("id").values_list(*employment_columns))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quote(Employment._meta.db_table)}, {quote(Person._meta.db_table)} CASCADE")
        cursor.execute("VACUUM ANALYZE")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for model, columns, rows in (
            (Person, person_columns, people),
            (Employment, employment_columns, employments),
        ):
            names = ", ".join(quote(c) for c in columns)
            with cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    return time.perf_counter() - started, len(people)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--enterprises", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--strings",
        choices=("shared", "inline"),
        default="shared",
        help="shared: as Excel and WPS save a workbook (default); inline: as openpyxl does",
    )
    parser.add_argument("--profile", action="store_true", help="print the import's cProfile top 25")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hexie-bench-") as tmp_name:
        tmp = Path(tmp_name)
        url, drop = fresh_database(tmp, "import")
        os.environ["HEXIE_MEDIA_ROOT"] = str(tmp / "media")
        os.environ["HEXIE_JOBS_MODE"] = "sync"
        os.environ["HEXIE_UPLOAD_MAX_MB"] = "200"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hexie.settings")
        import django

        django.setup()
        from django.core.files import File
        from django.core.management import call_command
        from django.db import connection

        from hexie.core.attachments import save_upload
        from hexie.core.imports import start_import
        from hexie.core.models import Employment, Job, Person

        try:
            print(f"database: {connection.vendor} ({urlsplit(url).path.lstrip('/')}, created for this run)")
            call_command("migrate", verbosity=0)
            user, enterprises = setup_world(args.enterprises, args.seed)
            path = tmp / "workers.xlsx"
            started = time.perf_counter()
            write_workbook(path, args.rows, enterprises, args.seed, args.strings)
            print(
                f"workbook: {args.rows:,} rows, {args.strings} strings, {path.stat().st_size / 1e6:.1f} MB, "
                f"written in {time.perf_counter() - started:.1f} s (not timed)"
            )

            profiler = cProfile.Profile() if args.profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            with path.open("rb") as stream:
                attachment = save_upload(File(stream, name=path.name), user=user)
            job = start_import("workers", attachment, user)
            if profiler:
                profiler.disable()
            seconds = time.perf_counter() - started
            if job.status != Job.Status.DONE or not job.result.get("valid"):
                print("import failed:", job.error or job.result.get("message"), job.result.get("errors", [])[:5])
                return 1
            assert Person.objects.count() == args.rows and Employment.objects.count() == args.rows
            rate = args.rows / seconds
            phases = ", ".join(f"{k} {v:.2f} s" for k, v in job.result.get("seconds", {}).items())
            print(f"import:   {seconds:7.2f} s  {rate:9,.0f} rows/s  ({phases})")
            if profiler:
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            print(
                f"          of which AES-GCM encryption of ID and phone: "
                f"{encryption_seconds(args.rows):.2f} s (measured apart: two values a worker)"
            )
            if connection.vendor != "postgresql":
                print("COPY baseline needs PostgreSQL: run with DATABASE_URL=postgres://…")
                return 0
            copy_seconds, copied = copy_baseline()
            copy_rate = copied / copy_seconds
            ratio = rate / copy_rate
            print(f"COPY:     {copy_seconds:7.2f} s  {copy_rate:9,.0f} rows/s  (person + employment, prepared values)")
            print(f"ratio:    {ratio:.2f} of COPY (goal >= {GOAL:.2f}: {'met' if ratio >= GOAL else 'NOT met'})")
            return 0
        finally:
            drop()


if __name__ == "__main__":
    sys.exit(main())
