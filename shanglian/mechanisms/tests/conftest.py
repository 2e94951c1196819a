import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def vice_chairs(world):
    """Three vice-chairs of federation A, each with a login (made by the admin, as the page does)."""
    from shanglian.mechanisms import services
    from shanglian.registry.models import Person

    chairs = []
    for i, name in enumerate(["王建国", "李海涛", "张丽华"], start=1):
        person = Person.unscoped_objects.create(federation=world.fed, name=name)
        vc = services.appoint_vice_chair(actor=world.admin, federation=world.fed, person=person)
        services.open_vice_chair_login(
            actor=world.admin, vice_chair=vc, username=f"vc{i}", password="Shanglian@2026x"
        )
        vc.refresh_from_db()
        chairs.append(vc)
    return chairs


@pytest.fixture
def accepted_filing(world):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from shanglian.mechanisms import services

    types = {t.name: t for t in services.ensure_default_filing_types(actor=world.admin, federation=world.fed)}
    filing = services.submit_filing(
        actor=world.secretary,
        chamber=world.chamber,
        filing_type=types["对外捐赠"],
        title="向区慈善总会捐赠120万元",
        content="商会会员企业联合捐赠。",
        amount=Decimal(1_200_000),
        event_date=timezone.localdate() + timedelta(days=60),
    )
    return services.step_filing(actor=world.admin, filing=filing, step="accept")
