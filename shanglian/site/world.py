"""A small two-tenant world for tests: federation A (ours) and federation B (another tenant).

Everything of the other tenant, and of the other chamber A2, carries the marker "他方" in its name so a
test can assert that no page shown to our users ever contains it.
"""

from dataclasses import dataclass, field
from typing import Any

from shanglian.accounts.factories import user_with_role
from shanglian.core.roles import Role
from shanglian.core.testing.world import MARK
from shanglian.orgs.factories import make_chamber, make_department, make_federation
from shanglian.registry.factories import EnterpriseFactory, MembershipFactory


@dataclass
class World:
    city: Any
    fed: Any
    chamber: Any  # A1: our secretary's chamber
    chamber2: Any  # A2: another chamber of our federation
    department: Any
    enterprise: Any  # member of A1
    enterprise2: Any  # member of A2 only
    fed_b: Any
    chamber_b: Any
    enterprise_b: Any
    users: dict[str, Any] = field(default_factory=dict)  # role -> user of federation A
    users_b: dict[str, Any] = field(default_factory=dict)

    @property
    def admin(self):
        return self.users[Role.FEDERATION_ADMIN]

    @property
    def leader(self):
        return self.users[Role.FEDERATION_LEADER]

    @property
    def secretary(self):
        return self.users[Role.CHAMBER_SECRETARY]

    @property
    def enterprise_user(self):
        return self.users[Role.ENTERPRISE_USER]

    @property
    def liaison(self):
        return self.users[Role.DEPARTMENT_LIAISON]


def build_world() -> World:
    city = make_federation("青岛市工商联")
    fed = make_federation("城阳区工商联", parent=city)
    chamber = make_chamber(fed, "城阳街道商会", street="城阳")
    chamber2 = make_chamber(fed, f"{MARK}夏庄街道商会", street="夏庄")
    department = make_department(fed, "城阳区税务局")
    enterprise = EnterpriseFactory(federation=fed, name="青岛本方科技有限公司")
    MembershipFactory(enterprise=enterprise, chamber=chamber)
    enterprise2 = EnterpriseFactory(federation=fed, name=f"青岛{MARK}夏庄食品有限公司", street="夏庄")
    MembershipFactory(enterprise=enterprise2, chamber=chamber2)
    fed_b = make_federation(f"{MARK}即墨区工商联", parent=city)
    chamber_b = make_chamber(fed_b, f"{MARK}即墨街道商会", street="即墨")
    enterprise_b = EnterpriseFactory(federation=fed_b, name=f"青岛{MARK}即墨机械有限公司", street="即墨")
    MembershipFactory(enterprise=enterprise_b, chamber=chamber_b)
    w = World(
        city, fed, chamber, chamber2, department, enterprise, enterprise2, fed_b, chamber_b, enterprise_b
    )
    w.users = {
        Role.FEDERATION_ADMIN: user_with_role(Role.FEDERATION_ADMIN, organization=fed, username="admin_a"),
        Role.FEDERATION_LEADER: user_with_role(Role.FEDERATION_LEADER, organization=fed, username="leader_a"),
        Role.CHAMBER_SECRETARY: user_with_role(
            Role.CHAMBER_SECRETARY, organization=chamber, username="sec_a"
        ),
        Role.ENTERPRISE_USER: user_with_role(
            Role.ENTERPRISE_USER, enterprise=enterprise, home_org=chamber, username="ent_a"
        ),
        Role.DEPARTMENT_LIAISON: user_with_role(
            Role.DEPARTMENT_LIAISON, organization=department, username="liaison_a"
        ),
    }
    w.users_b = {
        Role.FEDERATION_ADMIN: user_with_role(
            Role.FEDERATION_ADMIN, organization=fed_b, username="admin_b", name=f"{MARK}管理员"
        ),
        Role.CHAMBER_SECRETARY: user_with_role(
            Role.CHAMBER_SECRETARY, organization=chamber_b, username="sec_b", name=f"{MARK}秘书"
        ),
    }
    return w
