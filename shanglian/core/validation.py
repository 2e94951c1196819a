"""Input limits shared by forms, API schemas and list pages (issue 11, defect 6).

Numbers are bounded by their column (a number PostgreSQL cannot store is a validation error, never a
500), decimals by their digits, text by its length, and a NUL byte — which PostgreSQL refuses in any
text — is refused wherever it comes in.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from pydantic import AfterValidator, Field

from shanglian.core.phones import validate_phone

NUL = "\x00"
NUL_MESSAGE = "输入中含有不允许的空字符（NUL）。"

# PostgreSQL's column ranges on every backend: SQLite stores 64-bit integers in any integer column, so
# the tests running there must refuse what production would refuse.
_COLUMN_RANGES: dict[str, tuple[int, int]] = BaseDatabaseOperations.integer_field_ranges

# API paging: `offset` must fit PostgreSQL's bigint OFFSET, and nobody pages that far on purpose.
MAX_OFFSET = 1_000_000
MAX_LIMIT = 200
# A TextField has no column limit; its forms take this much (the note and reason textareas).
TEXT_MAX = 1000


def int_bounds(field: models.Field[Any, Any]) -> tuple[int, int]:
    """The (min, max) an integer model field can store, narrowed by its own Min/MaxValueValidators."""
    low, high = _COLUMN_RANGES[field.get_internal_type()]
    for validator in field.validators:
        if isinstance(validator, MinValueValidator) and not callable(validator.limit_value):
            low = max(low, validator.limit_value)
        elif isinstance(validator, MaxValueValidator) and not callable(validator.limit_value):
            high = min(high, validator.limit_value)
    return low, high


def decimal_bound(field: models.DecimalField[Any, Any]) -> Decimal:
    """The largest absolute value a DecimalField column holds (max_digits 16, 2 places → 99…9.99)."""
    places = field.decimal_places
    return Decimal(10) ** (field.max_digits - places) - Decimal(10) ** -places


def reject_nul(value: str) -> str:
    if NUL in value:
        raise ValueError(NUL_MESSAGE)
    return value


def contains_nul(data: Any) -> bool:
    """True if a NUL byte is anywhere in a parsed JSON document (keys included)."""
    if isinstance(data, str):
        return NUL in data
    if isinstance(data, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in data.items())
    if isinstance(data, list):
        return any(contains_nul(v) for v in data)
    return False


# ---------------------------------------------------------------- forms


def bounded_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """`formfield_callback` for fields_for_model / ModelForm: integer fields carry their column's range
    (a form otherwise accepts 99999999999999999999 and the database answers with a 500), phone columns
    their one rule (core.phones)."""
    if isinstance(db_field, models.IntegerField) and not isinstance(db_field, models.AutoField):
        low, high = int_bounds(db_field)
        kwargs.setdefault("min_value", low)
        kwargs.setdefault("max_value", high)
    field = db_field.formfield(**kwargs)
    if field is not None and validate_phone in db_field.validators:
        # A form built from the model's fields (not a ModelForm) never runs the column's validators.
        field.validators.append(validate_phone)
    return field


def check_no_nul(value: str) -> None:
    """A form/model validator (Django's CharField has one; other text inputs reuse this)."""
    if isinstance(value, str) and NUL in value:
        raise ValidationError(NUL_MESSAGE, code="null_characters_not_allowed")


# ---------------------------------------------------------------- API schemas (django-ninja / pydantic)


def _field(model: type[models.Model], name: str) -> Any:
    return model._meta.get_field(name)


def api_int(model: type[models.Model], name: str, **extra: Any) -> Any:
    """`employees: api_int(Enterprise, "employees") | None = None` — the column's range as ge/le."""
    low, high = int_bounds(_field(model, name))
    extra["ge"] = max(low, extra.get("ge", low))  # a caller may narrow the column's range, never widen it
    extra["le"] = min(high, extra.get("le", high))
    return Annotated[int, Field(**extra)]


def api_decimal(model: type[models.Model], name: str, **extra: Any) -> Any:
    """The column's digits as max_digits/decimal_places; no NaN/Infinity (1e30 is a 422, not a 500)."""
    field = _field(model, name)
    bound = decimal_bound(field)
    return Annotated[
        Decimal,
        Field(
            ge=-bound,
            le=bound,
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            allow_inf_nan=False,
            **extra,
        ),
    ]


def api_str(model: type[models.Model], name: str, **extra: Any) -> Any:
    """The column's max_length (a TextField: TEXT_MAX, as its forms), and no NUL byte."""
    field = _field(model, name)
    extra.setdefault("max_length", field.max_length or TEXT_MAX)
    # A phone column's rule holds for the API as for its forms (other column validators, such as the credit
    # code's, are the services' to refuse with their own message).
    rules = [v for v in field.validators if v is validate_phone]
    if rules:
        return Annotated[
            str, Field(**extra), AfterValidator(reject_nul), AfterValidator(_column_rules(rules))
        ]
    return Annotated[str, Field(**extra), AfterValidator(reject_nul)]


def _column_rules(rules: list[Any]) -> Any:
    def check(value: str) -> str:
        if value:
            try:
                for rule in rules:
                    rule(value)
            except ValidationError as exc:
                raise ValueError("；".join(exc.messages)) from exc
        return value

    return check


def text(max_length: int, **extra: Any) -> Any:
    """A free-text API input that maps to no single column (a search query, a reason)."""
    return Annotated[str, Field(max_length=max_length, **extra), AfterValidator(reject_nul)]


Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description=f"每页条数，1–{MAX_LIMIT}")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description=f"跳过条数，0–{MAX_OFFSET}")]
# Path and body ids: anything past bigint is no object of ours (a 422, not an overflow in the driver).
Id = Annotated[int, Field(ge=1, le=_COLUMN_RANGES["BigAutoField"][1])]


def choice(values: Any, *, blank: bool = True) -> Any:
    """One of `values` (a TextChoices class or any iterable of str), "" allowed when `blank`: an unknown
    code (`?tier=x`) is a 422 naming the allowed ones, and the schema lists them."""
    allowed = tuple(
        values.values if isinstance(values, type) and issubclass(values, models.Choices) else values
    )
    return Literal[(*allowed, "") if blank else allowed]
