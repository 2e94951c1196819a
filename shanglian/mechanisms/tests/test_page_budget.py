"""Every mechanisms page within 10 queries on demo-like data (the app's own demo loaded into the test
world: 21 rules with versions, filings in every state, vice-chairs with logins, rounds open and decided,
42+ suggestions, consultations with opinions), as each role, for every object of each page's kind.

`tests/test_query_budget.py` measures one object per page in an almost empty world; a page that reads per
row or per signer only shows its cost here."""

import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver
from faker import Faker

from shanglian.core.demo import DemoContext
from shanglian.mechanisms import demo
from shanglian.mechanisms import models as m
from shanglian.registry.models import Person

pytestmark = pytest.mark.django_db

BUDGET = 10
IDS = {
    "ruledocument_id": m.RuleDocument,
    "filing_id": m.Filing,
    "filingtype_id": m.FilingType,
    "signoffround_id": m.SignOffRound,
    "vicechair_id": m.ViceChair,
    "suggestion_id": m.Suggestion,
    "consultation_id": m.Consultation,
    "opinion_id": m.Opinion,
}


def _routes():
    for p in get_resolver().url_patterns:
        if isinstance(p, URLResolver) and p.namespace == "mechanisms":
            for q in p.url_patterns:
                yield str(p.pattern) + str(q.pattern)


@pytest.fixture
def demo_world(world):
    ctx = DemoContext(rng=random.Random(7), fake=Faker("zh_CN"), federation=world.fed)
    ctx.chambers["城阳街道商会"] = world.chamber
    ctx.users.update(fed_admin=world.admin, sec_chengyang=world.secretary, ent_demo=world.enterprise_user)
    for name in [
        "王建国",
        "李海涛",
        "张丽华",
        "赵明",
        "钱进",
    ]:  # the entrepreneurs the demo makes vice-chairs
        Person.unscoped_objects.create(federation=world.fed, name=name, enterprise=world.enterprise)
    demo.load(ctx)
    return ctx


def test_every_page_within_budget_on_demo_data(world, demo_world, login):
    users = dict(world.users) | {"vice_chair": demo_world.users["vc_wang"]}
    assert m.Suggestion.objects.unscoped().count() >= 40 and m.SignOffRound.objects.unscoped().count() >= 4
    over, measured = [], 0
    for role, user in users.items():
        client = login(user)
        for route in _routes():
            kwargs = re.findall(r"<int:(\w+)>", route)
            if kwargs:
                model = IDS[kwargs[0]]
                pks = model.objects.unscoped().order_by("pk").values_list("pk", flat=True)
                urls = ["/" + route.replace(f"<int:{kwargs[0]}>", str(pk)) for pk in pks]
            else:
                urls = ["/" + route]
            for url in urls:
                client.get(url)  # warm the per-process caches, as a running server has them
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(url)
                if response.status_code == 200:
                    measured += 1
                    if len(ctx.captured_queries) > BUDGET:
                        over.append(f"{role} {url}: {len(ctx.captured_queries)}")
    assert measured > 100  # the crawl reached the pages (a crawl of 403s would prove nothing)
    assert not over, "\n".join(over)
