"""`manage.py check --deploy` must be clean under production settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env_without_test_switches():
    # The browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never has it.
    return {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}


def test_check_deploy_is_clean_under_production_settings():
    env = {
        **_env_without_test_switches(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "prod-" + "k3y-" * 16,
        "ALLOWED_HOSTS": "shanglian.example.cn",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {
        **_env_without_test_switches(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def _start(secret_key: str, debug: str = "0"):
    env = {
        **_env_without_test_switches(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": debug,
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "shanglian.example.cn",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_a_short_secret_key():
    """Issue 11, defect 12: `SECRET_KEY=short` used to start in production."""
    for key in ("short", "x" * 49, "ab" * 30):  # too short, one short of 50, long but two characters
        result = _start(key)
        assert result.returncode != 0, key
        assert "SECRET_KEY 太短或太简单" in result.stderr and "至少需要 50 个" in result.stderr, result.stderr
    assert _start("short", debug="1").returncode == 0  # development keeps working with any key
    assert _start("prod-" + "k3y-" * 12).returncode == 0, "a 53-character key starts"
