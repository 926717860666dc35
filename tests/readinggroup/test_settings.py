"""Production settings: the default, refused without a secret key, clean under `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


PRODUCTION_SECRET_KEY = "a-long-random-production-secret-key-for-this-test-only-0123456789"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py with none of the shell's DJANGO_, EMAIL_ or REDIS_ variables but `env`."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_", "REDIS_"))
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="read.example.org",
        EMAIL_HOST="smtp.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_an_smtp_server_is_flagged() -> None:
    result = manage(
        "check",
        "--deploy",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="read.example.org",
    )
    assert result.returncode != 0
    assert "development-only email backend" in result.stderr


def test_debug_off_without_a_secret_key_is_refused_with_instructions() -> None:
    result = manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


def test_with_debug_unset_the_deployment_checklist_passes() -> None:
    """A deployment that never names DJANGO_DEBUG gets production: HSTS, HTTPS, secure cookies."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="read.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_with_debug_unset_and_no_secret_key_the_app_refuses_to_start() -> None:
    result = manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


def test_with_debug_unset_production_hardening_is_on() -> None:
    settings_read = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = manage(
        "shell", "--no-imports", "-c", settings_read, DJANGO_SECRET_KEY=PRODUCTION_SECRET_KEY
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "31536000", "True", "True"]


def test_behind_a_proxy_each_hardening_setting_can_be_switched_off() -> None:
    settings_read = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        settings_read,
        DJANGO_SECRET_KEY=PRODUCTION_SECRET_KEY,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="false",
        DJANGO_HSTS_PRELOAD="false",
        DJANGO_SECURE_COOKIES="false",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "0", "False", "False", "False", "False"]


def test_debug_switched_on_needs_no_secret_key() -> None:
    result = manage("check", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
