# Match runs now live in "matchruns" (ADR 0023). The partnership loses its match_run
# column (matchruns 0002 copied the links first); the four moved models leave this app's
# model state only: their tables and data stay, and "matchruns" owns them from here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0006_match_run_is_a_job"),
    ]

    operations = [
        migrations.RemoveField(model_name="partnership", name="match_run"),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveConstraint(model_name="matchrun", name="run_number_per_cohort"),
                migrations.DeleteModel(name="UnmatchedPerson"),
                migrations.DeleteModel(name="ProposedPair"),
                migrations.DeleteModel(name="MatchRun"),
                migrations.DeleteModel(name="MatchingSettings"),
            ],
        ),
    ]
