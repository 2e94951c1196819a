from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A rule of the domain was broken; the message is shown to the user as is (Chinese)."""
