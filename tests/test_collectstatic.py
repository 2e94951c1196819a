"""The documented deploy path: `collectstatic --noinput` under production settings (DEBUG=0) succeeds, and
every file a template asks for through `{% static %}` is in the manifest (else each page would be a 500);
templates are cached and database connections persistent under those settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")

CHECK = """
import sys, django
django.setup()
from django.contrib.staticfiles.storage import staticfiles_storage
for name in sys.argv[1:]:
    url = staticfiles_storage.url(name)  # manifest_strict: a file never collected raises
    assert url != "/static/" + name, ("not hashed", name)
# Production serves templates from memory and keeps database connections (issue 13).
from django.conf import settings
from django.template import engines
loaders = engines["django"].engine.loaders
assert loaders and loaders[0][0] == "django.template.loaders.cached.Loader", loaders
assert settings.DATABASES["default"]["CONN_MAX_AGE"] >= 60, settings.DATABASES["default"]
print("ok", len(sys.argv) - 1)
"""


def _production_env(static_root: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "prod-" + "k3y-" * 16,
        "ALLOWED_HOSTS": "shanglian.example.cn",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/never",  # not connected: only the settings are read
        "STATIC_ROOT": str(static_root),
    }


def _template_static_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "shanglian").rglob("templates/**/*.html"):
        names.update(STATIC_TAG.findall(path.read_text(encoding="utf-8")))
    return names


def test_collectstatic_under_production_settings(tmp_path):
    env = _production_env(tmp_path / "static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()

    names = sorted(_template_static_names())
    assert "vendor/tabler/css/tabler.min.css" in names  # the scan found the base template's files
    check = subprocess.run(
        [sys.executable, "-c", CHECK, *names], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip() == f"ok {len(names)}"
    # Tabler's CSS points at its images by hashed names now (a reference that exists was rewritten).
    css = next((tmp_path / "static" / "vendor" / "tabler" / "css").glob("tabler.min.*.css"))
    assert css.stat().st_size > 0
