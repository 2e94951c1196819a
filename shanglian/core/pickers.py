"""Pickers: searchable type-ahead selects (Tom Select) for people, enterprises and other long lists.

An app declares each list it offers as a `Picker` (its scoped rows for a user, how a typed text searches
them, how a row is labelled) and registers it in its AppConfig.ready(). A form field takes one with
`use_picker(field, kind)`: the select is rendered with only the chosen options, and the browser asks the one
search endpoint (`core:pick`, views.pick) for more as the user types. The field's own queryset stays the
judge of what may be submitted, so an id outside the user's scope is refused there as in any select; the
endpoint answers only with rows of the user's scope (`Picker.rows`, built on core.scope's `visible_to` /
`editable_by`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.urls import reverse

__all__ = ["Picker", "PickerSelect", "PickerSelectMultiple", "picker_for", "register", "use_picker"]

MAX_RESULTS = 20


@dataclass(frozen=True)
class Picker:
    kind: str
    rows: Callable[[Any, bool], QuerySet[Any]]  # (user, write) -> the scoped rows a user may pick from
    search: Callable[[QuerySet[Any], str], QuerySet[Any]]  # (rows, typed text) -> the matching rows
    label: Callable[[Any], str]
    capability: str = ""  # a right the user must hold to search at all
    placeholder: str = "输入名称搜索"


_registered: dict[str, Picker] = {}


def register(picker: Picker) -> Picker:
    existing = _registered.get(picker.kind)
    if existing is not None and existing is not picker:
        raise ValueError(f"picker {picker.kind!r} is already registered")
    _registered[picker.kind] = picker
    return picker


def picker_for(kind: str) -> Picker | None:
    return _registered.get(kind)


def _ids(values: Any) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


class _PickerWidget:
    """Renders the chosen options only: a select of 400 enterprises or 76 people is not sent to the browser;
    the rest arrive from the search endpoint as the user types."""

    allow_multiple_selected: bool
    choices: Any
    kind: str
    write: bool

    def setup(self, kind: str, write: bool) -> None:
        self.kind, self.write = kind, write

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # resolved at render time: a form class may declare the widget before the URLs and pickers load
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        picker = picker_for(self.kind)
        context["widget"]["attrs"].update(
            {
                "data-picker": self.kind,
                "data-picker-url": reverse("core:pick"),
                "data-placeholder": picker.placeholder if picker else "输入名称搜索",
                "autocomplete": "off",
            }
        )
        if self.write:
            context["widget"]["attrs"]["data-picker-write"] = "1"
        return context

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> list[Any]:
        groups: list[Any] = []
        index = 0
        create = self.create_option  # type: ignore[attr-defined]
        if not self.allow_multiple_selected:
            groups.append((None, [create(name, "", "", not _ids(value), index, attrs=attrs)], index))
            index += 1
        queryset = getattr(self.choices, "queryset", None)
        chosen = _ids(value)
        if queryset is None or not chosen:
            return groups
        for obj in queryset.filter(pk__in=chosen):
            option_value, label = self.choices.choice(obj)
            groups.append((None, [create(name, option_value, label, True, index, attrs=attrs)], index))
            index += 1
        return groups


class PickerSelect(_PickerWidget, forms.Select):
    def __init__(self, kind: str, *, write: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs)
        self.setup(kind, write)


class PickerSelectMultiple(_PickerWidget, forms.SelectMultiple):
    def __init__(self, kind: str, *, write: bool = False, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs)
        self.setup(kind, write)


def use_picker(field: forms.Field, kind: str, *, write: bool = False) -> forms.Field:
    """Turn a (Model)ChoiceField or (Model)MultipleChoiceField into a type-ahead picker of `kind`. `write`
    searches the rows the user may change (editable_by) rather than those it may see."""
    multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    widget = PickerSelectMultiple(kind, write=write) if multiple else PickerSelect(kind, write=write)
    widget.choices = getattr(field, "choices", [])
    field.widget = widget
    picker = picker_for(kind)
    if picker is not None and isinstance(field, forms.ModelChoiceField):
        field.label_from_instance = picker.label  # type: ignore[method-assign,assignment]
    return field


def search(picker: Picker, user: Any, *, text: str, ids: list[int], write: bool) -> list[Model] | None:
    """The rows answering a picker request: by `ids` (the chosen ones; None if any is outside the user's
    scope) or by the typed `text`, at most MAX_RESULTS."""
    rows = picker.rows(user, write)
    if ids:
        found = list(rows.filter(pk__in=ids)[: len(ids)])
        return found if len(found) == len(set(ids)) else None
    if not text:
        return []
    return list(picker.search(rows, text)[:MAX_RESULTS])
