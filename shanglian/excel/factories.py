"""Test factories for import jobs."""

import factory

from shanglian.orgs.factories import ChamberFactory


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "excel.ImportJob"

    organization = factory.SubFactory(ChamberFactory)
    file = factory.django.FileField(filename="名册.xlsx", data=b"PK\x03\x04")
    original_name = "名册.xlsx"
