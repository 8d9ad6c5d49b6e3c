import contextlib
import copy
import os
import shutil
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import transaction

from mutuality.programmes.models import Cohort, CohortRole, Side

from .factories import (
    CohortFactory,
    UserFactory,
    accept_and_send,
    add_participant,
    add_role,
    give_totp,
    submitted_application,
)

# Playwright's sync API runs an event loop in the test thread; browser tests also use the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached reports are keyed by cohort id, and ids come round again in the next test; the
    # database cache's table is not emptied by the flush between browser tests. A test with
    # no database access has no cache to empty.
    with contextlib.suppress(RuntimeError):
        cache.clear()


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _static_without_manifest(settings):
    # The hashed static storage needs collectstatic; tests serve files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class Cast:
    """The people of a role test: one of each kind, around one cohort (``cohort``), and a
    participant of a different programme's cohort (``other_participant``)."""

    cohort: Cohort
    other_cohort: Cohort
    office: object
    programme_manager: object
    faculty: object
    steering: object
    aspiring: object
    established: object
    other_participant: object
    line_manager: object
    other_pair: object  # a participant in the same cohort, in another partnership
    other_faculty: object  # faculty of another cohort
    application: object  # sent by ``applicant``, waiting for the line manager
    applicant: object
    approval_token: str
    partnership: object

    def person(self, name: str):
        """The user a matrix row names; "anonymous" is nobody signed in."""
        return None if name == "anonymous" else getattr(self, name)


def build_cast() -> Cast:
    """Save the people of a role test, around their cohorts and partnerships."""
    cohort = CohortFactory()
    other = CohortFactory()
    office = UserFactory(email="office@icb.example", first_name="Olu", is_staff=True)
    pm = UserFactory(email="pm@icb.example", first_name="Priya")
    faculty = UserFactory(email="faculty@icb.example", first_name="Femi")
    steering = UserFactory(email="steering@council.example", first_name="Sam")
    aspiring = UserFactory(email="aspiring@trust.example", first_name="Ade")
    established = UserFactory(email="established@trust.example", first_name="Erin")
    other_participant = UserFactory(email="other@vcse.example", first_name="Oscar")
    line_manager = UserFactory(email="manager@trust.example", first_name="Lin")
    for user in (office, pm, faculty):
        give_totp(user)
    add_role(cohort, pm, CohortRole.Role.PROGRAMME_MANAGER)
    add_role(cohort, faculty, CohortRole.Role.FACULTY)
    add_role(cohort, steering, CohortRole.Role.STEERING)
    add_participant(cohort, aspiring, Side.ASPIRING)
    add_participant(cohort, established, Side.ESTABLISHED)
    add_participant(other, other_participant, Side.ASPIRING)
    applicant = UserFactory(email="applicant@trust.example", first_name="Ama")
    application = submitted_application(cohort, applicant)
    # The token is only ever emailed; tests make their own link to know it.
    from mutuality.applications.models import ManagerApproval

    application.approvals.update(superseded=True)
    _, token = ManagerApproval.issue(application, days=14)
    # The two participants were accepted and published as a pair.
    from mutuality.partnerships.models import Partnership

    accepted = [
        submitted_application(cohort, aspiring, Side.ASPIRING),
        submitted_application(cohort, established, Side.ESTABLISHED, band="Band 8c"),
    ]
    accept_and_send(accepted, office)
    partnership = Partnership.objects.create(
        cohort=cohort,
        aspiring=cohort.participations.get(user=aspiring),
        established=cohort.participations.get(user=established),
    )
    other_pair = UserFactory(email="otherpair@trust.example", first_name="Obi")
    other_partner = UserFactory(email="otherpartner@council.example", first_name="Ola")
    add_participant(cohort, other_pair, Side.ASPIRING)
    add_participant(cohort, other_partner, Side.ESTABLISHED)
    Partnership.objects.create(
        cohort=cohort,
        aspiring=cohort.participations.get(user=other_pair),
        established=cohort.participations.get(user=other_partner),
    )
    other_faculty = UserFactory(email="otherfaculty@icb.example", first_name="Fola")
    give_totp(other_faculty)
    add_role(other, other_faculty, CohortRole.Role.FACULTY)
    return Cast(
        cohort=cohort,
        other_cohort=other,
        office=office,
        programme_manager=pm,
        faculty=faculty,
        steering=steering,
        aspiring=aspiring,
        established=established,
        other_participant=other_participant,
        line_manager=line_manager,
        application=application,
        applicant=applicant,
        partnership=partnership,
        other_pair=other_pair,
        other_faculty=other_faculty,
        approval_token=token,
    )


@pytest.fixture
def cast(db) -> Cast:
    return build_cast()


@pytest.fixture(scope="module")
def cast_for_the_module(django_db_setup, django_db_blocker):
    """One cast for a whole test module, built once (per xdist worker) inside a transaction
    that is rolled back when the module is done. Use it through a function fixture that
    also asks for ``db`` (see ``shared_cast``): each test then runs in a savepoint inside
    that transaction, so what a test writes is rolled back before the next one."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        # As Django's TestCase marks its own: a view's durable atomic block may nest in it.
        atomic._from_testcase = True
        atomic.__enter__()
        try:
            yield build_cast()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def shared_cast(cast_for_the_module, db) -> Cast:
    """The module's cast for one test. The rows are shared (the test's writes roll back);
    the Python objects are copies, so a test that changes one in memory changes no other."""
    return copy.deepcopy(cast_for_the_module)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium: Playwright cannot download its own browser here."""
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not executable:
        pytest.fail("Browser tests need Chromium: apt-get install chromium (see docs/stack.md).")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": ["--disable-gpu", "--disable-dev-shm-usage", "--no-sandbox"],
    }
