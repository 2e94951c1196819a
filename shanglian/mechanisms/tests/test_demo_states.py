import pytest

from shanglian.mechanisms.models import (
    Consultation,
    DistrictMeeting,
    Filing,
    FilingStatus,
    Phase,
    RoundStatus,
    SignOffRound,
    Suggestion,
    SuggestionStatus,
)
from shanglian.mechanisms.tests.test_demo_and_seed import value
from shanglian.metrics.registry import Scope
from shanglian.orgs.models import Organization

pytestmark = pytest.mark.usefixtures("demo_db")  # the demo, loaded once per run


def test_demo_shows_every_state():
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
