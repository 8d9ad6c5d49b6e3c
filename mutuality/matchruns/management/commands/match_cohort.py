from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mutuality.matchruns import services
from mutuality.programmes.models import Cohort


class Command(BaseCommand):
    help = "Match a cohort's accepted applicants, print the pairs and reasons, optionally publish."

    def add_arguments(self, parser):
        parser.add_argument("--cohort", type=int, required=True, help="The cohort's id.")
        parser.add_argument("--publish", action="store_true", help="Publish the run's pairs.")
        parser.add_argument("--by", help="Email of the programme office member doing this.")

    def handle(self, *args, cohort: int, publish: bool, by: str | None, **options):
        try:
            cohort_obj = Cohort.objects.select_related("programme").get(pk=cohort)
        except Cohort.DoesNotExist:
            raise CommandError(f"There is no cohort {cohort}.") from None
        actor = get_user_model().objects.filter(email=by).first() if by else None
        try:
            run = services.run_create(cohort=cohort_obj, by=actor)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if run.status != run.Status.DONE:
            self.stdout.write(f"Run {run.number} is {run.get_status_display().lower()}.")
            return
        self.stdout.write(f"Run {run.number}: {run.pairs.count()} pairs, total {run.total:.3f}")
        for pair in run.pairs.select_related("aspiring__applicant", "established__applicant"):
            self.stdout.write(
                f"  {pair.aspiring.applicant.get_full_name()} + "
                f"{pair.established.applicant.get_full_name()} ({pair.score:.2f}): "
                + "; ".join(pair.reasons)
            )
        for person in run.unmatched.select_related("application__applicant"):
            self.stdout.write(
                f"  not matched: {person.application.applicant.get_full_name()}: {person.reason}"
            )
        if publish:
            try:
                made = services.run_publish(run=run, by=actor)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(f"Published {len(made)} partnerships.")
