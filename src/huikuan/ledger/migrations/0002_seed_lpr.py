"""Seed the LPR table from core.law.lpr's published rows (National Interbank Funding Center)."""

from django.db import migrations


def seed(apps, schema_editor):
    from huikuan.core.law.lpr import DEFAULT_LPR_ROWS

    LprRate = apps.get_model("ledger", "LprRate")
    for row in DEFAULT_LPR_ROWS:
        LprRate.objects.get_or_create(
            effective=row.effective,
            defaults={
                "one_year": row.one_year,
                "five_year": row.five_year,
                "source": "National Interbank Funding Center announcement",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
