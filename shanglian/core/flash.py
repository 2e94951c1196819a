"""POST-then-redirect views: run a service call and tell the user what happened, in Chinese."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def run_and_flash(request, action, success: str) -> bool:
    """Run a service call from a POST; a ServiceError/ValidationError is flashed as an error, else `success`."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def form_errors_text(form) -> str:
    return "；".join(e for errs in form.errors.values() for e in errs)
