# Which partnerships a published run made used to be a column on the partnership
# (partnerships_partnership.match_run_id). It moves here, so the partnership year does not
# depend on match runs; the links are copied before "partnerships" drops the column.

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    PublishedPartnership = apps.get_model("matchruns", "PublishedPartnership")
    db = schema_editor.connection.alias
    rows = Partnership.objects.using(db).filter(match_run__isnull=False)
    PublishedPartnership.objects.using(db).bulk_create(
        PublishedPartnership(partnership_id=pk, run_id=run)
        for pk, run in rows.values_list("pk", "match_run_id")
    )


def copy_links_back(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    PublishedPartnership = apps.get_model("matchruns", "PublishedPartnership")
    db = schema_editor.connection.alias
    for link in PublishedPartnership.objects.using(db).all():
        Partnership.objects.using(db).filter(pk=link.partnership_id).update(
            match_run_id=link.run_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("matchruns", "0001_initial"),
        ("partnerships", "0006_match_run_is_a_job"),
    ]
    # The copy must read the old column before partnerships drops it. Said from this side,
    # so partnerships' migrations never name matchruns.
    run_before = [("partnerships", "0007_match_runs_moved_to_matchruns")]

    operations = [
        migrations.CreateModel(
            name="PublishedPartnership",
            fields=[
                (
                    "partnership",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="partnerships.partnership",
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="published",
                        to="matchruns.matchrun",
                    ),
                ),
            ],
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
