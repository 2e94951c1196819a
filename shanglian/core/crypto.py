"""Personal numbers encrypted at rest (等保 二级: 个人信息保护): Fernet cipher text plus a keyed blind index.

`settings.FIELD_ENCRYPTION_KEY` holds one or more Fernet keys, comma separated (make one with
`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`). The first key
encrypts; every key decrypts, so a key is rotated by putting the new one first and running
`manage.py reencrypt_id_numbers` before dropping the old one. Unset, the key is derived from SECRET_KEY —
fine for development, but then changing SECRET_KEY makes the stored numbers unreadable.

Fernet is randomised (a fresh IV per value), so equal numbers give different cipher texts and the column
cannot be searched. `blind_index(value)` is HMAC-SHA256 of the value under a key derived from the first
encryption key: equal numbers give equal indexes, which a unique constraint and lookups use, and without
the key the index reveals nothing (an 18-digit ID number is far too guessable for a plain hash).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django import forms
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.db.models.lookups import Exact, IsNull
from django.dispatch import receiver


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


@functools.cache
def _keys() -> tuple[bytes, ...]:
    configured = getattr(settings, "FIELD_ENCRYPTION_KEY", "") or ""
    keys = [k.strip().encode() for k in configured.split(",") if k.strip()]
    if not keys:
        derived = _derive(settings.SECRET_KEY.encode(), b"shanglian field encryption")
        keys = [base64.urlsafe_b64encode(derived)]
    for key in keys:
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                "FIELD_ENCRYPTION_KEY 中有无效的密钥：每个密钥应为 32 字节的 URL 安全 Base64（Fernet.generate_key()）。"
            )
    return tuple(keys)


@functools.cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in _keys()])


@functools.cache
def _index_key() -> bytes:
    return _derive(base64.urlsafe_b64decode(_keys()[0]), b"shanglian blind index")


@checks.register(checks.Tags.security)
def check_field_encryption_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`manage.py check` (and every start) reports a malformed FIELD_ENCRYPTION_KEY before first use."""
    try:
        _keys()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="crypto.E001")]
    return []


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    if setting in ("FIELD_ENCRYPTION_KEY", "SECRET_KEY"):
        _keys.cache_clear()
        _fernet.cache_clear()
        _index_key.cache_clear()


TOKEN_PREFIX = "gAAAAA"  # every Fernet token (version byte 0x80 and a 64-bit timestamp) starts so


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        raise ImproperlyConfigured(
            "无法解密已加密的字段：FIELD_ENCRYPTION_KEY（或未设置时的 SECRET_KEY）与加密时不同。"
        )


def rotate(token: str) -> str:
    """The same value under the first key (for key rotation)."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


def key_fingerprints() -> list[str]:
    """A short id of each configured key, first (encrypting) key first: a backup records it so that a restore
    can tell, before writing anything, whether this installation could decrypt what it restores. Derived by
    HKDF like the other keys, so it reveals nothing about a key."""
    return [_derive(base64.urlsafe_b64decode(key), b"shanglian key id").hex()[:16] for key in _keys()]


def blind_index(value: str | None) -> str:
    """Keyed HMAC-SHA256 (hex) of the value; "" for an empty value."""
    if not value:
        return ""
    return hmac.new(_index_key(), value.encode(), hashlib.sha256).hexdigest()


class EmptyOnlyExact(Exact):  # type: ignore[type-arg]  # generic only in the stubs
    """`field=""` (is there a value?) works; any other equality cannot match a randomised cipher text."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.name} 已加密存储，不能按值查询；请按 {self.lhs.target.name}_hash（blind_index）查询。"
            )
        return super().get_prep_lookup()


class EncryptedCharField(models.CharField):  # type: ignore[type-arg]  # generic only in the stubs
    """A short text stored as a Fernet token (varchar 255); Python sees the plain value, "" stays "".

    Only `isnull` and `=""` lookups are allowed: search with a `BlindIndexField` next to it. Forms get a
    text input of `plain_max_length` characters."""

    def __init__(self, *args: Any, plain_max_length: int = 100, **kwargs: Any):
        self.plain_max_length = plain_max_length
        kwargs["max_length"] = 255
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["plain_max_length"] = self.plain_max_length
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None

    def get_transform(self, name: str) -> None:
        return None

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().formfield(
            **{"max_length": self.plain_max_length, "form_class": forms.CharField, **kwargs}
        )


class BlindIndexField(models.CharField):  # type: ignore[type-arg]  # generic only in the stubs
    """The blind index of another field of the model, computed on save and bulk_create (`pre_save`).
    Code that writes the source field otherwise (bulk_update, queryset.update, raw SQL) sets it itself."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: Any, add: bool) -> str:
        value = blind_index(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
