"""Intake: an enterprise's appeal submitted (by itself, its chamber's secretary, the desk, or another app)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from shanglian.appeals.models import (
    FILE,
    OPEN_STATES,
    Appeal,
    AppealCategory,
    AppealEntry,
    AppealState,
    Channel,
    ContactPreference,
    EntryKind,
)
from shanglian.attachments import services as attachments
from shanglian.attachments.uses import get_use
from shanglian.audit.services import record_create
from shanglian.core.access import (
    AccessDenied,
    is_admin_of,
    is_secretary_of,
    is_system,
    own_enterprise_ids,
    require_actor,
)
from shanglian.core.errors import ServiceError
from shanglian.core.saving import save_or_refuse
from shanglian.notifications.services import notify

TITLE_MAX = 100
CONTENT_MAX = 5000
# Title similarity above which an open appeal of the same enterprise is flagged as a likely duplicate.
DUPLICATE_SIMILARITY = 0.5


def _chamber_for(actor: Any, enterprise: Any) -> tuple[Any, bool]:
    """(chamber, via_secretary): the secretary's own chamber when a secretary enters it, else the
    enterprise's (first active) chamber, for the secretary to follow its members' appeals."""
    chambers = [
        m.chamber
        for m in enterprise.memberships.filter(left_on__isnull=True).select_related("chamber").order_by("pk")
    ]
    for chamber in chambers:
        if not is_system(actor) and is_secretary_of(actor, chamber):
            return chamber, True
    return (chambers[0] if chambers else None), False


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def find_duplicate(
    *, enterprise: Any, title: str, content: str, category: Any = None, exclude: int | None = None
) -> Appeal | None:
    """An open appeal of the same enterprise (same category) that looks like this one, or None.

    PostgreSQL ranks with pg_trgm's similarity; elsewhere (SQLite) a character-sequence ratio over the
    enterprise's few open appeals does the same job.
    """
    qs = Appeal.objects.unscoped().filter(enterprise=enterprise, state__in=OPEN_STATES)
    if category is not None:
        qs = qs.filter(category=category)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    text = f"{title} {content[:200]}"
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        best: Appeal | None = (
            qs.annotate(similarity=TrigramSimilarity("title", title))
            .filter(similarity__gte=DUPLICATE_SIMILARITY)
            .order_by("-similarity", "-pk")
            .first()
        )
        return best
    scored = [(_similarity(text, f"{a.title} {a.content[:200]}"), a) for a in qs.order_by("-pk")[:50]]
    scored = [(s, a) for s, a in scored if s >= DUPLICATE_SIMILARITY or _similarity(title, a.title) >= 0.7]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


@transaction.atomic
def submit_appeal(
    *,
    actor: Any,
    enterprise: Any,
    title: str,
    content: str,
    channel: str,
    category: AppealCategory | None = None,
    source: Model | None = None,
    disclose: bool = False,
    contact_preference: str = ContactPreference.PHONE,
    counterparty: str = "",
    amount_at_stake: Decimal | None = None,
    files: Sequence[Any] = (),
    today: date | None = None,
) -> Appeal:
    """Record an enterprise's appeal and put it in the right queue.

    Entered by the enterprise itself (or the desk, or another app as SYSTEM) it waits at the federation's
    受理 desk; entered by a chamber's secretary (a phone call, a visit) it waits at the chamber, which
    resolves it itself or forwards it. `source`: where it came from (stored as a generic link).
    """
    require_actor(actor)
    if not (
        is_system(actor)
        or enterprise.pk in own_enterprise_ids(actor)
        or is_admin_of(actor, enterprise.federation)
        or any(
            is_secretary_of(actor, m.chamber)
            for m in enterprise.memberships.filter(left_on__isnull=True).select_related("chamber")
        )
    ):
        raise AccessDenied("您只能为本企业（或本商会的会员企业）提交诉求。")
    title = (title or "").strip()
    content = (content or "").strip()
    if not title:
        raise ServiceError("请填写诉求标题。")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"诉求标题不能超过 {TITLE_MAX} 个字。")
    if not content:
        raise ServiceError("请填写诉求内容。")
    if len(content) > CONTENT_MAX:
        raise ServiceError(f"诉求内容不能超过 {CONTENT_MAX} 个字。")
    if channel not in Channel.values:
        raise ServiceError("请选择诉求渠道。")
    if contact_preference not in ContactPreference.values:
        raise ServiceError("请选择联系方式偏好。")
    federation = enterprise.federation
    if category is not None and category.federation_id != federation.pk:
        raise ServiceError("诉求类别不属于该企业所在的工商联。")
    if amount_at_stake is not None and amount_at_stake < 0:
        raise ServiceError("涉及金额不能为负数。")
    use = get_use(FILE)
    checked = [attachments.check_upload(f, use) for f in files]

    chamber, via_secretary = _chamber_for(actor, enterprise)
    day = today or timezone.localdate()
    appeal = Appeal(
        federation=federation,
        chamber=chamber,
        enterprise=enterprise,
        category=category,
        title=title,
        content=content,
        disclose=disclose,
        contact_preference=contact_preference,
        channel=channel,
        state=AppealState.CHAMBER if via_secretary else AppealState.SUBMITTED,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        submitted_on=day,
        counterparty=(counterparty or "").strip()[:100],
        amount_at_stake=amount_at_stake,
    )
    if source is not None:
        appeal.source_type = ContentType.objects.get_for_model(source)
        appeal.source_id = source.pk
    appeal.duplicate_of = find_duplicate(
        enterprise=enterprise, title=title, content=content, category=category
    )
    save_or_refuse(appeal, integrity_message="诉求保存失败，请检查填写内容。")
    record_create(
        actor=actor,
        obj=appeal,
        organization=federation,
        message=f"提交诉求（{appeal.get_channel_display()}）",
    )
    AppealEntry.unscoped_objects.create(
        appeal=appeal,
        kind=EntryKind.STEP,
        label="提交",
        body=f"渠道：{appeal.get_channel_display()}" + ("，由商会秘书处代为录入" if via_secretary else ""),
        author=appeal.submitted_by,
        unit=chamber if via_secretary else None,
    )
    for upload, check in zip(files, checked, strict=True):
        attachments.attach(owner=appeal, use=FILE, upload=upload, actor=actor, checked=check)
    from shanglian.appeals.workflows import desk_users, unit_handlers

    recipients = list(unit_handlers(chamber)) if via_secretary and chamber else list(desk_users(appeal))
    notify(
        recipients=[u for u in recipients if u.pk != getattr(actor, "pk", None)],
        title=f"新诉求：{appeal.title}" + ("（疑似重复）" if appeal.duplicate_of_id else ""),
        key=f"appeals:{appeal.pk}:submitted",
        link=f"/appeals/{appeal.pk}/",
        actor=actor,
    )
    return appeal
