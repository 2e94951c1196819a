"""The registry's models: enterprises, memberships, people, classification (one module each), re-exported
here, so `from shanglian.registry.models import Enterprise` stays as it is."""

from shanglian.core.roles import ADMIN, ENTERPRISE, LEADER, SECRETARY, register_capabilities

register_capabilities(
    {
        "person.view": {ADMIN, LEADER, SECRETARY, ENTERPRISE},
        "person.edit": {ADMIN, SECRETARY, ENTERPRISE},
        "person.view_id_number": {ADMIN},
        "membership.view": {ADMIN, LEADER, SECRETARY},
        "membership.apply": {ENTERPRISE},
        "membership.decide": {ADMIN, SECRETARY},
        "talent.view": {ADMIN, LEADER, SECRETARY},
        "talent.manage": {ADMIN},
        "classification.manage": {ADMIN},
        "registry.export": {ADMIN, LEADER, SECRETARY},
        "portal.view": {ENTERPRISE},
    }
)

from shanglian.registry.models.choices import *  # noqa: E402, F403
from shanglian.registry.models.enterprises import *  # noqa: E402, F403
from shanglian.registry.models.enterprises import _ThroughEnterprise  # noqa: E402, F401
from shanglian.registry.models.memberships import *  # noqa: E402, F403
from shanglian.registry.models.people import *  # noqa: E402, F403
from shanglian.registry.models.pools import *  # noqa: E402, F403
