import pytest

from shanglian.registry.models import Person


@pytest.fixture
def people(world):
    """Persons: two of our chamber A1's member enterprise, one of chamber A2's, one of federation B."""
    make = Person.unscoped_objects.create
    return {
        "a": make(federation=world.fed, enterprise=world.enterprise, name="张会长"),
        "b": make(federation=world.fed, enterprise=world.enterprise, name="李副会长"),
        "a2": make(federation=world.fed, enterprise=world.enterprise2, name="他方王理事"),
        "b_tenant": make(federation=world.fed_b, enterprise=world.enterprise_b, name="他方即墨赵会长"),
    }
