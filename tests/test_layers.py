"""The layers of docs/DEVELOPING.md ("Layers"), checked on the source: every import points down.

base (core, orgs, accounts, audit) < kernel (excel, notifications, workdays, workflow, attachments, metrics, ops)
< domain (every other app) < site. Apps of one layer may import each other; `core` imports only core
and the base apps, tests included (factories, demo parts and makers are found through registries).
"""

import ast
from pathlib import Path

import shanglian

ROOT = Path(shanglian.__file__).parent
BASE = {"core", "orgs", "accounts", "audit"}
KERNEL = {"excel", "notifications", "workdays", "workflow", "attachments", "metrics", "ops"}
SITE = {"site"}

# Known upward imports, each with its reason. This list only shrinks: an entry that is no longer
# needed fails the test too.
EXCEPTIONS = {
    # 企业用户's role binds to a registry.Enterprise; the user forms and services look it up.
    ("accounts", "registry"),
}


def layer(app: str) -> int:
    if app in BASE:
        return 0
    if app in KERNEL:
        return 1
    if app in SITE:
        return 3
    return 2


def imported_apps(path: Path) -> set[str]:
    """The shanglian apps a module imports, at any depth (function-level imports count)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "shanglian" and len(parts) > 1:
                found.add(parts[1])
    return found


def app_modules():
    for app_dir in sorted(p for p in ROOT.iterdir() if (p / "__init__.py").exists()):
        for path in sorted(app_dir.rglob("*.py")):
            relative = path.relative_to(app_dir).parts
            if "tests" in relative and app_dir.name != "core":
                continue  # an app's own tests may build on apps above it (core's may not)
            yield app_dir.name, path


def upward_imports():
    bad = {}
    for app, path in app_modules():
        for target in imported_apps(path):
            if target != app and layer(target) > layer(app) and (ROOT / target).is_dir():
                bad.setdefault((app, target), []).append(str(path.relative_to(ROOT.parent)))
    return bad


def test_core_imports_no_domain_or_kernel_app():
    core = {
        target: str(path.relative_to(ROOT.parent))
        for app, path in app_modules()
        if app == "core"
        for target in imported_apps(path)
        if target not in BASE
    }
    assert not core, f"shanglian/core imports apps above it: {core}"


def test_every_import_points_down():
    bad = upward_imports()
    unexpected = {k: v for k, v in bad.items() if k not in EXCEPTIONS}
    assert not unexpected, f"imports pointing up a layer (see docs/DEVELOPING.md, Layers): {unexpected}"
    stale = EXCEPTIONS - set(bad)
    assert not stale, f"no longer needed, remove from EXCEPTIONS: {stale}"


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from shanglian.registry.models import Enterprise\n", encoding="utf-8")
    assert imported_apps(module) == {"registry"}
