"""Seed the document templates from the files shipped in templates/documents/shipped/."""

from django.db import migrations


def seed(apps, schema_editor):
    from huikuan.documents.seeds import seed as seed_templates

    seed_templates(apps.get_model("documents", "DocumentTemplate"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
