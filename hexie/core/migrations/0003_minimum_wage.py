"""The minimum-wage table (最低工资标准) and its Shandong seed (see /work/shared/RULES.md, "Minimum wage").

What the seed knows and does not know:

- Confirmed: Shandong's first tier is ¥2,200 a month. The Dongying seed document (东营市人社局,
  "多举措推动新时代和谐劳动关系创新发展") says every county and development zone of Dongying applies
  "省第一档最低月工资标准2200元", so Dongying (370500) gets a tier-1 row at ¥2,200, `confirmed`.
  Its hourly figure (¥22) is the unconfirmed tier-1 hourly figure below: the document gives no
  hourly rate.
- Unconfirmed: the 2023-10-01 tiers ¥2,200 / 2,010 / 1,820 a month and ¥22 / 20 / 18 an hour. The
  official list of which city or county sits in which tier is not known here, so the province
  (370000) gets ONE row with the lowest tier (三类, ¥1,820 / ¥18) as the province-wide floor, marked
  unconfirmed: a check against it never over-states the minimum. Staff add the city and county
  rows of the official tier list on the 最低工资 page; a more specific row always wins.
- Both rows take effect on 2023-10-01, the date of the current Shandong standard.
"""

from datetime import date
from decimal import Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


EFFECTIVE = date(2023, 10, 1)
SEED = [
    # region, tier, monthly, hourly, source, confirmed
    ("370000", 3, "1820.00", "18.00", "山东省2023年10月1日起最低工资标准（第三档，待核实）", False),
    ("370500", 1, "2200.00", "22.00", "东营市人社局：东营市执行省第一档最低月工资标准2200元", True),
]


def seed_shandong(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    MinimumWage = apps.get_model("core", "MinimumWage")
    for code, tier, monthly, hourly, source, confirmed in SEED:
        if not Region.objects.filter(code=code).exists():
            continue
        MinimumWage.objects.get_or_create(
            region_id=code,
            effective_from=EFFECTIVE,
            defaults={
                "tier": tier,
                "monthly": Decimal(monthly),
                "hourly": Decimal(hourly),
                "source": source,
                "confirmed": confirmed,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_seed_regions_and_calendar"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MinimumWage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "tier",
                    models.PositiveSmallIntegerField(
                        choices=[(1, "一类"), (2, "二类"), (3, "三类")], verbose_name="档次"
                    ),
                ),
                ("monthly", models.DecimalField(decimal_places=2, max_digits=9, verbose_name="月最低工资（元）")),
                ("hourly", models.DecimalField(decimal_places=2, max_digits=7, verbose_name="小时最低工资（元）")),
                ("effective_from", models.DateField(verbose_name="执行日期")),
                ("source", models.CharField(blank=True, max_length=128, verbose_name="文件依据")),
                ("confirmed", models.BooleanField(default=False, verbose_name="已核实")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="minimum_wages",
                        to="core.region",
                        verbose_name="地区",
                    ),
                ),
            ],
            options={
                "verbose_name": "最低工资标准",
                "verbose_name_plural": "最低工资标准",
                "ordering": ["region_id", "-effective_from"],
                "constraints": [
                    models.UniqueConstraint(fields=("region", "effective_from"), name="minimum_wage_region_date"),
                    models.CheckConstraint(
                        condition=models.Q(("hourly__gt", 0), ("monthly__gt", 0), ("tier__gte", 1), ("tier__lte", 3)),
                        name="minimum_wage_positive",
                    ),
                ],
            },
        ),
        migrations.RunPython(seed_shandong, migrations.RunPython.noop),
    ]
