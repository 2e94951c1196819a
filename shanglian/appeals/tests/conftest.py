import pytest

from shanglian.appeals import services
from shanglian.appeals.models import Channel
from shanglian.core.access import SYSTEM


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def categories(world):
    return {c.name: c for c in services.ensure_default_categories(actor=SYSTEM, federation=world.fed)}


@pytest.fixture
def submit(world, categories):
    """submit(**overrides) -> an appeal of our enterprise, submitted online by its own user."""

    def _submit(**kw):
        data = {
            "actor": world.enterprise_user,
            "enterprise": world.enterprise,
            "title": "厂房扩建施工许可迟迟未批",
            "content": "我司扩建二期厂房，施工许可申请已提交两个月，希望协调加快审批。",
            "channel": Channel.ONLINE,
            "category": categories["市场准入"],
        }
        data.update(kw)
        return services.submit_appeal(**data)

    return _submit
