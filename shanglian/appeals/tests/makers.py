from types import SimpleNamespace

from shanglian.appeals.models import Appeal, AppealCategory, AppealState
from shanglian.core.testing.matrix import register
from shanglian.orgs.models import Organization


@register("appeal_id")
def make_appeal(owner):
    federation = Organization.objects.unscoped().get(pk=owner.enterprise.federation_id)
    return Appeal.unscoped_objects.create(
        federation=federation,
        chamber=owner.chamber,
        enterprise=owner.enterprise,
        title="他方诉求",
        content="他方诉求内容",
        state=AppealState.SUBMITTED,
        submitted_on="2026-03-02",
    )


@register("action")
def make_action(owner):
    # The step slug of /appeals/<id>/<action>/: any step; the appeal's own maker decides the tenant.
    return SimpleNamespace(pk="accept")


@register("category_id")
def make_category(owner):
    federation = Organization.objects.unscoped().get(pk=owner.enterprise.federation_id)
    return AppealCategory.unscoped_objects.create(federation=federation, name="他方类别", order=99)
