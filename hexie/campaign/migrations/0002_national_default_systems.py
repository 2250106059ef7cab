"""Install the national default indicator systems (HOP 人社部发〔2023〕2号), version 1, published."""

from django.db import migrations


def install(apps, schema_editor):
    from hexie.campaign.defaults import install_defaults

    install_defaults(apps)


def remove(apps, schema_editor):
    from hexie.campaign.defaults import DEFAULT_SYSTEMS

    IndicatorSystem = apps.get_model("campaign", "IndicatorSystem")
    for data in DEFAULT_SYSTEMS:
        for system in IndicatorSystem.objects.filter(code=data["code"], version=1, owner_region=None):
            if not system.assessments.exists():
                system.indicators.all().delete()
                system.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0001_initial"),
        ("core", "0002_seed_regions_and_calendar"),
    ]

    operations = [migrations.RunPython(install, remove)]
