"""Scale-out and failure on one machine: several task workers and racing requests on one
PostgreSQL database send every email exactly once, and a worker killed with SIGKILL in the
middle of a batch of emails or a report PDF loses nothing and leaves nothing "running"."""

import os
import signal
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import wait_until

# One worker starts one cluster for every test that needs one (see conftest.py).
pytestmark = pytest.mark.xdist_group("own_postgres")


def queue_emails(pg, count: int, *, prefix: str, twice: bool = False) -> None:
    """``count`` emails queued as the app queues them; ``twice`` hands each to the queue a
    second time, as a retried or duplicated task would."""
    pg.run(
        "from django.db import transaction\n"
        "from mutuality.core.emails import send_after_commit, send_email_task\n"
        "from mutuality.core.models import OutgoingEmail\n"
        f"for n in range({count}):\n"
        "    with transaction.atomic():\n"
        "        send_after_commit(to='p@example.org', subject=f'" + prefix + "{n}',\n"
        "            template='session_reminder.txt',\n"
        "            context={'session': {'title': 'Lab'}, 'link': 'https://x.example/'})\n"
        f"if {twice}:\n"
        f"    for pk in OutgoingEmail.objects.filter(subject__startswith='{prefix}')"
        ".values_list('pk', flat=True):\n"
        "        send_email_task.enqueue(email_id=pk)\n"
    )


def sent(pg) -> Counter:
    if not pg.mail_log.exists():
        return Counter()
    lines = pg.mail_log.read_text().splitlines()
    return Counter(line.removeprefix("sent ") for line in lines if line.startswith("sent "))


def started(pg) -> list[str]:
    if not pg.mail_log.exists():
        return []
    return [line for line in pg.mail_log.read_text().splitlines() if line.startswith("start ")]


def unsent(pg) -> int:
    return int(
        pg.run(
            "from mutuality.core.models import OutgoingEmail\n"
            "print(OutgoingEmail.objects.exclude(status='sent').count())"
        )
    )


def test_two_workers_on_one_queue_send_each_email_once(pg):
    queue_emails(pg, 30, prefix="pair-", twice=True)  # 60 tasks for 30 emails
    env = {"OPS_MAIL_LOG": str(pg.mail_log), "OPS_SLOW_SECONDS": "0.05"}
    pg.start_worker(**env)
    pg.start_worker(**env)
    assert wait_until(lambda: sum(sent(pg).values()) >= 30 and unsent(pg) == 0)
    # Let the duplicate tasks run too, then look.
    assert wait_until(
        lambda: (
            pg.run(
                "from django_tasks_db.models import DBTaskResult\n"
                "print(DBTaskResult.objects.exclude(status='SUCCESSFUL').count())"
            ).strip()
            == "0"
        )
    )
    counts = sent(pg)
    assert sorted(counts) == sorted(f"pair-{n}" for n in range(30))
    assert set(counts.values()) == {1}
    workers = pg.run(
        "from django_tasks_db.models import DBTaskResult\n"
        "ids = set()\n"
        "for r in DBTaskResult.objects.all():\n"
        "    ids.update(r.worker_ids)\n"
        "print(len(ids))"
    )
    assert int(workers) == 2  # both workers took tasks from the one queue


def test_racing_requests_queue_a_keyed_email_once(pg):
    """Two processes ask for the same keyed messages at the same moment (two app servers,
    or send_reminders run twice): the unique key lets each through once."""
    code = (
        "from django.db import transaction\n"
        "from mutuality.core.emails import send_after_commit\n"
        "queued = 0\n"
        "for n in range(40):\n"
        "    with transaction.atomic():\n"
        "        queued += send_after_commit(to='p@example.org', subject=f'race-{n}',\n"
        "            template='session_reminder.txt', key=f'race:{n}',\n"
        "            context={'session': {'title': 'Lab'}, 'link': 'https://x.example/'})\n"
        "print(queued)"
    )
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: int(pg.run(code)), range(2)))
    assert sum(results) == 40
    pg.start_worker(OPS_MAIL_LOG=str(pg.mail_log))
    assert wait_until(lambda: unsent(pg) == 0)
    counts = sent(pg)
    assert len(counts) == 40 and set(counts.values()) == {1}


