# Match runs move out of "partnerships" into their own app (ADR 0023). Their tables stay
# where they are, with their data: this migration only tells Django's model state that the
# models now belong to "matchruns" (their db_table keeps the old names), and moves their
# content types so permissions and admin history follow them.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["matchingsettings", "matchrun", "proposedpair", "unmatchedperson"]


def move_content_types(apps, schema_editor, old="partnerships", new="matchruns"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            continue
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="matchruns", new="partnerships")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("applications", "0004_about_me_shared_only_when_ticked"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partnerships", "0006_match_run_is_a_job"),
        ("programmes", "0009_programme_retention_months"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="MatchingSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("weights", models.JSONField(blank=True, default=dict)),
                        (
                            "different_organisation",
                            models.BooleanField(
                                default=True,
                                verbose_name="never pair people from the same organisation",
                            ),
                        ),
                        (
                            "min_gap",
                            models.PositiveSmallIntegerField(
                                blank=True,
                                help_text="Band steps from the aspiring up to the established leader. Empty: no limit.",
                                null=True,
                                verbose_name="smallest seniority gap",
                            ),
                        ),
                        (
                            "pinned",
                            models.JSONField(
                                blank=True, default=list, help_text="[aspiring id, established id]"
                            ),
                        ),
                        ("forbidden", models.JSONField(blank=True, default=list)),
                        (
                            "cohort",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="matching",
                                to="programmes.cohort",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "partnerships_matchingsettings",
                    },
                ),
                migrations.CreateModel(
                    name="MatchRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("stage", models.CharField(blank=True, max_length=20)),
                        ("percent", models.PositiveSmallIntegerField(default=0)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "heartbeat_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="When the worker last reported progress or was alive.",
                                null=True,
                            ),
                        ),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        ("error", models.TextField(blank=True)),
                        ("number", models.PositiveIntegerField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Waiting to run"),
                                    ("running", "Running"),
                                    ("done", "Ready to review"),
                                    ("failed", "Failed"),
                                    ("published", "Published"),
                                ],
                                default="queued",
                                max_length=20,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("settings_used", models.JSONField(default=dict)),
                        (
                            "inputs_version",
                            models.CharField(
                                help_text="A fingerprint of everyone's answers when the run was made.",
                                max_length=64,
                            ),
                        ),
                        ("people", models.PositiveIntegerField(default=0)),
                        ("total", models.FloatField(null=True)),
                        ("exact", models.BooleanField(default=True)),
                        ("warnings", models.JSONField(blank=True, default=list)),
                        ("published_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "cohort",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="match_runs",
                                to="programmes.cohort",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "published_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "partnerships_matchrun",
                        "ordering": ["-number"],
                    },
                ),
                migrations.CreateModel(
                    name="ProposedPair",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("score", models.FloatField()),
                        ("components", models.JSONField(default=dict)),
                        ("reasons", models.JSONField(default=list)),
                        ("pinned", models.BooleanField(default=False)),
                        (
                            "aspiring",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="applications.application",
                            ),
                        ),
                        (
                            "established",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="applications.application",
                            ),
                        ),
                        (
                            "run",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="pairs",
                                to="matchruns.matchrun",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "partnerships_proposedpair",
                        "ordering": ["-score"],
                    },
                ),
                migrations.CreateModel(
                    name="UnmatchedPerson",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("reason", models.TextField()),
                        ("excluded", models.JSONField(default=dict)),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="applications.application",
                            ),
                        ),
                        (
                            "run",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="unmatched",
                                to="matchruns.matchrun",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "partnerships_unmatchedperson",
                    },
                ),
                migrations.AddConstraint(
                    model_name="matchrun",
                    constraint=models.UniqueConstraint(
                        fields=("cohort", "number"), name="run_number_per_cohort"
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
