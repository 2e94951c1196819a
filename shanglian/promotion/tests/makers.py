from datetime import date
from decimal import Decimal

from shanglian.core.testing.matrix import register
from shanglian.promotion.factories import (
    InstitutionFactory,
    ResearchProjectFactory,
    TechNeedFactory,
    VisitDrawFactory,
    VisitFactory,
)
from shanglian.promotion.models import ProjectStatus, VisitStatus


@register("visit_id")
def make_visit(owner):
    return VisitFactory.create(
        organization=owner.chamber,
        enterprise=owner.enterprise,
        status=VisitStatus.PLANNED,
        visited_on=None,
        notes="他方走访",
    )


@register("visitdraw_id")
def make_draw(owner):
    return VisitDrawFactory.create(organization=owner.chamber, chamber=owner.chamber)


@register("institution_id")
def make_institution(owner):
    return InstitutionFactory.create(federation=owner.federation, name="他方大学")


@register("researchproject_id")
def make_project(owner):
    project = ResearchProjectFactory.create(
        organization=owner.chamber,
        institution=owner.get("institution_id"),
        title="他方产学研项目",
        amount=Decimal("100000"),
        status=ProjectStatus.NEGOTIATING,
        signed_on=None,
    )
    project.enterprises.set([owner.enterprise])
    return project


@register("techneed_id")
def make_need(owner):
    return TechNeedFactory.create(
        organization=owner.chamber, enterprise=owner.enterprise, title="他方技术需求", description="他方需求"
    )


_ = date
