"""Donations: record, joint gifts, deliver, receipt, pledge edits, corrections and the ledger."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db.models import Sum

from shanglian.audit.models import AuditEntry
from shanglian.core.access import SYSTEM, AccessDenied
from shanglian.core.errors import ServiceError
from shanglian.guidance import services
from shanglian.guidance.models import (
    CampaignKind,
    Donation,
    DonationCorrection,
    DonationEntry,
    DonationStatus,
    ValuationBasis,
)
from shanglian.guidance.services import DonorInput, ItemInput
from shanglian.registry.codes import make_credit_code
from shanglian.registry.models import Enterprise

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def campaign(world):
    return services.save_campaign(
        actor=world.admin,
        organization=world.fed,
        name="抗击新冠肺炎疫情捐赠",
        kind=CampaignKind.EPIDEMIC,
        start_on=date(2020, 1, 25),
        regions="城阳区",
    )


def _ledger(donation):
    return DonationEntry.unscoped_objects.filter(donation=donation).aggregate(s=Sum("amount"))["s"]


def test_cash_and_goods_delivered_write_one_entry_per_donor(world, campaign):
    d = services.record_donation(
        actor=world.admin,
        campaign=campaign,
        donated_on=date(2020, 2, 1),
        donors=[DonorInput(enterprise=world.enterprise)],
        cash_amount=D("100000"),
        items=[ItemInput("医用口罩", D("10000"), "个", D("2.5"), ValuationBasis.INVOICE)],
        delivered_on=date(2020, 2, 3),
    )
    assert d.status == DonationStatus.DELIVERED
    assert (d.cash_amount, d.in_kind_amount, d.total) == (D("100000.00"), D("25000.00"), D("125000.00"))
    entries = list(DonationEntry.unscoped_objects.filter(donation=d))
    assert (
        len(entries) == 1
        and entries[0].enterprise == world.enterprise
        and entries[0].in_kind == D("25000.00")
    )
    assert (
        AuditEntry.unscoped_objects.filter(object_type__icontains="donation", object_id=str(d.pk)).count()
        == 2
    )  # created, delivered


def test_joint_gift_splits_by_share_and_must_add_up(world, campaign):
    other = Enterprise.unscoped_objects.create(
        federation=world.fed, name="青岛联合捐赠有限公司", credit_code=make_credit_code(7_700_001)
    )
    donors = [
        DonorInput(enterprise=world.enterprise, amount=D("60000")),
        DonorInput(enterprise=other, amount=D("30000")),
    ]
    with pytest.raises(ServiceError, match="份额合计 90000.00 元，与捐赠总额 100000.00 元不一致"):
        services.record_donation(
            actor=world.admin,
            campaign=campaign,
            donated_on=date(2020, 2, 1),
            donors=donors,
            cash_amount=D("100000"),
        )
    assert not Donation.unscoped_objects.exists()
    donors[1] = DonorInput(enterprise=other, amount=D("40000"))
    d = services.record_donation(
        actor=world.admin,
        campaign=campaign,
        donated_on=date(2020, 2, 1),
        donors=donors,
        cash_amount=D("100000"),
        delivered_on=date(2020, 2, 1),
    )
    got = dict(DonationEntry.unscoped_objects.filter(donation=d).values_list("enterprise__name", "amount"))
    assert got == {world.enterprise.name: D("60000.00"), other.name: D("40000.00")}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"cash_amount": D("0")}, "捐赠金额必须大于零"),
        ({"cash_amount": D("-5")}, "现金金额必须大于零"),
        ({"cash_amount": D("1.234")}, "最多保留两位小数"),
        ({"items": [ItemInput("大米", D("10"), "袋", D("50"), "")]}, "缺少估值依据"),
        ({"items": [ItemInput("大米", D("0"), "袋", D("50"), ValuationBasis.MARKET)]}, "数量必须大于零"),
        ({"cash_amount": D("10"), "donated_on": date(2019, 1, 1)}, "不能早于活动开始日期"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(world, campaign, kwargs, message):
    args = {
        "actor": world.admin,
        "campaign": campaign,
        "donated_on": date(2020, 2, 1),
        "donors": [DonorInput(enterprise=world.enterprise)],
    } | kwargs
    with pytest.raises(ServiceError, match=message):
        services.record_donation(**args)
    assert not Donation.unscoped_objects.exists()


def test_donor_outside_scope_and_other_tenant(world, campaign):
    with pytest.raises(ServiceError, match="不属于本活动所在的工商联"):
        services.record_donation(
            actor=world.admin,
            campaign=campaign,
            donated_on=date(2020, 2, 1),
            donors=[DonorInput(enterprise=world.enterprise_b)],
            cash_amount=D("10"),
        )
    chamber_campaign = services.save_campaign(
        actor=world.secretary,
        organization=world.chamber,
        name="城阳商会捐赠",
        kind="epidemic",
        start_on=date(2020, 1, 1),
    )
    with pytest.raises(ServiceError, match="不在您的数据范围内"):  # A2's member, not the secretary's
        services.record_donation(
            actor=world.secretary,
            campaign=chamber_campaign,
            donated_on=date(2020, 2, 1),
            donors=[DonorInput(enterprise=world.enterprise2)],
            cash_amount=D("10"),
        )
    with pytest.raises(AccessDenied):  # the federation's campaign is not the secretary's to write
        services.record_donation(
            actor=world.secretary,
            campaign=campaign,
            donated_on=date(2020, 2, 1),
            donors=[DonorInput(enterprise=world.enterprise)],
            cash_amount=D("10"),
        )
    with pytest.raises(AccessDenied):
        services.record_donation(
            actor=world.users_b["federation_admin"],
            campaign=campaign,
            donated_on=date(2020, 2, 1),
            donors=[DonorInput(enterprise=world.enterprise)],
            cash_amount=D("10"),
        )
    with pytest.raises(AccessDenied):
        services.record_donation(
            actor=world.leader,
            campaign=campaign,
            donated_on=date(2020, 2, 1),
            donors=[DonorInput(enterprise=world.enterprise)],
            cash_amount=D("10"),
        )
    assert not Donation.unscoped_objects.exists()


def test_enterprise_user_pledges_for_itself_only(world, campaign):
    d = services.record_donation(
        actor=world.enterprise_user,
        campaign=campaign,
        donated_on=date(2020, 2, 1),
        donors=[DonorInput(enterprise=world.enterprise)],
        cash_amount=D("5000"),
    )
    assert d.status == DonationStatus.PLEDGED and not DonationEntry.unscoped_objects.exists()
    with pytest.raises(ServiceError, match="只能以本企业名义认捐"):
        services.record_donation(
            actor=world.enterprise_user,
            campaign=campaign,
            donated_on=date(2020, 2, 1),
            donors=[DonorInput(enterprise=world.enterprise2)],
            cash_amount=D("5000"),
        )
    with pytest.raises(AccessDenied):
        services.deliver_donation(actor=world.enterprise_user, donation=d, delivered_on=date(2020, 2, 2))


def test_receipt_only_after_delivery_and_edits_refused_once_delivered(world, campaign):
    d = services.record_donation(
        actor=world.admin,
        campaign=campaign,
        donated_on=date(2020, 2, 1),
        donors=[DonorInput(enterprise=world.enterprise)],
        cash_amount=D("5000"),
    )
    with pytest.raises(ServiceError, match="只能在交付之后"):
        services.record_receipt(
            actor=world.admin,
            donation=d,
            number="No.1",
            issuer="城阳区慈善总会",
            receipt_date=date(2020, 2, 5),
        )
    d = services.update_pledge(
        actor=world.admin,
        donation=d,
        donated_on=date(2020, 2, 1),
        donors=[DonorInput(enterprise=world.enterprise)],
        cash_amount=D("6000"),
    )
    assert d.cash_amount == D("6000.00") and d.shares.get().amount == D("6000.00")
    d = services.deliver_donation(actor=world.admin, donation=d, delivered_on=date(2020, 2, 3))
    with pytest.raises(ServiceError, match="开票日期不能早于交付日期"):
        services.record_receipt(
            actor=world.admin,
            donation=d,
            number="No.1",
            issuer="城阳区慈善总会",
            receipt_date=date(2020, 2, 2),
        )
    d = services.record_receipt(
        actor=world.admin,
        donation=d,
        number="No.1",
        issuer="城阳区慈善总会",
        receipt_date=date(2020, 2, 5),
        upload=ContentFile(b"%PDF-1.4 receipt", name="票据.pdf"),
    )
    assert d.status == DonationStatus.RECEIPTED and d.receipt_file is not None
    with pytest.raises(ServiceError, match="请登记更正"):
        services.update_pledge(
            actor=world.admin,
            donation=d,
            donated_on=date(2020, 2, 1),
            donors=[DonorInput(enterprise=world.enterprise)],
            cash_amount=D("1"),
        )
    d.refresh_from_db()
    assert d.cash_amount == D("6000.00")


def test_correction_keeps_history_and_ledger_adds_up(world, campaign):
    other = Enterprise.unscoped_objects.create(
        federation=world.fed, name="青岛联合捐赠有限公司", credit_code=make_credit_code(7_700_001)
    )
    d = services.record_donation(
        actor=world.admin,
        campaign=campaign,
        donated_on=date(2020, 2, 1),
        donors=[
            DonorInput(enterprise=world.enterprise, amount=D("2")),
            DonorInput(enterprise=other, amount=D("1")),
        ],
        cash_amount=D("3"),
        delivered_on=date(2020, 2, 1),
    )
    with pytest.raises(ServiceError, match="请填写更正原因"):
        services.correct_donation(
            actor=world.admin, donation=d, cash_amount=D("1000"), in_kind_amount=D(0), reason=" "
        )
    c = services.correct_donation(
        actor=world.admin, donation=d, cash_amount=D("1000"), in_kind_amount=D(0), reason="少录三个零"
    )
    assert (c.total_before, c.total_after, c.actor) == (D("3.00"), D("1000.00"), world.admin)
    assert _ledger(d) == D("1000.00")
    assert DonationEntry.unscoped_objects.filter(correction=c).count() == 2
    services.correct_donation(
        actor=world.admin, donation=d, cash_amount=D("999"), in_kind_amount=D(0), reason="核对"
    )
    assert _ledger(d) == D("999.00")
    d.refresh_from_db()
    assert d.cash_amount == D("3.00")  # the gift as recorded stays
    assert AuditEntry.unscoped_objects.filter(object_id=str(c.pk), message__contains="少录三个零").exists()
    with pytest.raises(AccessDenied):
        services.correct_donation(
            actor=world.leader, donation=d, cash_amount=D("1"), in_kind_amount=D(0), reason="x"
        )
    assert DonationCorrection.unscoped_objects.count() == 2


def test_system_records_for_the_seed(world, campaign):
    d = services.record_donation(
        actor=SYSTEM,
        campaign=campaign,
        donated_on=date(2020, 2, 1),
        donors=[DonorInput(enterprise=world.enterprise)],
        cash_amount=D("1"),
        delivered_on=date(2020, 2, 1),
    )
    assert _ledger(d) == D("1.00")
