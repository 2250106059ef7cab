"""Seed the Shandong division codes (hexie/core/data/regions-shandong-2023.csv) and the official
holiday schedule shipped in chinese-calendar. Both are reference data every install needs."""

import csv
from pathlib import Path

from django.db import migrations

LEVEL_ORDER = {"province": 0, "city": 1, "county": 2, "township": 3}
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def seed_regions(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    path = Path(__file__).resolve().parent.parent / "data" / "regions-shandong-2023.csv"
    with path.open(encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: (LEVEL_ORDER[r["level"]], r["code"]))
    Region.objects.bulk_create(
        [Region(code=r["code"], name=r["name"], level=r["level"], parent_id=r["parent_code"] or None) for r in rows],
        batch_size=500,
        ignore_conflicts=True,
    )


def seed_calendar(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    days = [CalendarDay(day=d, kind="holiday", name=HOLIDAY_NAMES.get(n, n or "")) for d, n in chinese_calendar.holidays.items()]
    days += [CalendarDay(day=d, kind="workday", name=HOLIDAY_NAMES.get(n, n or "")) for d, n in chinese_calendar.workdays.items()]
    CalendarDay.objects.bulk_create(days, batch_size=500, ignore_conflicts=True)
    years = sorted({d.day.year for d in days})
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source="chinese-calendar") for y in range(years[0], years[-1] + 1)], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [
        migrations.RunPython(seed_regions, migrations.RunPython.noop),
        migrations.RunPython(seed_calendar, migrations.RunPython.noop),
    ]
