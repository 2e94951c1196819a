"""Issue 11 defect 1, second line of defence: a task worker loads a workbook under an address-space bound
(RLIMIT_AS = its size + IMPORT_READ_MEMORY_MB), a web process never changes its limit, and the limit is
restored afterwards. Each case runs in a child process: a real bound in the pytest process would starve it."""

import os
import resource
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import xlsxwriter

pytestmark = pytest.mark.skipif(not hasattr(resource, "RLIMIT_AS"), reason="no RLIMIT_AS here")

ROOT = Path(__file__).resolve().parents[3]
SETUP = """
import os, resource, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
django.setup()
from django.conf import settings
from shanglian.core.process import allow_process_settings, memory_bounded
settings.IMPORT_READ_MEMORY_MB = 64
"""


def run(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    return subprocess.run(
        [sys.executable, "-c", SETUP + textwrap.dedent(code)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_bound_holds_only_in_a_worker_and_is_restored_by_the_last_holder():
    result = run("""
        before = resource.getrlimit(resource.RLIMIT_AS)
        with memory_bounded():  # a web process: nothing changes
            assert resource.getrlimit(resource.RLIMIT_AS) == before
        with allow_process_settings():
            with memory_bounded():
                bound = resource.getrlimit(resource.RLIMIT_AS)
                assert bound[0] != resource.RLIM_INFINITY and bound[1] == before[1], bound
                with memory_bounded():  # a second import in another thread shares it
                    assert resource.getrlimit(resource.RLIMIT_AS) == bound
                assert resource.getrlimit(resource.RLIMIT_AS) == bound  # not restored under the first
                try:
                    bytearray(256 * 1024 * 1024)
                except MemoryError:
                    print("refused")
            assert resource.getrlimit(resource.RLIMIT_AS) == before
        bytearray(256 * 1024 * 1024)  # the limit is gone again
        print("restored")
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["refused", "restored"]


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory) -> Path:
    """~4 MB on disk, some hundred MB once python-calamine has loaded the sheet."""
    path = tmp_path_factory.mktemp("bound") / "big.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["企业名称", *[f"列{c}" for c in range(19)]])
    for r in range(1, 60_000):
        sheet.write_row(r, 0, [f"企业{r}-{c}-" + "x" * 20 for c in range(20)])
    workbook.close()
    return path


READ = """
from shanglian.excel.reading import Column, open_table
table = open_table({path!r}, "big.xlsx", [Column("name", "企业名称", required=True)])
print(sum(1 for _ in table.rows()))
"""


def test_a_worker_cannot_load_a_sheet_bigger_than_the_bound(big_workbook):
    """python-calamine (Rust) aborts on a failed allocation rather than raising MemoryError: the worker
    ends alone (the machine keeps its memory), and fail_stale_jobs fails the job it left active."""
    unbounded = run(READ.format(path=str(big_workbook)))
    assert unbounded.returncode == 0, unbounded.stderr
    assert unbounded.stdout.strip() == "59999"
    code = "with allow_process_settings():\n" + textwrap.indent(READ.format(path=str(big_workbook)), "    ")
    bounded = run(code)
    aborted = bounded.returncode == -signal.SIGABRT and "memory allocation" in bounded.stderr
    raised = bounded.returncode == 1 and "MemoryError" in bounded.stderr
    assert aborted or raised, (bounded.returncode, bounded.stderr[-2000:])
    assert "59999" not in bounded.stdout
