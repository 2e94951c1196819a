"""Browser tests save screenshots only into the `screenshots` fixture's folder (a temp dir), never the repo."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def screenshot_paths(source: str):
    """The `path=` expression of every `.screenshot(...)` call in a module."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "screenshot":
            path = next((k.value for k in node.keywords if k.arg == "path"), None)
            yield node.lineno, path


def uses_fixture(path) -> bool:
    return path is not None and any(isinstance(n, ast.Name) and n.id == "screenshots" for n in ast.walk(path))


def test_every_screenshot_goes_to_the_fixture_folder():
    bad = []
    for module in [*ROOT.glob("shanglian/**/*.py"), *ROOT.glob("tests/**/*.py"), ROOT / "conftest.py"]:
        for line, path in screenshot_paths(module.read_text(encoding="utf-8")):
            if not uses_fixture(path):
                bad.append(f"{module.relative_to(ROOT)}:{line}")
    assert not bad, f"save screenshots under the `screenshots` fixture (a temp dir): {bad}"


def test_the_check_catches_a_repository_path():
    source = 'page.screenshot(path=str(Path(__file__).parent / "x.png"))'
    assert [uses_fixture(p) for _, p in screenshot_paths(source)] == [False]
    source = 'page.screenshot(path=str(screenshots / "x.png"))'
    assert [uses_fixture(p) for _, p in screenshot_paths(source)] == [True]
