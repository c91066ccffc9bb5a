"""The cards of many customers as one PDF: a bulk action over the ticked customers or all that
match the list, done by a job in steps, downloaded from the jobs page by this shop's staff
with the export permission; audited, and bounded."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from customers import services
from shopadmin.models import Job
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory
from tests.helpers import audit, latest_job, pdf_text, text

BULK = reverse("staff:customer_bulk")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def print_cards(client, capture, *, scope="all", query="", ids=()):
    data = {"action": "print_cards", "scope": scope, "query": query, "ids": list(ids)}
    with capture(execute=True):
        return client.post(BULK, data, follow=True)


def downloaded(client, job) -> bytes:
    response = client.get(reverse("staff:job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_cards_of_the_search_are_one_pdf_made_in_steps(
    staff_client, shop, other_shop, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.CARDS_PDF_STEP = 2  # three customers: two steps
    names = ["Łucja", "Françoise", "Perché"]
    for first in names:
        CustomerFactory(shop=shop, first_name=first, last_name="Wiśniewska-Zet")
    CustomerFactory(shop=other_shop, first_name="Obca", last_name="Wiśniewska-Zet")

    question = text(
        staff_client.get(BULK, {"action": "print_cards", "scope": "all", "query": "q=zet"})
    )
    assert "This applies to 3 customers." in question
    assert "At most 5,000 cards in one PDF." in question
    response = print_cards(staff_client, django_capture_on_commit_callbacks, query="q=zet")

    job = latest_job(shop)
    assert response.redirect_chain[-1][0] == reverse("staff:jobs")
    assert f"Cards #{job.number} started: 3 customers." in text(response)
    assert (job.status, job.progress_done, job.result_message) == (
        "done",
        3,
        "3 customer cards printed.",
    )
    content = downloaded(staff_client, job)
    assert len(PdfReader(io.BytesIO(content)).pages) == 3  # a page each, none twice
    words = pdf_text(content)
    assert [words.index(f"{first} Wiśniewska-Zet") for first in names] == sorted(
        words.index(f"{first} Wiśniewska-Zet") for first in names
    )  # in the order they were added
    assert "Obca" not in words
    assert audit(shop, "customers.cards_printed") == [{"target_id": str(job.pk), "data": {}}]
    assert not (tmp_path / "exports" / str(shop.pk) / str(job.pk)).exists()  # parts tidied


def test_the_ticked_customers_only(staff_client, shop, django_capture_on_commit_callbacks):
    ticked = CustomerFactory(shop=shop, first_name="Ticked", last_name="One")
    CustomerFactory(shop=shop, first_name="Left", last_name="Out")
    print_cards(staff_client, django_capture_on_commit_callbacks, scope="selected", ids=[ticked.pk])
    words = pdf_text(downloaded(staff_client, latest_job(shop)))
    assert "Ticked One" in words and "Left Out" not in words


def test_more_cards_than_one_pdf_takes_are_refused_in_words(
    staff_client, shop, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "MAX_CARDS_PER_PDF", 1)
    response = print_cards(staff_client, django_capture_on_commit_callbacks)
    assert "cards are more than one PDF takes (at most 1): narrow the search" in text(response)
    with shop_context(shop):
        assert not Job.objects.filter(shop=shop, kind=services.CUSTOMER_CARDS_PDF).exists()
    assert audit(shop, "customers.cards_printed") == []


def test_only_staff_who_may_export_and_only_this_shops_customers(
    staff_client, support_client, shop, other_shop, django_capture_on_commit_callbacks
):
    data = {"action": "print_cards", "scope": "all", "query": ""}
    assert support_client.post(BULK, data).status_code == 403
    # Shop B's customer ticked in shop A: nobody of this shop is selected, nothing printed.
    response = print_cards(
        staff_client,
        django_capture_on_commit_callbacks,
        scope="selected",
        ids=[other_shop.demo.customer.pk],
    )
    assert "No customer to print." in text(response)
    with shop_context(shop):
        assert not Job.objects.filter(shop=shop, kind=services.CUSTOMER_CARDS_PDF).exists()
    other_staff = Client()
    other_staff.force_login(other_shop.demo.owner)
    print_cards(staff_client, django_capture_on_commit_callbacks)
    job = latest_job(shop)
    assert other_staff.get(reverse("staff:job_download", args=[job.pk])).status_code == 404
