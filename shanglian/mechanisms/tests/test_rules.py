from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shanglian.attachments.models import Attachment
from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.core.errors import ServiceError
from shanglian.core.testing.world import MARK
from shanglian.mechanisms import services
from shanglian.mechanisms.models import RuleCategory, RuleDocument, RuleVersion
from shanglian.metrics.registry import Period, Scope, compute, get

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 rule text"
YEAR = Period(date(2020, 1, 1), date(2020, 12, 31))


def pdf(name="制度.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make(world, number="城工商联发〔2020〕1号", category=RuleCategory.GUIDING, effective_on=date(2020, 3, 1)):
    return services.create_rule(
        actor=world.admin,
        federation=world.fed,
        category=category,
        number=number,
        title="区工商联所属商会重大事项报备制度",
        effective_on=effective_on,
    )


def figure(key, scope):
    m = get(key)
    assert m is not None
    return compute(m, YEAR, scope).value


def test_admin_creates_a_rule_with_its_file_and_the_list_shows_it(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("mechanisms:rule_create"),
        {
            "category": "guiding",
            "number": "城工商联发〔2020〕1号",
            "title": "区工商联所属商会重大事项报备制度",
            "effective_on": "2020-03-01",
            "upload": pdf(),
        },
    )
    assert response.status_code == 302
    rule = RuleDocument.unscoped_objects.get()
    version = rule.versions.get()
    file = version.file
    assert version.version == 1 and file is not None
    assert AuditEntry.unscoped_objects.filter(action=AuditAction.CREATE, object_id=str(rule.pk)).exists()
    body = client.get(reverse("mechanisms:rule_list")).content.decode()
    assert "区工商联所属商会重大事项报备制度" in body and "现行有效" in body
    assert reverse("attachments:download", args=[file.pk]) in body
    # The file downloads for the federation's leader.
    leader = login(world.leader)
    assert leader.get(reverse("attachments:download", args=[file.pk])).status_code == 200


def test_revision_and_repeal(world, login):
    rule = make(world)
    services.add_rule_version(
        actor=world.admin, rule=rule, effective_on=date(2021, 1, 1), note="修订第五条", upload=pdf("v2.pdf")
    )
    assert list(rule.versions.values_list("version", flat=True)) == [2, 1]
    client = login(world.admin)
    body = client.get(reverse("mechanisms:rule_edit", args=[rule.pk])).content.decode()
    assert "第2版" in body and "修订第五条" in body
    response = client.post(reverse("mechanisms:rule_repeal", args=[rule.pk]), {"repealed_on": "2022-01-01"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.repealed_on == date(2022, 1, 1)
    assert "已废止" in client.get(reverse("mechanisms:rule_list")).content.decode()


def test_bad_input_writes_nothing(world, login):
    make(world)
    client = login(world.admin)
    before = AuditEntry.unscoped_objects.count()
    # The same number twice in one federation.
    response = client.post(
        reverse("mechanisms:rule_create"),
        {
            "category": "guiding",
            "number": "城工商联发〔2020〕1号",
            "title": "x",
            "effective_on": "2020-03-01",
        },
    )
    assert "本工商联已有该文号的制度文件。" in response.content.decode()
    # A renamed executable is refused before anything is written.
    exe = SimpleUploadedFile("制度.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(
        reverse("mechanisms:rule_create"),
        {
            "category": "supporting",
            "number": "2号",
            "title": "x",
            "effective_on": "2020-03-01",
            "upload": exe,
        },
    )
    assert response.status_code == 200
    assert RuleDocument.unscoped_objects.count() == 1 and RuleVersion.unscoped_objects.count() == 1
    assert Attachment.objects.count() == 0
    assert AuditEntry.unscoped_objects.count() == before
    rule = RuleDocument.unscoped_objects.get()
    with pytest.raises(ServiceError, match="废止日期必须晚于施行日期"):
        services.repeal_rule(actor=world.admin, rule=rule, repealed_on=date(2019, 1, 1))
    with pytest.raises(ServiceError, match="不能早于上一版"):
        services.add_rule_version(
            actor=world.admin, rule=rule, effective_on=date(2019, 1, 1), note="x", upload=pdf()
        )


def test_rights_and_tenants(world, login, client):
    rule = make(world)
    assert client.get(reverse("mechanisms:rule_list")).status_code == 302  # anonymous → login
    for user in (world.secretary, world.enterprise_user, world.liaison):
        assert login(user).get(reverse("mechanisms:rule_list")).status_code == 403
    leader = login(world.leader)
    assert leader.get(reverse("mechanisms:rule_list")).status_code == 200
    assert leader.get(reverse("mechanisms:rule_edit", args=[rule.pk])).status_code == 403
    other = login(world.users_b["federation_admin"])
    assert other.get(reverse("mechanisms:rule_edit", args=[rule.pk])).status_code == 404
    assert "区工商联所属商会" not in other.get(reverse("mechanisms:rule_list")).content.decode()
    assert MARK not in login(world.admin).get(reverse("mechanisms:rule_list")).content.decode()


def test_metrics_count_rules_in_force_by_category(world):
    for i in range(3):
        make(world, number=f"指导{i}")
    make(world, number="配套1", category=RuleCategory.SUPPORTING)
    make(world, number="以后", effective_on=date(2021, 5, 1))
    old = make(world, number="旧", effective_on=date(2015, 1, 1))
    services.repeal_rule(actor=world.admin, rule=old, repealed_on=date(2019, 6, 1))
    scope = Scope.whole(world.fed)
    assert figure("mechanisms.rules_guiding", scope) == 3
    assert figure("mechanisms.rules_supporting", scope) == 1
    assert figure("mechanisms.rules_guiding", Scope.whole(world.fed_b)) == 0
    assert figure("mechanisms.rules_guiding", Scope(world.leader)) == 3
