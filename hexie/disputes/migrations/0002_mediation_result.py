from django.db import migrations, models


def fill(apps, schema_editor):
    """Existing cases: the result of their mediation attempts (an agreement wins), else what their
    outcome still says (a case whose attempt rows were lost)."""
    DisputeCase = apps.get_model("disputes", "DisputeCase")
    MediationAttempt = apps.get_model("disputes", "MediationAttempt")
    agreed = MediationAttempt.objects.filter(outcome="agreed").values("case_id")
    failed = MediationAttempt.objects.filter(outcome="failed").values("case_id")
    DisputeCase.objects.filter(pk__in=failed).update(mediation_result="failed")
    DisputeCase.objects.filter(pk__in=agreed).update(mediation_result="agreed")
    DisputeCase.objects.filter(mediation_result="", outcome="mediated").update(mediation_result="agreed")
    DisputeCase.objects.filter(mediation_result="", outcome="mediation_failed").update(mediation_result="failed")


class Migration(migrations.Migration):
    dependencies = [
        ("disputes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="disputecase",
            name="mediation_result",
            field=models.CharField(
                blank=True,
                choices=[("", "未调解"), ("agreed", "达成协议"), ("failed", "调解不成")],
                default="",
                max_length=8,
                verbose_name="调解结果",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
