import random
import unicodedata
from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from faker import Faker

from shanglian.accounts.models import RoleAssignment, User
from shanglian.core.demo import DEMO_PASSWORD, DemoContext, run_app_demos
from shanglian.core.roles import Role
from shanglian.orgs.models import ChamberKind, Organization, OrgKind
from shanglian.registry import enterprise_tally, member_tally, search
from shanglian.registry.codes import make_credit_code
from shanglian.registry.models import Enterprise, Membership, Position

STREETS = ["城阳", "流亭", "夏庄", "惜福镇", "棘洪滩", "上马"]
INDUSTRY_CHAMBERS = [
    "城阳区房地产商会",
    "城阳区小企业商会",
    "城阳区青年企业家商会",
    "城阳区茶叶商会",
    "城阳区建筑业商会",
    "城阳区食品行业商会",
    "城阳区科技企业商会",
    "城阳区物流商会",
]
DEPARTMENTS = [
    "城阳区税务局",
    "城阳区市场监督管理局",
    "城阳区人民检察院",
    "城阳区工业和信息化局",
    "城阳区生态环境分局",
]
INDUSTRY_WORDS = [
    "科技",
    "食品",
    "机械",
    "物流",
    "建设",
    "电子",
    "生物",
    "新材料",
    "贸易",
    "服装",
    "模具",
    "环保",
    "轨道交通",
    "智能装备",
]
SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司"]


def street_chamber_name(street: str) -> str:
    return f"{street}街道商会" if not street.endswith("镇") else f"{street}商会"


