from django.db import migrations

from mutuality.polls.defaults import default_instrument_make


def make_default_instrument(apps, schema_editor):
    """The shared instrument exists before anyone opens a page: the poll editor only reads it."""
    default_instrument_make(
        apps.get_model("polls", "Instrument"), apps.get_model("polls", "Question")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("polls", "0002_frozen_wave_results"),
    ]

    operations = [
        migrations.RunPython(make_default_instrument, migrations.RunPython.noop),
    ]
