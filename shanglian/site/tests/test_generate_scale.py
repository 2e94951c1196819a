import pytest
from django.core.management import call_command

from shanglian.accounts.models import RoleAssignment
from shanglian.core.roles import Role
from shanglian.orgs.models import Organization
from shanglian.registry import search, selectors
from shanglian.registry.codes import make_credit_code, validate_credit_code
from shanglian.registry.models import Enterprise, Membership, Tag
from shanglian.site.management.commands.generate_scale import credit_codes


def test_fast_credit_codes_equal_make_credit_code():
    for start in (0, 12_345_678, 99_999_000):
        got = list(credit_codes(start, 500))
        assert got == [make_credit_code(s, region="370299", kind="91") for s in range(start, start + 500)]


@pytest.mark.django_db
def test_generate_scale_creates_a_consistent_registry(capsys):
    call_command("generate_scale", enterprises=120, chambers=3, users=8)
    call_command("generate_scale", enterprises=30, chambers=3, users=2)  # runs again without clashes
    fed = Organization.objects.get(name="规模测试区工商联")
    enterprises = Enterprise.unscoped_objects.filter(federation=fed)
    assert enterprises.count() == 150
    codes = list(enterprises.values_list("credit_code", flat=True))
    assert len(set(codes)) == 150 and all(validate_credit_code(c) == c for c in codes)
    e = enterprises.first()
    assert e.name_pinyin and e.name_initials and e.industry_id and e.scale
    assert Membership.unscoped_objects.filter(enterprise__federation=fed).count() == 150
    assert (
        Membership.unscoped_objects.filter(chamber__path__startswith=fed.path)
        .values("chamber")
        .distinct()
        .count()
        == 3
    )
    assert (
        RoleAssignment.objects.filter(
            role=Role.CHAMBER_SECRETARY, organization__path__startswith=fed.path
        ).count()
        == 5
    )
    assert RoleAssignment.objects.filter(role=Role.ENTERPRISE_USER, enterprise__federation=fed).count() == 5
    assert "生成完成" in capsys.readouterr().out
    assert search.stale_count() == 0  # every generated enterprise is in the search index (PostgreSQL)
    tagged = enterprises.filter(tags__code="high_tech")
    assert 0 < tagged.count() < 150
    found = selectors.filter_enterprises(enterprises, {"tags": [Tag.objects.get(code="high_tech")]}, None)
    assert set(found) == set(tagged)


def test_bad_arguments_are_refused():
    with pytest.raises(Exception, match="至少为 1"):
        call_command("generate_scale", enterprises=1, chambers=0, users=0)
