"""Scale-out on one machine: two app servers (gunicorn, two workers each) and two task
workers on one PostgreSQL database. Line managers' answers sent to both servers at the same
moment are recorded once each, and the emails they cause are sent once each."""

import json
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import pytest

from .conftest import ROOT, _free_port, wait_until

GUNICORN = Path(sys.executable).parent / "gunicorn"
APPLICANTS = 8

pytestmark = [
    pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed"),
    # One worker starts one cluster for every test that needs one (see conftest.py).
    pytest.mark.xdist_group("own_postgres"),
]


def start_app_server(pg, port: int, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn and module
        [
            str(GUNICORN), "mutuality.wsgi", "--workers", "2", "--preload",
            "--bind", f"127.0.0.1:{port}", "--access-logfile", str(log),
            "--access-logformat", "%(m)s %(U)s %(s)s",
        ],
        env=pg.env(OPS_MAIL_LOG=str(pg.mail_log), DJANGO_ALLOWED_HOSTS="127.0.0.1"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    pg.workers.append(process)  # stopped with the task workers at the end of the test

    def answering() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return False
        return True

    assert wait_until(answering, timeout=90, step=0.3), "gunicorn did not start"
    return process


def request(port: int, method: str, path: str, *, cookie: str = "", form=None):
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": f"127.0.0.1:{port}", "Cookie": cookie}
    body = None
    if form is not None:
        body = urlencode(form)
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{port}",
            "Referer": f"http://127.0.0.1:{port}{path}",
        }
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        connection.close()


def mail_to(pg) -> Counter:
    if not pg.mail_log.exists():
        return Counter()
    lines = pg.mail_log.read_text().splitlines()
    return Counter(line.removeprefix("to ") for line in lines if line.startswith("to "))


def test_answers_racing_to_two_app_servers_count_once_and_email_once(pg, tmp_path):
    made = json.loads(
        pg.run(
            "import json\n"
            "from tests.factories import CohortFactory, UserFactory, add_role,"
            " submitted_application\n"
            "cohort = CohortFactory()\n"
            "manager = UserFactory(email='team@ics.example')\n"
            "add_role(cohort, manager, 'programme_manager')\n"
            "links = []\n"
            f"for n in range({APPLICANTS}):\n"
            "    person = UserFactory(email=f'applicant{n}@trust.example')\n"
            "    application = submitted_application(cohort, person)\n"
            "    approval = application.approvals.get(decision='pending', superseded=False)\n"
            "    links.append([approval.mint(), person.email])\n"
            "print(json.dumps(links))"
        )
    )
    first, second = _free_port(), _free_port()
    start_app_server(pg, first, tmp_path / "first.log")
    start_app_server(pg, second, tmp_path / "second.log")

    def race(link):
        token, _ = link
        path = f"/approve/{token}/"
        status, set_cookie, page = request(first, "GET", path)
        assert status == 200, page[-2000:]
        csrf_cookie = set_cookie.split(";")[0]
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

        def answer(port_and_decision):
            port, decision = port_and_decision
            form = {"csrfmiddlewaretoken": csrf, "decision": decision, "comment": ""}
            return request(port, "POST", path, cookie=csrf_cookie, form=form)

        with ThreadPoolExecutor(2) as both:
            answers = list(both.map(answer, [(first, "approve"), (second, "decline")]))
        return [("Thank you" in page, "no longer works" in page) for _, _, page in answers]

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(race, made))

    winners = []
    for (approve_won, approve_refused), (decline_won, decline_refused) in outcomes:
        # One answer is thanked, the other told the link was used: never both, never neither.
        assert approve_won != decline_won
        assert approve_refused == (not approve_won) and decline_refused == (not decline_won)
        winners.append("approved" if approve_won else "declined")

    recorded = json.loads(
        pg.run(
            "import json\n"
            "from mutuality.applications.models import ManagerApproval\n"
            "from mutuality.audit.models import AuditEvent\n"
            "print(json.dumps({\n"
            "    'decisions': [a.decision for a in ManagerApproval.objects.filter(\n"
            "        application__applicant__email__startswith='applicant')\n"
            "        .order_by('application__applicant__email')],\n"
            "    'audited': AuditEvent.objects.filter(action='approval.decided').count(),\n"
            "}))"
        )
    )
    by_email = dict(zip([email for _, email in made], winners, strict=True))
    assert recorded["decisions"] == [by_email[email] for email in sorted(by_email)]
    assert recorded["audited"] == APPLICANTS

    # Both servers took requests; nothing failed on either.
    for log in ("first.log", "second.log"):
        lines = (tmp_path / log).read_text().splitlines()
        assert any(line.startswith("POST /approve/") for line in lines)
        assert not any(line.endswith((" 500", " 502", " 503")) for line in lines)

    pg.start_worker(OPS_MAIL_LOG=str(pg.mail_log))
    pg.start_worker(OPS_MAIL_LOG=str(pg.mail_log))

    def all_sent() -> bool:
        left = pg.run(
            "from mutuality.core.models import OutgoingEmail\n"
            "print(OutgoingEmail.objects.exclude(status='sent').count())"
        )
        return left.strip() == "0" and sum(mail_to(pg).values()) >= 2 * APPLICANTS

    assert wait_until(all_sent, timeout=180, step=0.5)
    time.sleep(2)  # any duplicate would have been sent by now
    received = mail_to(pg)
    for email, outcome in by_email.items():
        verb = "approved" if outcome == "approved" else "did not approve"
        assert received[f"{email} Line manager {verb} an application"] == 1
    team = sum(n for line, n in received.items() if line.startswith("team@ics.example Line"))
    assert team == APPLICANTS
