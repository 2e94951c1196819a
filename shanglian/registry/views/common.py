"""What the registry view modules share: page and export sizes, filter cleaning, error text, the user's rule."""

from django.core.exceptions import ValidationError

from shanglian.core.access import federation_of
from shanglian.registry import selectors
from shanglian.registry.exports import EXPORT_LIMIT  # noqa: F401 — re-exported for the view modules
from shanglian.registry.models import ContributionTier

PER_PAGE = 30
TIER_LABELS = dict(ContributionTier.choices)


def error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def federation_rule(user):
    fed = federation_of(user)
    return fed, (selectors.rule_for(fed) if fed is not None else None)


def clean_filters(form) -> dict:
    """The filters that are valid: one bad parameter does not drop the others."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return getattr(form, "cleaned_data", {})
