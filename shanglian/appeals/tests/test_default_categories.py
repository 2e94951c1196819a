"""A federation gets its default categories when it is set up, never from a page's GET."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shanglian.appeals.models import AppealCategory
from shanglian.appeals.services.categories import DEFAULTS
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.access import SYSTEM
from shanglian.orgs.models import OrgKind
from shanglian.orgs.services import create_organization


def test_a_new_federation_starts_with_the_default_tree_audited(db):
    fed = create_organization(actor=SYSTEM, parent=None, name="新区工商联", kind=OrgKind.FEDERATION)
    names = list(
        AppealCategory.unscoped_objects.filter(federation=fed)
        .order_by("order")
        .values_list("name", flat=True)
    )
    assert names == [n for n, _ in DEFAULTS]
    made = AuditEntry.objects.filter(
        object_type="appeals.appealcategory", action=AuditAction.CREATE, organization=fed
    )
    assert made.count() == len(DEFAULTS)


def test_a_chamber_brings_no_categories(world):
    before = AppealCategory.unscoped_objects.count()
    create_organization(
        actor=SYSTEM, parent=world.fed, name="新商会", kind=OrgKind.CHAMBER, chamber_kind="industry"
    )
    assert AppealCategory.unscoped_objects.count() == before


def test_a_federation_saved_outside_the_service_gets_nothing(world):
    """No post_save seeds categories: the test world's federations (made by factories) start without them."""
    assert not AppealCategory.unscoped_objects.exists()
    assert not AuditEntry.objects.filter(object_type="appeals.appealcategory").exists()


def test_the_form_writes_nothing_on_get(world, login, categories):
    assert AppealCategory.unscoped_objects.filter(federation=world.fed).count() == len(DEFAULTS)
    client = login(world.enterprise_user)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/appeals/new/").content.decode()
    writes = [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert not [w for w in writes if "appeals_" in w or "audit_" in w]
    assert "融资" in page and "基础设施" in page


def test_anonymous_is_sent_to_login(client, db):
    assert client.get("/appeals/new/").status_code == 302
