"""Bind every private reflection's ciphertext to its own row (see crypto.py): open each
unbound token with the current keys and seal it again with the row's name inside."""

from django.db import migrations


def bind(apps, schema_editor):
    from mutuality.partnerships.crypto import bind_legacy, row_name

    reflection_model = apps.get_model("partnerships", "Reflection")
    for reflection in reflection_model.objects.only("pk", "ciphertext"):
        bound = bind_legacy(reflection.ciphertext, row=row_name(reflection.pk))
        if bound != reflection.ciphertext:
            reflection.ciphertext = bound
            reflection.save(update_fields=["ciphertext"])


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0004_matchrun_progress_at")]

    operations = [migrations.RunPython(bind, migrations.RunPython.noop)]
