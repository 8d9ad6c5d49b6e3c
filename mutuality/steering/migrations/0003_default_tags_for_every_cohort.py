"""Every cohort gets the default theme tags. They used to be made the first time someone
opened the page for sharing a theme (a write on GET); new cohorts now get them as they are
saved, and this gives them to the cohorts that already exist."""

from django.db import migrations

# The tags as they were when this migration was written (steering.models.DEFAULT_TAGS).
DEFAULT_TAGS = [
    "Meetings culture",
    "Recruitment and promotion",
    "Reasonable adjustments",
    "Line management",
    "Racism and discrimination",
    "Flexible working",
]


def add_default_tags(apps, schema_editor):
    Cohort = apps.get_model("programmes", "Cohort")
    Tag = apps.get_model("steering", "Tag")
    tagged = set(Tag.objects.values_list("cohort_id", flat=True))
    Tag.objects.bulk_create(
        Tag(cohort_id=pk, name=name)
        for pk in Cohort.objects.exclude(pk__in=tagged).values_list("pk", flat=True)
        for name in DEFAULT_TAGS
    )


class Migration(migrations.Migration):
    dependencies = [
        ("steering", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(add_default_tags, migrations.RunPython.noop),
    ]
