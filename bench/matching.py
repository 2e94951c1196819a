"""Supply–demand matching at scale (issue 16): one posting's ranked candidates among N published
postings on PostgreSQL, the database's ranking (pg_trgm on the keyword words, cooperation/matching.py)
against the Python scoring it replaced (a bounded pool scored in Python), both measured in the same run.

    DATABASE_URL=postgres://…/wt_x BENCH_POSTINGS=100000 .venv/bin/python bench/matching.py

Writes its postings into the database it is given (a scratch copy, never a shared one) and leaves them.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from shanglian.cooperation import matching  # noqa: E402
from shanglian.cooperation.keywords import match_text  # noqa: E402
from shanglian.cooperation.models import Posting  # noqa: E402

N = int(os.environ.get("BENCH_POSTINGS", "100000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "40"))
SUBJECTS = [
    "冷链",
    "物流",
    "仓储",
    "冷库",
    "食品",
    "生鲜",
    "机械",
    "加工",
    "模具",
    "注塑",
    "电子",
    "元器件",
    "软件",
    "开发",
    "融资",
    "贷款",
    "人才",
    "招聘",
    "厂房",
    "土地",
    "包装",
    "印刷",
    "化工",
    "涂料",
    "纺织",
    "服装",
    "家具",
    "建材",
    "钢材",
    "汽车",
    "配件",
    "新能源",
    "光伏",
    "储能",
    "医疗",
    "器械",
    "检测",
    "认证",
    "会计",
    "法律",
]
CATEGORIES = ["products", "services", "financing", "talent", "land", "partners"]
REGIONS = ["城阳", "夏庄", "流亭", "惜福镇", "棘洪滩", "上马", "河套", "红岛"]


def ensure_postings() -> list[Posting]:
    from shanglian.registry.models import Enterprise

    firms = list(Enterprise.unscoped_objects.order_by("pk").values_list("pk", "federation_id")[:5000])
    if not firms:
        sys.exit("No enterprises: run load_demo (or copy a scale database) first.")
    have = Posting.unscoped_objects.count()
    rnd = random.Random(16)
    today = timezone.localdate()
    batch: list[Posting] = []
    for i in range(have, N):
        pk, fed = firms[i % len(firms)]
        words = rnd.sample(SUBJECTS, 4)
        title = f"{'寻求' if i % 2 else '提供'}{words[0]}{words[1]}服务"
        description = (
            f"本公司{words[2]}{words[3]}业务，{rnd.choice(SUBJECTS)}{rnd.choice(SUBJECTS)}相关，第{i}号。"
        )
        batch.append(
            Posting(
                federation_id=fed,
                enterprise_id=pk,
                side="demand" if i % 2 else "supply",
                category=rnd.choice(CATEGORIES),
                title=title,
                description=description,
                region=rnd.choice(REGIONS),
                valid_until=today + timedelta(days=rnd.randint(1, 365)),
                contact_name="联系人",
                contact_phone="13800000000",
                status="published",
                match_text=match_text(f"{title} {description}"),
            )
        )
        if len(batch) >= 5000:
            Posting.unscoped_objects.bulk_create(batch)
            batch = []
    if batch:
        Posting.unscoped_objects.bulk_create(batch)
    with connection.cursor() as c:
        c.execute("ANALYZE cooperation_posting")
    return list(Posting.unscoped_objects.select_related("industry").order_by("?")[:REPEATS])


def timed(fn, postings):
    times = []
    for p in postings:
        t = time.perf_counter()
        fn(p)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    assert connection.vendor == "postgresql", "PostgreSQL only"
    postings = ensure_postings()
    today = timezone.localdate()
    db = lambda p: matching.candidates(p)  # noqa: E731
    py = lambda p: matching.python_candidates(p, matching.keywords(p.text), today)  # noqa: E731
    timed(db, postings[:3])  # warm the cache of both plans
    timed(py, postings[:3])
    rounds = [(timed(db, postings), timed(py, postings)) for _ in range(2)]
    count = Posting.unscoped_objects.count()
    load = os.getloadavg()
    print(f"postings={count} repeats={REPEATS} load={load[0]:.1f}")
    for (d50, d95), (p50, p95) in rounds:
        print(
            f"db p50={d50:.1f}ms p95={d95:.1f}ms | python-pool p50={p50:.1f}ms p95={p95:.1f}ms | p95 ratio db/python={d95 / p95:.2f}"
        )
    sample = matching.candidates(postings[0])
    if sample:
        print(f"example: {postings[0].title} → {sample[0].enterprise.name}: {sample[0].reason}")


if __name__ == "__main__":
    main()
