"""Test factories for attachments (owned by a chamber unless an `owner` is given)."""

import hashlib

import factory
from django.contrib.contenttypes.models import ContentType

from shanglian.attachments.models import Attachment
from shanglian.orgs.factories import ChamberFactory

PDF = b"%PDF-1.4\n%test\n"


class AttachmentFactory(factory.django.DjangoModelFactory[Attachment]):
    class Meta:
        model = Attachment
        exclude = ("owner",)

    owner = factory.SubFactory(ChamberFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.owner))
    object_id = factory.LazyAttribute(lambda o: o.owner.pk)
    use = "chambers.charter"
    file = factory.django.FileField(filename="章程.pdf", data=PDF)
    original_name = "章程.pdf"
    size = len(PDF)
    kind = "pdf"
    mime = "application/pdf"
    sha256 = hashlib.sha256(PDF).hexdigest()
