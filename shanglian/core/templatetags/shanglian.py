from django import template
from django.utils.http import urlencode

from shanglian.core import masking
from shanglian.core.roles import has_capability

register = template.Library()


@register.filter
def mask_phone(value, unmasked=False):
    return value if unmasked else masking.mask_phone(value)


@register.filter
def mask_id(value, unmasked=False):
    return value if unmasked else masking.mask_id_number(value)


@register.simple_tag(takes_context=True)
def can(context, capability):
    return has_capability(context["request"].user, capability)


@register.simple_tag(takes_context=True)
def query(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params, doseq=True)


@register.filter
def styled(field):
    """Render a bound field with the CSS kit's classes, so forms need no per-widget styling."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", None)
    if input_type == "checkbox":
        css = "form-check-input"
    elif input_type == "select" or widget.__class__.__name__.endswith("Select"):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    return field.as_widget(attrs=attrs)
