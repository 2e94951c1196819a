"""The registry's two imports, declared to the import engine (`shanglian.excel.imports`): the enterprise
roster (会员企业名册, `roster`) and the person roster (企业家名册, `person`). `register()` runs from
RegistryConfig.ready(); the engine finds them by `ImportJob.kind`."""

from __future__ import annotations

from typing import Any

from shanglian.excel.imports.declaration import Importer
from shanglian.excel.imports.declaration import register as register_importer
from shanglian.excel.models import ImportKind
from shanglian.orgs.models import OrgKind


def import_targets(user: Any) -> Any:
    """Federations the user administers, and the chambers whose secretariat they are."""
    from django.db.models import Q

    from shanglian.core import access

    targets = Q(kind=OrgKind.FEDERATION) | Q(pk__in=access.own_chamber_ids(user))
    return access.writable_orgs(user).filter(targets).order_by("path")


def _roster() -> Importer:
    from shanglian.registry.imports import roster

    return Importer(
        kind=ImportKind.ROSTER,
        label=ImportKind.ROSTER.label,
        columns=roster.columns_for,
        template=roster.template_bytes,
        template_name=lambda target: (
            "商会会员导入模板.xlsx" if target.kind == OrgKind.CHAMBER else "企业名册导入模板.xlsx"
        ),
        check=roster.check_job,
        confirm=roster.apply_job,
        targets=import_targets,
    )


def _person() -> Importer:
    from shanglian.registry.imports import person

    return Importer(
        kind=ImportKind.PERSON,
        label=ImportKind.PERSON.label,
        columns=lambda target: person.columns(),  # the same columns wherever it is imported to
        template=lambda target: person.template_bytes(),
        template_name=lambda target: "企业家名册导入模板.xlsx",
        check=person.check_job,
        confirm=person.apply_job,
        targets=import_targets,
        when_refused=person.drop_upload,
    )


ROSTER: Importer | None = None
PERSON: Importer | None = None


def register() -> None:
    global ROSTER, PERSON
    if ROSTER is None:
        ROSTER, PERSON = register_importer(_roster()), register_importer(_person())
