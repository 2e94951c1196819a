"""The totals page and a donation's detail within the query budget (issue 13): the totals tables come
from the figure cache until the ledger is written; a gift's detail reads its corrections once and asks
the write right in the same query as the gift."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shanglian.core.access import SYSTEM
from shanglian.guidance import services
from shanglian.guidance.services import DonorInput

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def campaign(world):
    return services.save_campaign(
        actor=SYSTEM, organization=world.chamber, name="疫情防控", kind="epidemic", start_on=date(2020, 1, 1)
    )


def _gift(world, campaign, amount="1000"):
    return services.record_donation(
        actor=SYSTEM,
        campaign=campaign,
        donated_on=date(2020, 3, 1),
        donors=[DonorInput(enterprise=world.enterprise)],
        cash_amount=D(amount),
        delivered_on=date(2020, 3, 2),
    )


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [q["sql"] for q in ctx.captured_queries]


def test_totals_tables_come_from_the_cache_until_the_ledger_moves(world, login, campaign):
    _gift(world, campaign)
    client = login(world.admin)
    url = "/guidance/totals/?year=2020"
    client.get(url)
    r, sqls = _get(client, url)
    # Nothing groups the ledger on a repeated view: figures and tables are both cached.
    assert not [s for s in sqls if "guidance_donationentry" in s], sqls
    assert len(sqls) <= 10
    assert "0.10 万元" in r.content.decode()

    # A new delivered gift replaces the cache token: the next view regroups and shows it.
    _gift(world, campaign, "99000")
    r, sqls = _get(client, url)
    assert [s for s in sqls if "guidance_donationentry" in s]
    assert "10.00 万元" in r.content.decode()


@pytest.mark.parametrize("who", ["admin", "secretary", "leader"])
def test_donation_detail_reads_corrections_once_and_rights_with_the_gift(world, login, campaign, who):
    gift = _gift(world, campaign)
    for n, amount in enumerate(("900", "800", "700")):
        services.correct_donation(
            actor=SYSTEM, donation=gift, cash_amount=D(amount), in_kind_amount=D("0"), reason=f"核对{n}"
        )
    client = login(getattr(world, who))
    url = f"/guidance/donations/{gift.pk}/"
    client.get(url)
    r, sqls = _get(client, url)
    assert len(sqls) <= 9, "\n".join(sqls)
    assert len([s for s in sqls if 'FROM "guidance_donationcorrection"' in s]) == 1
    # The write right is a column of the gift's read, not an EXISTS per button.
    assert not [s for s in sqls if s.startswith('SELECT 1 AS "a"')], sqls
    html = r.content.decode()
    assert "核对2" in html and "0.07 万元" in html


def test_figure_rows_page_by_keyset_not_offset(world, login, campaign):
    for n in range(25):
        _gift(world, campaign, str(100 + n))
    client = login(world.admin)
    url = "/guidance/figures/?key=guidance.donation_amount&year=2020&size=20"
    r = client.get(url)
    html = r.content.decode()
    assert "共 25 条" in html
    after = r.context["page"].next_query
    assert "after=" in after
    r, sqls = _get(client, "/guidance/figures/" + after)
    assert not [s for s in sqls if "OFFSET" in s], sqls
    assert len(r.context["page"].object_list) == 5
    assert len(sqls) <= 10
