from shanglian.core.testing.matrix import register
from shanglian.registry.models import Person


@register("person_id")
def make_person(owner):
    return Person.unscoped_objects.create(
        federation=owner.federation, enterprise=owner.enterprise, name="他方企业家"
    )
