"""Production settings refuse to start insecurely and pass Django's deployment checks."""

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
        "print(Client().get('/accounts/login/code/').content.decode())"
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
