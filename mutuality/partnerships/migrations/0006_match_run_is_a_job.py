# A match run is a background job (core.models.Job): its progress time is the job's heartbeat.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0005_bind_reflections_to_rows"),
    ]

    operations = [
        migrations.RenameField(
            model_name="matchrun", old_name="progress_at", new_name="heartbeat_at"
        ),
        migrations.AlterField(
            model_name="matchrun",
            name="heartbeat_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the worker last reported progress or was alive.",
                null=True,
            ),
        ),
    ]
