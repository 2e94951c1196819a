"""`CleanForm`: the base of every form — the shared text cleaner and date range on every field.

It works on the cleaned values of all fields, including those a form builds from a model
(`fields_for_model`), so no form can forget a field. Password fields are left as typed (a password
is compared, never shown; NFKC would change it).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from shanglian.core.dates import DEFAULT_RANGE, DateRange, check_date
from shanglian.core.phones import validate_phone
from shanglian.core.text import clean_input

__all__ = ["CleanForm", "FilterForm", "date_range_of"]


def date_range_of(field: forms.Field) -> DateRange:
    """A field may carry its own range (`field.date_range = DateRange(...)`)."""
    return getattr(field, "date_range", DEFAULT_RANGE)


def _clean_value(field: forms.Field, value: Any) -> Any:
    if isinstance(field, forms.DateField | forms.DateTimeField):
        check_date(value, date_range_of(field))
        return value
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
        return clean_input(value, multiline=isinstance(field.widget, forms.Textarea))
    return value


class CleanForm(forms.Form):
    def full_clean(self) -> None:
        super().full_clean()
        cleaned = getattr(self, "cleaned_data", None)
        if cleaned is None:
            return
        for name, value in list(cleaned.items()):
            field = self.fields.get(name)
            if field is None or value in (None, ""):
                continue
            try:
                cleaned[name] = _clean_value(field, value)
            except ValidationError as exc:
                self.add_error(name, exc)


class FilterForm(CleanForm):
    """A list's filter bar (GET). A choice that can only be "all" or the one value the user's scope
    holds narrows nothing: `styled` renders it as nothing (a secretary gets no 全部商会 for its one
    chamber). Only filters: in an edit form a one-choice select is still a choice to make."""

    hide_single_choice = True


class PhoneField(forms.CharField):
    """A phone number typed into a hand-written form: the one rule of `core.phones` (mobile, or landline with
    its area code); model-built phone fields get the same validator from the column."""

    default_validators = [validate_phone]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "11 位手机号码，或带区号的固定电话（如 0532-87654321）")
        super().__init__(**kwargs)
