"""The sign-in code of a registration: `SL1.<event>.<registration>.<nonce>.<hmac>`.

The HMAC (keyed from SECRET_KEY with this module's salt) covers the event id, the registration id and the
registration's random nonce, so a code cannot be made up, nor moved to another event or registration.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

import segno
from django.utils.crypto import salted_hmac

PREFIX = "SL1"
_SALT = "shanglian.events.checkin"
MAX_CODE_LENGTH = 120


@dataclass(frozen=True)
class Code:
    event_id: int
    registration_id: int
    nonce: str


def new_nonce() -> str:
    return secrets.token_hex(12)


def _signature(event_id: int, registration_id: int, nonce: str) -> str:
    return salted_hmac(_SALT, f"{event_id}.{registration_id}.{nonce}", algorithm="sha256").hexdigest()[:32]


def sign(event_id: int, registration_id: int, nonce: str) -> str:
    return f"{PREFIX}.{event_id}.{registration_id}.{nonce}.{_signature(event_id, registration_id, nonce)}"


def parse(raw: str) -> Code | None:
    """The code's content if its signature holds, else None (whatever is wrong with it)."""
    parts = (raw or "").strip()[:MAX_CODE_LENGTH].split(".")
    if len(parts) != 5 or parts[0] != PREFIX or not parts[1].isdecimal() or not parts[2].isdecimal():
        return None
    event_id, registration_id, nonce, signature = int(parts[1]), int(parts[2]), parts[3], parts[4]
    if not hmac.compare_digest(signature, _signature(event_id, registration_id, nonce)):
        return None
    return Code(event_id, registration_id, nonce)


def qr_svg(payload: str) -> str:
    """An SVG QR code of the payload (inline in a page, scaled by CSS)."""
    return str(segno.make(payload, error="m").svg_inline(scale=6, border=2))
