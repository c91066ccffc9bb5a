"""Small helpers that several test modules share: a response's text, a list row's cells, and
looking things up (audit events, the latest job, row counts) inside a shop's context."""

import html
import os
import re
import shutil
import subprocess

import pytest

from customers.models import CustomerStats
from shopadmin.models import AuditEvent, Job
from shopadmin.tenancy import shop_context


def in_shop(shop, queryset_fn):
    """What `queryset_fn()` returns when called inside `shop_context(shop)`."""
    with shop_context(shop):
        return queryset_fn()


# --- pages ----------------------------------------------------------------------------------


def text(response) -> str:
    """The response's body as a string with its HTML entities unescaped (the tags stay)."""
    return html.unescape(response.content.decode())


def pdf_text(content: bytes) -> str:
    """The words of a PDF, as poppler's pdftotext reads them."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is missing in CI: .ci/run installs Debian's poppler-utils.")
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils).")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return done.stdout.decode()


def plain_text(markup: str) -> str:
    """The words of an HTML fragment: tags dropped, entities unescaped, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def row_html(page: str, instance) -> str:
    """The inside of the list row `<tr data-row="{instance.pk}">`; fails when there is none."""
    row = re.search(rf'<tr data-row="{instance.pk}">(.*?)</tr>', page, re.S)
    assert row, f"no row for {type(instance).__name__} {instance.pk}"
    return row[1]


def row_text(page: str, instance) -> str:
    """The plain text of the instance's row in the list."""
    return plain_text(row_html(page, instance))


def cells(page: str, instance) -> dict[str, str]:
    """The text of each cell (`<td class="col-NAME">`) of the instance's row in the list."""
    found = re.findall(r'<td class="col-(\w+)">(.*?)</td>', row_html(page, instance), re.S)
    return {name: plain_text(cell) for name, cell in found}


# --- the database, as the shop sees it ------------------------------------------------------


def audit(shop, action) -> list[dict]:
    """The shop's audit events of `action`, each as {"target_id": ..., "data": ...}."""
    with shop_context(shop):
        events = AuditEvent.objects.filter(shop=shop, action=action).order_by("pk")
        return list(events.values("target_id", "data"))


def audit_event(shop, action) -> AuditEvent:
    """The one audit event of `action` that the shop sees; fails when there is none or more
    than one, or when it is not the shop's own."""
    with shop_context(shop):
        event = AuditEvent.objects.get(action=action)
    assert event.shop_id == shop.pk, f"{action} audited for shop {event.shop_id}, not {shop.pk}"
    return event


def latest_job(shop) -> Job:
    """The shop's most recently created job."""
    with shop_context(shop):
        return Job.objects.filter(shop=shop).latest("pk")


def count_in(shop, model, **filters) -> int:
    """How many of the shop's own rows of `model` match `filters`."""
    with shop_context(shop):
        return model.objects.filter(shop=shop, **filters).count()


def set_stats(shop, customer, **values) -> None:
    """Overwrite fields of the customer's statistics row (orders, their value, ...)."""
    with shop_context(shop):
        CustomerStats.objects.filter(shop=shop, customer=customer).update(**values)
