from datetime import date

import pytest
from django.core.management import call_command

from shanglian.mechanisms import seed2020
from shanglian.mechanisms.models import (
    Consultation,
    DistrictMeeting,
    Filing,
    FilingStatus,
    Phase,
    RoundStatus,
    RuleDocument,
    SignOffRound,
    Suggestion,
    SuggestionStatus,
)
from shanglian.metrics.registry import Period, Scope, compute, get
from shanglian.orgs.models import Organization

pytestmark = pytest.mark.django_db
YEAR = Period(date(2020, 1, 1), date(2020, 12, 31))


def value(key, scope):
    m = get(key)
    assert m is not None
    return compute(m, YEAR, scope).value


def test_seed_year_gives_6_and_15_rules_and_42_suggestions_and_is_idempotent(world):
    seed2020.build(world.fed)
    counts = (RuleDocument.unscoped_objects.count(), Suggestion.unscoped_objects.count())
    seed2020.build(world.fed)
    assert (RuleDocument.unscoped_objects.count(), Suggestion.unscoped_objects.count()) == counts
    scope = Scope.whole(world.fed)
    assert value("mechanisms.rules_guiding", scope) == 6
    assert value("mechanisms.rules_supporting", scope) == 15
    assert value("mechanisms.suggestions", scope) == 42
    assert value("mechanisms.suggestions_adopted", scope) == 14
    assert value("mechanisms.suggestions_implemented", scope) == 7
    assert value("mechanisms.suggestions", Scope.whole(world.fed_b)) == 0


def test_demo_shows_every_state():
    call_command("load_demo", enterprises=30, quiet_logins=True, verbosity=0)
    fed = Organization.objects.get(name="城阳区工商联（总商会）")
    assert set(Filing.unscoped_objects.values_list("status", flat=True)) == set(FilingStatus.values)
    assert Filing.unscoped_objects.filter(late=True).exists()
    assert set(SignOffRound.unscoped_objects.values_list("status", flat=True)) == set(RoundStatus.values)
    approved_on = SignOffRound.unscoped_objects.get(filing__isnull=False).filing
    assert approved_on is not None and approved_on.status == FilingStatus.APPROVED
    assert set(Suggestion.unscoped_objects.values_list("status", flat=True)) == set(SuggestionStatus.values)
    assert set(Consultation.unscoped_objects.values_list("status", flat=True)) == set(Phase.values)
    meeting = DistrictMeeting.unscoped_objects.select_related("event").get()
    assert meeting.event is not None and meeting.event.title == meeting.title
    assert meeting.event.starts_at.date() == meeting.held_on
    scope = Scope.whole(fed)
    assert value("mechanisms.rules_guiding", scope) == 6
    assert value("mechanisms.suggestions", scope) == 42