class Command(BaseCommand):
    help = "载入演示数据（城阳区工商联、街道/行业/异地商会、约 400 家企业、各角色演示账号）。已存在则跳过。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument("--enterprises", type=int, default=400)
        parser.add_argument("--quiet-logins", action="store_true")

    def handle(self, *args, **opts):
        if Organization.objects.filter(name="城阳区工商联（总商会）").exists():
            self.stdout.write("演示数据已存在，跳过载入。")
        else:
            with transaction.atomic():
                self._load(opts["seed"], opts["enterprises"])
                member_tally.rebuild()  # memberships and tags went in by bulk_create (no signals)
                enterprise_tally.rebuild()
            self.stdout.write(self.style.SUCCESS("演示数据已载入。"))
        if not opts["quiet_logins"]:
            self.print_logins()

    def print_logins(self):
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, label in DEMO_LOGINS:
            self.stdout.write(f"  {_padded(label)}{username}")

    def _load(self, seed: int, n_enterprises: int):
        rng = random.Random(seed)
        fake = Faker("zh_CN")
        fake.seed_instance(seed)
        ctx = DemoContext(rng=rng, fake=fake)
        ctx.city = Organization.objects.create_root(name="青岛市工商联", kind=OrgKind.FEDERATION)
        ctx.federation = Organization.objects.create_child(
            ctx.city, name="城阳区工商联（总商会）", short_name="城阳区工商联", kind=OrgKind.FEDERATION
        )
        fed = ctx.federation
        for street in STREETS:
            name = street_chamber_name(street)
            ctx.chambers[name] = Organization.objects.create_child(
                fed, name=name, kind=OrgKind.CHAMBER, chamber_kind=ChamberKind.STREET, street=street
            )
        for name in INDUSTRY_CHAMBERS:
            ctx.chambers[name] = Organization.objects.create_child(
                fed, name=name, kind=OrgKind.CHAMBER, chamber_kind=ChamberKind.INDUSTRY
            )
        ctx.chambers["沂水商会"] = Organization.objects.create_child(
            fed,
            name="城阳区沂水商会",
            short_name="沂水商会",
            kind=OrgKind.CHAMBER,
            chamber_kind=ChamberKind.HOMETOWN,
        )
        for name in DEPARTMENTS:
            ctx.departments[name] = Organization.objects.create_child(fed, name=name, kind=OrgKind.DEPARTMENT)

        self._enterprises(ctx, n_enterprises)
        self._users(ctx)
        run_app_demos(ctx)
        search.refresh(every=True)  # the demos bulk-insert tags, which no signal reports

    def _enterprises(self, ctx: DemoContext, n: int):
        rng, fake = ctx.rng, ctx.fake
        names = set()
        rows = []
        while len(rows) < n:
            name = (
                f"青岛{fake.last_name()}{rng.choice(['瑞', '恒', '鑫', '海', '华', '泰', '丰', '达', '源', '信'])}"
                f"{rng.choice(INDUSTRY_WORDS)}{rng.choice(SUFFIXES)}"
            )
            if name in names:
                continue
            names.add(name)
            street = rng.choice(STREETS)
            rows.append(
                Enterprise(
                    federation=ctx.federation,
                    name=name,
                    credit_code=make_credit_code(100000 + len(rows), kind="91"),
                    legal_representative=fake.name(),
                    street=street,
                    phone=fake.phone_number(),
                )
            )
        ctx.enterprises = Enterprise.unscoped_objects.bulk_create(rows)
        street_chambers = {c.street: c for c in ctx.chambers.values() if c.chamber_kind == ChamberKind.STREET}
        others = [c for c in ctx.chambers.values() if c.chamber_kind != ChamberKind.STREET]
        memberships = []
        start = date(2019, 1, 1)
        for i, e in enumerate(ctx.enterprises):
            # ~77% joined before 2020, the rest during 2020: the seed's "会员增幅达30%".
            joined = (
                start + timedelta(days=rng.randint(0, 364))
                if i % 100 < 77
                else date(2020, 1, 1) + timedelta(days=rng.randint(0, 360))
            )
            memberships.append(
                Membership(
                    enterprise=e,
                    chamber=street_chambers[e.street],
                    joined_on=joined,
                    position=Position.MEMBER,
                )
            )
            if rng.random() < 0.35:
                memberships.append(
                    Membership(
                        enterprise=e, chamber=rng.choice(others), joined_on=joined, position=Position.MEMBER
                    )
                )
        # Leaders: the first members of each chamber.
        by_chamber = {}
        for m in memberships:
            by_chamber.setdefault(m.chamber_id, []).append(m)
        for ms in by_chamber.values():
            for m, pos in zip(
                ms,
                [
                    Position.PRESIDENT,
                    Position.EXECUTIVE_PRESIDENT,
                    Position.VICE_PRESIDENT,
                    Position.VICE_PRESIDENT,
                    Position.DIRECTOR,
                    Position.DIRECTOR,
                ],
                strict=False,
            ):
                m.position = pos
        Membership.unscoped_objects.bulk_create(memberships)

    def _users(self, ctx: DemoContext):
        chengyang = ctx.chambers["城阳街道商会"]
        xiazhuang = ctx.chambers["夏庄街道商会"]
        member = next(e for e in ctx.enterprises if e.street == "城阳")
        specs = [
            ("fed_admin", "王建国", ctx.federation, Role.FEDERATION_ADMIN, ctx.federation, None),
            ("fed_leader", "李明华", ctx.federation, Role.FEDERATION_LEADER, ctx.federation, None),
            ("sec_chengyang", "张秀英", chengyang, Role.CHAMBER_SECRETARY, chengyang, None),
            ("sec_xiazhuang", "刘洋", xiazhuang, Role.CHAMBER_SECRETARY, xiazhuang, None),
            ("ent_demo", "陈志强", chengyang, Role.ENTERPRISE_USER, None, member),
            (
                "liaison_tax",
                "赵敏",
                ctx.departments["城阳区税务局"],
                Role.DEPARTMENT_LIAISON,
                ctx.departments["城阳区税务局"],
                None,
            ),
        ]
        for username, name, home, role, org, enterprise in specs:
            user = User(username=username, name=name, home_org=home, phone=ctx.fake.phone_number())
            user.set_password(DEMO_PASSWORD)
            user.save()
            # The demo enterprise's login is its legal representative: surveys that need the 法定代表人's
            # approval can be shown end to end with one account.
            RoleAssignment.objects.create(
                user=user,
                role=role,
                organization=org,
                enterprise=enterprise,
                is_legal_representative=username == "ent_demo",
            )
            ctx.users[username] = user


DEMO_LOGINS = [
    ("fed_admin", "工商联管理员"),
    ("fed_leader", "工商联领导"),
    ("sec_chengyang", "商会秘书处（城阳街道商会）"),
    ("sec_xiazhuang", "商会秘书处（夏庄街道商会）"),
    ("ent_demo", "企业用户"),
    ("liaison_tax", "部门联络员（区税务局）"),
    ("vc_wang", "企业家副主席（集体签字）"),
]


def _padded(label: str, width: int = 28) -> str:
    """Pad by display width: a Chinese character takes two columns in a terminal."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in label)
    return label + " " * max(1, width - shown)
