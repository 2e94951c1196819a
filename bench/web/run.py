"""`make bench-web`: every page's CPU per request and query count against a bare authenticated Django
page served by the same gunicorn in the same run, then the six-page mix under wrk (50 connections).

    BENCH_WEB_DB=wt_speed_bench BENCH_WEB_WORKERS=2 BENCH_WEB_CLASS=gthread BENCH_WEB_THREADS=4 \
        .venv/bin/python bench/web/run.py [--src DIR] [--label NAME] [--no-setup]

BENCH_WEB_MIX_ONLY=1 skips the per-page table (to compare gunicorn worker settings on the mix alone).

`--src` measures another checkout (e.g. the code before a change) with this benchmark's files copied in.
CPU per request = the gunicorn workers' user+system CPU (from /proc) over N sequential keep-alive
requests, divided by N; the client's own CPU is not counted. Results: bench/out/web-<label>.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_WEB_DB", "wt_speed_bench")
PORT = int(os.environ.get("BENCH_WEB_PORT", "8765"))
N = int(os.environ.get("BENCH_WEB_N", "30"))
WORKERS = os.environ.get("BENCH_WEB_WORKERS", "2")
KLASS = os.environ.get("BENCH_WEB_CLASS", "gthread")
THREADS = os.environ.get("BENCH_WEB_THREADS", "4")
ENTERPRISES = os.environ.get("BENCH_WEB_ENTERPRISES", "400")
MIX_SECONDS = int(os.environ.get("BENCH_WEB_MIX_SECONDS", "20"))
CLK = os.sysconf("SC_CLK_TCK")


def env_for(src: Path) -> dict[str, str]:
    return dict(
        os.environ,
        DATABASE_URL=f"{PG}/{DB}",
        DEBUG="0",
        SECRET_KEY="bench-web-only-" + "k3y-" * 16,
        DJANGO_SETTINGS_MODULE="bench.web.settings",
        STATIC_ROOT=str(src / "bench" / "out" / "static"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(src),
    )


def sh(cmd, env, cwd, **kw):
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, env=env, cwd=cwd, text=True, capture_output=True, **kw)


def cpu_of(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except FileNotFoundError:
            pass
    return total / CLK


def workers_of(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


def get(conn, url, cookie):
    conn.request("GET", url, headers={"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    return response.status, int(response.getheader("X-Queries") or -1)


def measure(pages, sessions, master):
    rows = []
    for login, url in pages:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        cookie = sessions[login]
        for _ in range(3):
            status, queries = get(conn, url, cookie)
        pids = workers_of(master)
        before, started = cpu_of(pids), time.perf_counter()
        wall = []
        for _ in range(N):
            t = time.perf_counter()
            status, queries = get(conn, url, cookie)
            wall.append(time.perf_counter() - t)
        cpu = (cpu_of(pids) - before) / N
        conn.close()
        rows.append(
            {
                "login": login,
                "url": url,
                "status": status,
                "queries": queries,
                "cpu_ms": round(cpu * 1000, 2),
                "p50_ms": round(statistics.median(wall) * 1000, 1),
                "elapsed_s": round(time.perf_counter() - started, 2),
            }
        )
        print(f"{login:14} {url:48} {status} q={queries:3} cpu={cpu * 1000:7.2f} ms", flush=True)
    return rows


def _lua(entries):
    pages = ",\n".join(f'{{"{url}", "sessionid={cookie}"}}' for url, cookie in entries)
    return (
        "local pages = {\n" + pages + "\n}\nlocal i = 0\n"
        "request = function()\n  i = i % #pages + 1\n"
        '  return wrk.format("GET", pages[i][1], {["Cookie"] = pages[i][2]})\nend\n'
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format("JSON {\\"rps\\": %.1f, \\"p50_ms\\": %.1f, \\"p95_ms\\": %.1f, '
        '\\"errors\\": %d, \\"non2xx\\": %d}\\n", summary.requests / (summary.duration / 1e6), '
        "latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.errors.connect + "
        "summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))\nend\n"
    )


def wrk_mix(pages, sessions):
    """The six-page mix and the bare page alone, 50 connections, with wrk (Debian package) if present."""
    if not shutil.which("wrk"):
        return None
    mix = [p for p in pages if p[1] != "/bench/bare/"]
    picks = [
        next((p for p in mix if p[0] == "fed_admin" and p[1] == "/"), None),
        next((p for p in mix if p[1].startswith("/registry/enterprises/") and p[1].count("/") == 3), None),
        next(
            (
                p
                for p in mix
                if "/registry/enterprises/" in p[1] and p[1].rstrip("/").split("/")[-1].isdigit()
            ),
            None,
        ),
        next((p for p in mix if p[1] == "/chambers/"), None),
        next((p for p in mix if p[0] == "sec_chengyang" and p[1] == "/"), None),
        next((p for p in mix if p[1].startswith("/api/v1/registry/enterprises")), None),
    ]
    picks = [p for p in picks if p]
    script = HERE.parent / "out" / "mix.lua"
    script.write_text(_lua([(url, sessions[login]) for login, url in picks]))
    bare = HERE.parent / "out" / "bare.lua"
    bare.write_text(_lua([("/bench/bare/", sessions["fed_admin"])]))
    out = {}
    for name, path in (("bare", bare), ("mix", script)):
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                "-c50",
                f"-d{MIX_SECONDS}s",
                "--timeout",
                "10s",
                "-s",
                str(path),
                f"http://127.0.0.1:{PORT}",
            ],
            capture_output=True,
            text=True,
        )
        line = next((ln for ln in result.stdout.splitlines() if ln.startswith("JSON ")), None)
        out[name] = json.loads(line[5:]) if line else {"raw": result.stdout + result.stderr}
        print(name, out[name], flush=True)
    out["pages"] = [p[1] for p in picks]
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", default=str(ROOT))
    parser.add_argument("--label", default="after")
    parser.add_argument("--no-setup", action="store_true")
    args = parser.parse_args()
    src = Path(args.src).resolve()
    if src != ROOT:
        shutil.copytree(HERE, src / "bench" / "web", dirs_exist_ok=True)
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (src / "bench" / "out").mkdir(parents=True, exist_ok=True)
    env = env_for(src)
    py = str(ROOT / ".venv" / "bin" / "python")
    if not args.no_setup:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB], check=True)
        sh([py, "manage.py", "migrate", "--noinput", "-v0"], env, src)
        sh([py, "manage.py", "load_demo", "--quiet-logins", "--enterprises", ENTERPRISES], env, src)
    sh([py, "manage.py", "collectstatic", "--noinput", "-v0"], env, src)
    prepared = json.loads(sh([py, "bench/web/prepare.py"], env, src).stdout)
    gunicorn = [
        str(ROOT / ".venv" / "bin" / "gunicorn"), "bench.web.wsgi:application", "-b", f"127.0.0.1:{PORT}",
        "-w", WORKERS, "-k", KLASS, "--threads", THREADS, "--log-level", "warning",
    ]  # fmt: skip
    print("$", " ".join(gunicorn), flush=True)
    server = subprocess.Popen(gunicorn, env=env, cwd=src)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=2).request("GET", "/accounts/login/")
                break
            except OSError:
                time.sleep(0.3)
        time.sleep(2)
        load_before = os.getloadavg()
        pages = prepared["pages"]
        if os.environ.get("BENCH_WEB_MIX_ONLY"):  # comparing worker settings: the bare page and the mix
            pages = [p for p in pages if p[1] == "/bench/bare/"]
        rows = measure(pages, prepared["sessions"], server.pid)
        mix = wrk_mix(prepared["pages"], prepared["sessions"])
        load_after = os.getloadavg()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    bare = next(r for r in rows if r["url"] == "/bench/bare/")
    for r in rows:
        r["ratio"] = round(r["cpu_ms"] / bare["cpu_ms"], 2) if bare["cpu_ms"] else None
    result = {
        "label": args.label,
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "gunicorn": {"workers": WORKERS, "class": KLASS, "threads": THREADS},
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_after,
        "n": N,
        "rows": rows,
        "mix": mix,
    }
    path = ROOT / "bench" / "out" / f"web-{args.label}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print("written", path)


if __name__ == "__main__":
    main()
