"""Reads of the mechanisms app that pages and the API share."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from .models import Signature, ViceChair


def rounds_with_people(qs: Any, user: Any) -> Any:
    """Signers and the signatures the user may read, fetched for the whole page in two queries."""
    return qs.prefetch_related(
        Prefetch("signers", queryset=ViceChair.objects.unscoped().select_related("person").order_by("pk")),
        Prefetch(
            "signatures",
            queryset=Signature.objects.visible_to(user).select_related("signer__person").order_by("seq"),
            to_attr="visible_signatures",
        ),
    )
