from django.db import migrations

FOCUS_AREAS = [
    "Race and ethnicity",
    "Neurodiversity",
    "Disability",
    "Sexual orientation",
    "Gender identity",
    "Religion or belief",
    "Social mobility and lived experience of disadvantage",
    "Intersectional",
]


def add_focus_areas(apps, schema_editor):
    FocusArea = apps.get_model("programmes", "FocusArea")
    for name in FOCUS_AREAS:
        FocusArea.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(add_focus_areas, migrations.RunPython.noop)]
