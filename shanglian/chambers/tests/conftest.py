from datetime import date

import pytest

from shanglian.chambers import services
from shanglian.chambers.models import ChamberState


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def history(world):
    """Chamber A1 founded in 2019 (筹建 → 规范运行); A2 likewise."""
    for chamber in (world.chamber, world.chamber2):
        services.start_founding(
            actor=world.admin, chamber=chamber, reason="筹建", effective_on=date(2019, 1, 10)
        )
        services.transition_chamber(
            actor=world.admin,
            chamber=chamber,
            to_state=ChamberState.NORMAL,
            reason="正式成立",
            effective_on=date(2019, 5, 1),
        )
    return world
