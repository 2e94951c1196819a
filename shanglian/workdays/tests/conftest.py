import pytest

from shanglian.workdays.models import DaySource, WorkingDay
from shanglian.workdays.seeding import seed_model


@pytest.fixture
def seeded(db):
    """The chinesecalendar rows the migration wrote (written again when a transactional test flushed them)."""
    seed_model(WorkingDay, source=DaySource.CHINESECALENDAR)
