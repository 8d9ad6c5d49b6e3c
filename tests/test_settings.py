"""Production settings refuse to start insecurely and pass Django's deployment checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MUTUALITY_"))}
    base.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path, **overrides) -> dict[str, str]:
    env = {
        "MUTUALITY_DEMO": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "mentoring.icb.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "MUTUALITY_REFLECTION_KEYS": Fernet.generate_key().decode(),
        "MUTUALITY_MFA_KEYS": Fernet.generate_key().decode(),
        "DJANGO_EMAIL_HOST": "smtp.icb.example",
        "MUTUALITY_CONTROLLERS": "Example Integrated Care Board",
        "MUTUALITY_DPO_CONTACT": "Data Protection Officer, dpo@icb.example",
        "MUTUALITY_PRIVACY_CONTACT": "people@icb.example",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = run_manage("check", **production_env(tmp_path, DJANGO_SECRET_KEY=None))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start(tmp_path):
    result = run_manage("check", **production_env(tmp_path, DJANGO_ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must list" in result.stderr


def test_production_without_reflection_keys_refuses_to_start(tmp_path):
    result = run_manage("check", **production_env(tmp_path, MUTUALITY_REFLECTION_KEYS=None))
    assert result.returncode != 0
    assert "MUTUALITY_REFLECTION_KEYS must hold at least one key" in result.stderr


def test_a_bad_boolean_is_named(tmp_path):
    result = run_manage("check", **production_env(tmp_path, MUTUALITY_DEMO="perhaps"))
    assert result.returncode != 0
    assert "MUTUALITY_DEMO must be true or false, not 'perhaps'" in result.stderr


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_when_demo_mode_is_left_on(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **production_env(tmp_path, MUTUALITY_DEMO="true", DJANGO_DEBUG="false"),
    )
    assert result.returncode != 0
    assert "mutuality.W001" in result.stderr


def test_deploy_check_warns_while_the_privacy_notice_names_the_demo_controller(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **production_env(tmp_path, MUTUALITY_CONTROLLERS=None),
    )
    assert result.returncode != 0
    assert "mutuality.W002" in result.stderr


def test_deploy_check_warns_until_the_accessibility_contact_is_a_real_mailbox(tmp_path):
    def warned(**overrides) -> bool:
        env = production_env(tmp_path, **overrides)
        result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
        return "mutuality.W003" in result.stderr

    assert warned(MUTUALITY_PRIVACY_CONTACT=None)  # the demo's programme office
    assert warned(MUTUALITY_ACCESSIBILITY_CONTACT="mutuality@localhost")
    assert not warned(MUTUALITY_ACCESSIBILITY_CONTACT="access@icb.example")
    assert not warned()  # the programme office's mailbox, MUTUALITY_PRIVACY_CONTACT


def test_single_sign_on_needs_all_three_settings(tmp_path):
    result = run_manage(
        "check", **production_env(tmp_path, MUTUALITY_OIDC_SERVER_URL="https://login.example")
    )
    assert result.returncode != 0
    assert "MUTUALITY_OIDC_CLIENT_ID" in result.stderr


def test_single_sign_on_offers_the_provider_on_the_sign_in_page(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/accounts/login/code/');"
        "print(r['Content-Security-Policy']); print(r.content.decode())"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MUTUALITY_"))}
    base.pop("DATABASE_URL", None)
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "mutuality.settings",
        "MUTUALITY_DEMO": "true",
        "MUTUALITY_DATA_DIR": str(tmp_path),
        "MUTUALITY_OIDC_SERVER_URL": "https://login.microsoftonline.example/tenant/v2.0",
        "MUTUALITY_OIDC_CLIENT_ID": "client",
        "MUTUALITY_OIDC_CLIENT_SECRET": "secret",
        "MUTUALITY_OIDC_PROVIDER_NAME": "NHSmail",
    }
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    page = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Sign in with NHSmail" in page.stdout, page.stderr
    # The sign-in form posts, then redirects to the provider: the policy allows that.
    assert "form-action 'self' https://login.microsoftonline.example" in page.stdout


def test_production_serves_pages_with_collected_hashed_static_files(tmp_path):
    """collectstatic, then pages in production mode: every static reference must resolve
    through the hashed manifest (a missing entry is a 500 on every page)."""
    env = production_env(tmp_path, DJANGO_STATIC_ROOT=str(tmp_path / "static"))
    for args in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        result = run_manage(*args, **env)
        assert result.returncode == 0, result.stderr
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='mentoring.icb.example', HTTP_X_FORWARDED_PROTO='https');"
        "print([c.get(p).status_code for p in ['/', '/accounts/login/code/', '/nope/']])"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MUTUALITY_"))}
    base.pop("DATABASE_URL", None)
    page = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**base, **env, "DJANGO_SETTINGS_MODULE": "mutuality.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert page.stdout.strip() == "[200, 200, 404]", page.stderr[-2000:]


def run_python(script: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MUTUALITY_"))}
    base.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup();" + script],
        cwd=ROOT,
        env={**base, **env, "DJANGO_SETTINGS_MODULE": "mutuality.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_database_url_refuses_to_start(tmp_path):
    result = run_manage("check", **production_env(tmp_path, DATABASE_URL=None))
    assert result.returncode != 0
    assert "DATABASE_URL (or DATABASE_URL_FILE) must be set" in result.stderr


def test_production_without_a_mail_host_refuses_to_start(tmp_path):
    result = run_manage("check", **production_env(tmp_path, DJANGO_EMAIL_HOST=None))
    assert result.returncode != 0
    assert "DJANGO_EMAIL_HOST must name the mail server" in result.stderr


def test_production_without_mfa_keys_refuses_to_start(tmp_path):
    result = run_manage("check", **production_env(tmp_path, MUTUALITY_MFA_KEYS=None))
    assert result.returncode != 0
    assert "MUTUALITY_MFA_KEYS must hold at least one key" in result.stderr


def test_every_secret_can_come_from_a_file(tmp_path):
    env = production_env(tmp_path)
    secret_names = [
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "MUTUALITY_REFLECTION_KEYS",
        "MUTUALITY_MFA_KEYS",
    ]
    for name in secret_names:
        path = tmp_path / name.lower()
        path.write_text(env.pop(name) + "\n")
        env[f"{name}_FILE"] = str(path)
    (tmp_path / "smtp").write_text("mail-password\n")
    (tmp_path / "oidc").write_text("oidc-secret\n")
    env |= {
        "DJANGO_EMAIL_HOST_PASSWORD_FILE": str(tmp_path / "smtp"),
        "MUTUALITY_OIDC_SERVER_URL": "https://login.example/tenant/v2.0",
        "MUTUALITY_OIDC_CLIENT_ID": "client",
        "MUTUALITY_OIDC_CLIENT_SECRET_FILE": str(tmp_path / "oidc"),
    }
    result = run_python(
        "from django.conf import settings as s;"
        "print(len(s.SECRET_KEY), s.DATABASES['default']['NAME'],"
        " s.MAILERS['default']['OPTIONS']['password'], s.OIDC_CLIENT_SECRET,"
        " len(s.REFLECTION_KEYS), len(s.MFA_KEYS))",
        env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [
        str(len(Path(env["DJANGO_SECRET_KEY_FILE"]).read_text().strip())),
        str(tmp_path / "prod.sqlite3"),
        "mail-password",
        "oidc-secret",
        "1",
        "1",
    ]


def test_a_secret_and_its_file_together_are_refused(tmp_path):
    (tmp_path / "key").write_text(secrets.token_urlsafe(64))
    result = run_manage(
        "check", **production_env(tmp_path, DJANGO_SECRET_KEY_FILE=str(tmp_path / "key"))
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY or DJANGO_SECRET_KEY_FILE, not both" in result.stderr


def test_an_unreadable_secret_file_is_named(tmp_path):
    env = production_env(tmp_path)
    env.pop("DJANGO_SECRET_KEY")
    env["DJANGO_SECRET_KEY_FILE"] = str(tmp_path / "missing")
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY_FILE names" in result.stderr


def test_cache_url_chooses_redis_and_refuses_anything_else(tmp_path):
    script = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    redis = run_python(script, production_env(tmp_path, CACHE_URL="redis://cache:6379/1"))
    assert redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache", redis.stderr
    default = run_python(script, production_env(tmp_path))
    assert default.stdout.strip() == "django.core.cache.backends.db.DatabaseCache"
    wrong = run_manage("check", **production_env(tmp_path, CACHE_URL="memcached://x"))
    assert wrong.returncode != 0
    assert "CACHE_URL must be empty" in wrong.stderr


def test_migrate_makes_the_shared_cache_table(tmp_path):
    env = production_env(tmp_path)
    assert run_manage("migrate", "-v0", **env).returncode == 0
    result = run_python(
        "from django.core.cache import cache; cache.set('k', 'shared'); print(cache.get('k'))",
        env,
    )
    assert result.stdout.strip() == "shared", result.stderr[-2000:]


def test_json_logs_carry_the_request_id(tmp_path):
    env = production_env(tmp_path, DJANGO_LOG_FORMAT="json")
    assert run_manage("migrate", "-v0", **env).returncode == 0
    result = run_python(
        "from django.test import Client;"
        "r = Client(HTTP_HOST='mentoring.icb.example', HTTP_X_FORWARDED_PROTO='https',"
        " raise_request_exception=False).get('/missing-page/'); print(r['X-Request-ID'])",
        env,
    )
    request_id = result.stdout.strip()
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    [entry] = [line for line in lines if "/missing-page/" in line["message"]]
    assert entry["request_id"] == request_id
    assert entry["logger"] == "django.request"


def test_a_bad_log_format_is_named(tmp_path):
    result = run_manage("check", **production_env(tmp_path, DJANGO_LOG_FORMAT="xml"))
    assert result.returncode != 0
    assert "DJANGO_LOG_FORMAT must be text or json" in result.stderr
