from django import template

from shanglian.registry.models import ContributionTier

register = template.Library()
_TIERS = dict(ContributionTier.choices)


@register.filter
def tier_label(value):
    return _TIERS.get(value, "")


@register.filter
def yuan(value):
    """Amount in 元 shown as 万元 with two decimals (the unit the federation reports in)."""
    if value is None or value == "":
        return "—"
    return f"{value / 10000:,.2f} 万元"
