"""The domain apps hold models, services, selectors and tasks: no views, forms, tables, filter
sets or templates, which belong to the interface layers (docs/architecture.md). The import
direction itself is checked by `lint-imports` in `make test`."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import django_filters
import django_tables2
import pytest
from django import forms
from django.views import View

DOMAIN_APPS = ["shopadmin", "catalog", "customers", "groups", "discounts", "orders", "loyalty"]
ROOT = Path(__file__).resolve().parent.parent
INTERFACE_PIECES = (
    forms.BaseForm,
    forms.BaseFormSet,
    django_tables2.Table,
    django_filters.FilterSet,
    View,
)


def modules_of(app: str):
    package = importlib.import_module(app)
    yield package
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
        if ".migrations." in info.name or info.name.endswith(".migrations"):
            continue
        yield importlib.import_module(info.name)


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_a_domain_app_has_no_templates(app):
    assert not list((ROOT / app).rglob("templates"))
    assert not list((ROOT / app).rglob("*.html"))


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_a_domain_app_defines_no_view_form_table_or_filter_set(app):
    found = []
    for module in modules_of(app):
        for name, member in vars(module).items():
            if getattr(member, "__module__", None) != module.__name__:
                continue  # imported, not defined here
            if inspect.isclass(member) and issubclass(member, INTERFACE_PIECES):
                found.append(f"{module.__name__}.{name}")
            elif inspect.isfunction(member):
                parameters = list(inspect.signature(member).parameters)
                if parameters[:1] == ["request"]:  # a view function
                    found.append(f"{module.__name__}.{name}")
    assert found == []
