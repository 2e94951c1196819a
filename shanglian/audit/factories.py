"""Test factories for the audit log."""

import factory

from shanglian.audit.models import AuditAction


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "audit.AuditEntry"

    action = AuditAction.UPDATE
    object_repr = factory.Sequence(lambda n: f"记录{n}")
