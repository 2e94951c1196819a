from typing import Any

from django import forms, template
from django.utils.http import urlencode

from shanglian.core import masking
from shanglian.core.roles import has_capability

register = template.Library()


@register.filter
def mask_phone(value: str | None, unmasked: bool = False) -> str | None:
    return value if unmasked else masking.mask_phone(value)


@register.filter
def shown(value: Any) -> Any:
    """A logged value as a reader sees it: booleans in Chinese, nothing as a dash."""
    if value is True:
        return "是"
    if value is False:
        return "否"
    return "—" if value is None else value


@register.filter
def mask_id(value: str | None, unmasked: bool = False) -> str | None:
    return value if unmasked else masking.mask_id_number(value)


@register.simple_tag(takes_context=True)
def can(context: template.Context, capability: str) -> bool:
    return has_capability(context["request"].user, capability)


@register.simple_tag(takes_context=True)
def query(context: template.Context, **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for pagination and sorting links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params, doseq=True)


DJANGO_EMPTY_LABEL = "---------"


def _chinese_empty_label(bound: forms.BoundField) -> None:
    """Replace Django's "---------" placeholder with "全部<label>" (filter forms) or "请选择" (edit forms)."""
    field: Any = bound.field  # ModelChoiceField (empty_label) or ChoiceField (choices)
    label = str(bound.label or "")
    is_filter = "Filter" in type(bound.form).__name__ or getattr(bound.form, "is_filter", False)
    text = f"全部{label}" if is_filter and len(label) <= 6 else ("全部" if is_filter else "请选择")
    if getattr(field, "empty_label", None) == DJANGO_EMPTY_LABEL:
        field.empty_label = text
    elif hasattr(field, "choices") and not hasattr(field, "queryset"):
        choices = list(field.choices)
        if any(value == "" and str(name) == DJANGO_EMPTY_LABEL for value, name in choices):
            field.choices = [(v, text if v == "" and str(n) == DJANGO_EMPTY_LABEL else n) for v, n in choices]


@register.filter
def styled(field: forms.BoundField) -> str:
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
    if css.startswith("form-select"):
        _chinese_empty_label(field)
    attrs: dict[str, str | bool] = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    html = field.as_widget(attrs=attrs)
    if css.startswith("form-select") and _narrows_nothing(field, html):
        return ""
    return html


def _narrows_nothing(field: forms.BoundField, html: str) -> bool:
    """A filter select offering "all" and one value, none other chosen (counted on the rendered options,
    so a model choice costs no second query)."""
    if not getattr(field.form, "hide_single_choice", False) or field.field.required:
        return False
    if getattr(field.field.widget, "allow_multiple_selected", False) or field.errors:
        return False
    return html.count("<option") <= 2 and 'value=""' in html


@register.filter
def styled_option(option: Any) -> str:
    """One checkbox/radio of a multiple-choice widget (`{% for option in field %}`), styled for the CSS kit."""
    attrs = option.data["attrs"]
    attrs["class"] = f"{attrs.get('class', '')} form-check-input".strip()
    return str(option.tag())


@register.filter
def invalid_fields(form: forms.BaseForm) -> list[forms.BoundField]:
    """The fields of `form` with an error, in form order: the banner names them, each field shows its own."""
    return [form[name] for name in form.fields if form.has_error(name)]
