"""Every model has a factory-boy factory (in its app's `factories.py`), and each one builds a valid row."""

import factory
import pytest
from django.apps import apps

from shanglian.core.testing.factories import factory_modules

# Apps whose factories are still to come. This set only shrinks.
PENDING_APPS: set[str] = set()


def our_models():
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("shanglian.") and m._meta.app_label not in PENDING_APPS
    ]


def factories_by_model():
    found = {}
    for module in factory_modules():
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, factory.base.Factory) and value._meta.model:
                model = value._meta.get_model_class()
                if isinstance(model, type):
                    found.setdefault(model, value)
    return found


def test_every_model_has_a_factory():
    known = factories_by_model()
    missing = sorted(m._meta.label for m in our_models() if m not in known)
    assert not missing, f"add a factory to <app>/factories.py for: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", our_models(), ids=lambda m: m._meta.label)
def test_the_factory_makes_a_valid_row(model):
    maker = factories_by_model().get(model)
    if maker is None:
        pytest.skip("no factory (reported by test_every_model_has_a_factory)")
    obj = maker()
    assert obj.pk is not None
    assert type(obj)._base_manager.filter(pk=obj.pk).exists()
    second = maker()  # sequences keep unique fields unique
    assert second.pk != obj.pk or model._meta.get_field(model._meta.pk.name).is_relation