def test_a_worker_killed_mid_batch_loses_no_email_and_sends_none_twice(pg):
    queue_emails(pg, 12, prefix="batch-")
    env = {"OPS_MAIL_LOG": str(pg.mail_log), "OPS_SLOW_SECONDS": "1.0"}
    first = pg.start_worker(**env)
    # Kill it while it talks to the mail server about its fourth message (its task and its
    # recovery pass may both be sending: they never take the same row).
    assert wait_until(lambda: len(started(pg)) >= 4, step=0.02)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    interrupted = started(pg)[-1].removeprefix("start ")
    before = sent(pg)
    assert interrupted not in before and sum(before.values()) < 12

    env["OPS_SLOW_SECONDS"] = "0.05"
    pg.start_worker(**env)
    assert wait_until(lambda: unsent(pg) == 0)
    counts = sent(pg)
    assert sorted(counts) == sorted(f"batch-{n}" for n in range(12))
    assert set(counts.values()) == {1}


def test_a_report_whose_worker_is_killed_says_it_failed(pg):
    report = pg.run(
        "from tests.factories import CohortFactory, UserFactory\n"
        "from django.db import transaction\n"
        "from mutuality.evaluation.models import ReportFile\n"
        "from mutuality.evaluation.tasks import make_report_file\n"
        "with transaction.atomic():\n"
        "    f = ReportFile.objects.create(cohort=CohortFactory(),"
        " requested_by=UserFactory(is_staff=True))\n"
        "    transaction.on_commit(lambda: make_report_file.enqueue(f.pk))\n"
        "print(f.pk)"
    ).strip()

    def state() -> list[str]:
        return pg.run(
            "from mutuality.evaluation.models import ReportFile\n"
            f"f = ReportFile.objects.get(pk={report})\n"
            "print(f.status)\nprint(f.error)"
        ).splitlines()

    first = pg.start_worker(OPS_SLOW_SECONDS="60")
    assert wait_until(lambda: state()[0] == "running", step=0.2)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert state()[0] == "running"  # nobody could say otherwise yet

    pg.start_worker(OPS_SLOW_SECONDS="0")
    assert wait_until(lambda: state()[0] == "failed", timeout=60, step=0.5)
    assert "background worker stopped" in "\n".join(state())


def test_send_reminders_run_twice_at_the_same_moment_reminds_each_person_once(pg):
    """Two daily timers (or two machines) run the reminders at the same instant."""
    pg.run(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from tests.factories import CohortFactory, UserFactory, add_participant\n"
        "from mutuality.timeline.models import Invitation, Session\n"
        "cohort = CohortFactory(status='running')\n"
        "session = Session.objects.create(cohort=cohort, kind='learning_lab',"
        " title='Race lab', starts_at=timezone.now() + timedelta(days=1))\n"
        "for n in range(25):\n"
        "    person = UserFactory()\n"
        "    add_participant(cohort, person)  # reminders go only to people taking part\n"
        "    Invitation.objects.create(session=session, user=person)\n"
    )
    start_at = time.time() + 6  # both processes are set up by then
    code = (
        "import time\n"
        "from mutuality.timeline.services import send_session_reminders\n"
        f"time.sleep(max(0, {start_at} - time.time()))\n"
        "print(send_session_reminders())"
    )
    with ThreadPoolExecutor(2) as pool:
        counts = list(pool.map(lambda _: int(pg.run(code)), range(2)))
    assert sum(counts) == 25
    pg.start_worker(OPS_MAIL_LOG=str(pg.mail_log))
    assert wait_until(lambda: unsent(pg) == 0 and sum(sent(pg).values()) >= 25)
    assert sent(pg) == Counter({"Reminder: Race lab": 25})
