"""POST-then-redirect views: run a service call and tell the user what happened, in Chinese."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def run_and_flash(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Run a service call from a POST; a ServiceError/ValidationError is flashed as an error, else `success`."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def form_errors_text(form: forms.BaseForm) -> str:
    return "；".join(str(e) for errs in form.errors.values() for e in errs)
