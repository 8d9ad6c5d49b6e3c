"""Production mode for real: gunicorn with several worker processes (recycled every few
requests, so no count can hide in one process's memory), a throwaway SQLite database, the
shared database cache, demo mode off, and mail to a local SMTP sink.

It proves what unit tests cannot: wrong sign-in codes are counted across workers (the
eleventh is refused whichever process answers) and the security headers and cookie names
are on the wire.
"""

import http.client
import os
import re
import secrets
import shutil
import socket
import socketserver
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path
from urllib.parse import urlencode

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
HOST = "mentoring.icb.example"
OFFICE = "office@icb.example"
BEA = "bea@trust.example"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
GUNICORN = Path(sys.executable).parent / "gunicorn"

pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to take Django's mail and keep it for the test."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        self.messages: list[bytes] = []
        super().__init__(("127.0.0.1", 0), SmtpHandler)


class SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                body = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                self.server.messages.append(body)
                self.wfile.write(b"250 kept\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class Browser:
    """One person's browser: keeps cookies, sends the proxy's headers, follows nothing."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.csrf_token, **form}
            body = urlencode(form)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{path}",
            }
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode()
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(header)
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ('""', "") or "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        if match:
            self.csrf_token = match[1]
        return response

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, form: dict):
        return self.request("POST", path, form)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    sink = SmtpSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MUTUALITY_"))}
    base.pop("DATABASE_URL", None)
    env = {
        **base,
        "MUTUALITY_DEMO": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{tmp / 'prod.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "MUTUALITY_REFLECTION_KEYS": Fernet.generate_key().decode(),
        "MUTUALITY_MFA_KEYS": Fernet.generate_key().decode(),
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(sink.server_address[1]),
        "DJANGO_EMAIL_USE_TLS": "false",
        "MUTUALITY_TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "PYTHONPATH": str(ROOT),
    }
    manage = [sys.executable, "manage.py"]
    for args in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*manage, *args], cwd=ROOT, env=env, check=True, timeout=300)  # noqa: S603
    make_people = (
        "from allauth.mfa.totp.internal.auth import TOTP;"
        "from mutuality.accounts.services import user_get_or_create as make;"
        f"office, _ = make(email='{OFFICE}', first_name='Olu', last_name='Ade', is_staff=True);"
        f"TOTP.activate(office, '{TOTP_SECRET}');"
        f"make(email='{BEA}', first_name='Bea', last_name='Lund')"
    )
    subprocess.run(  # noqa: S603
        [*manage, "shell", "-c", make_people], cwd=ROOT, env=env, check=True, timeout=120
    )
    port = free_port()
    access_log = tmp / "access.log"
    process = subprocess.Popen(  # noqa: S603
        [
            str(GUNICORN),
            "mutuality.wsgi",
            "--workers",
            "3",
            # Each worker is replaced after a few requests: a count kept in one process's
            # memory could not survive this.
            "--max-requests",
            "3",
            # As the example unit runs it: the master warms up once and workers inherit it.
            "--preload",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(p)s %(m)s %(U)s %(s)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "gunicorn.err", "w"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    try:
        yield {"port": port, "sink": sink, "access_log": access_log, "tmp": tmp}
    finally:
        process.terminate()
        process.wait(timeout=30)
        sink.shutdown()
        shutil.rmtree(tmp / "static", ignore_errors=True)


def latest_code(sink: SmtpSink, email: str) -> str:
    for raw in reversed(sink.messages):
        message = message_from_bytes(raw)
        if email in message["To"]:
            body = message.get_payload(decode=True) if not message.is_multipart() else None
            if body is None:
                body = message.get_payload(0).get_payload(decode=True)
            return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})\r?$", body.decode(), re.MULTILINE)[1]
    raise AssertionError(f"no code was sent to {email}")


def pids_for(access_log: Path, path: str) -> set[str]:
    return {
        line.split()[0]
        for line in access_log.read_text().splitlines()
        if line.split()[1:3] == ["POST", path]
    }


CONFIRM = "/accounts/login/code/confirm/"
AUTHENTICATE = "/accounts/2fa/authenticate/"


def totp(secret: str, *, right: bool) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    return code if right else ("000000" if code != "000000" else "111111")


def ask_for_code(browser: Browser, email: str):
    assert browser.get("/accounts/login/code/").status == 200
    return browser.post("/accounts/login/code/", {"email": email})


def test_the_eleventh_wrong_code_is_refused_whichever_worker_answers(server):
    office = Browser(server["port"])
    assert ask_for_code(office, OFFICE).status == 302
    assert office.get(CONFIRM).status == 200
    for _ in range(2):
        assert "Incorrect code" in office.post(CONFIRM, {"code": "ZZZZ-ZZZZ"}).text
    code = latest_code(server["sink"], OFFICE)
    response = office.post(CONFIRM, {"code": code})
    assert response.getheader("Location") == AUTHENTICATE
    assert office.get(AUTHENTICATE).status == 200
    for _ in range(8):  # ten wrong codes in all, emailed and authenticator
        response = office.post(AUTHENTICATE, {"code": totp(TOTP_SECRET, right=False)})
        assert "Incorrect code" in response.text
    # The eleventh: the right authenticator code, refused.
    response = office.post(AUTHENTICATE, {"code": totp(TOTP_SECRET, right=True)})
    assert response.status == 200
    assert "Too many failed login attempts" in response.text

    # A right emailed code in a fresh browser is refused as well.
    fresh = Browser(server["port"])
    assert ask_for_code(fresh, OFFICE).status == 302
    fresh.get(CONFIRM)
    response = fresh.post(CONFIRM, {"code": latest_code(server["sink"], OFFICE)})
    assert response.status == 200
    assert "Too many failed login attempts" in response.text

    answered_by = pids_for(server["access_log"], CONFIRM) | pids_for(
        server["access_log"], AUTHENTICATE
    )
    assert len(answered_by) >= 3, "several worker processes answered"


def test_signed_in_pages_carry_the_security_headers_and_host_cookies(server):
    bea = Browser(server["port"])
    start = bea.get("/")
    policy = start.getheader("Content-Security-Policy")
    assert "script-src 'self' 'sha256-" in policy
    assert "unsafe-inline" not in re.search(r"script-src ([^;]+)", policy)[1]
    assert start.getheader("X-Request-ID")

    assert ask_for_code(bea, BEA).status == 302
    bea.get(CONFIRM)
    response = bea.post(CONFIRM, {"code": latest_code(server["sink"], BEA)})
    assert response.status == 302
    home = bea.get("/")
    assert home.status == 200
    assert "Hello, Bea" in home.text
    assert "no-store" in home.getheader("Cache-Control")
    assert home.getheader("Content-Security-Policy") == policy
    assert home.getheader("Strict-Transport-Security")

    names = {header.split("=", 1)[0] for header in bea.set_cookie_headers}
    assert names == {"__Host-mutuality-session", "__Host-mutuality-csrf"}
    for header in bea.set_cookie_headers:
        attributes = header.lower()
        assert "; secure" in attributes
        assert "; path=/" in attributes
        assert "domain=" not in attributes
        assert BEA not in header and BEA.replace("@", "%40") not in header

    # Pages not marked public ask for a sign-in.
    anonymous = Browser(server["port"])
    response = anonymous.get("/programmes/")
    assert response.status == 302
    assert response.getheader("Location").startswith("/accounts/login/code/")
