"""The customer card as a PDF: the record on an A4 page in Polish, French and Italian letters,
made through one fetcher that serves only our static files, so that text a customer wrote
can fetch or attach nothing."""

import pytest
from django.urls import reverse

from backoffice import pdf
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory, GroupMembershipFactory
from tests.helpers import audit, pdf_text

HOSTILE = (
    '<img src="file:///etc/passwd">'
    '<link rel="attachment" href="file:///etc/hostname">'
    "<style>@import url(http://127.0.0.1:9/);</style>"
)


@pytest.fixture
def fetched(monkeypatch):
    """Every address the PDF fetcher is asked for (a spy: it still answers as it would)."""
    asked = []
    fetch = pdf.StaticFilesOnly.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(pdf.StaticFilesOnly, "fetch", spy)
    return asked


def card_pdf(client, customer):
    return client.get(reverse("staff:customer_card_pdf", args=[customer.pk]))


def test_the_card_pdf_has_the_record_in_every_letter_of_our_languages(staff_client, shop):
    customer = CustomerFactory(
        shop=shop,
        first_name="Zofia",
        last_name="Wiśniewska",
        company_name="Français Perché",
        city="Łódź",
        street="ul. Źródlana 5",
        vat_number="PL5481241331",
    )
    GroupMembershipFactory(shop=shop, customer=customer, group=shop.demo.group)

    response = card_pdf(staff_client, customer)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="zofia-wisniewska.pdf"'
    assert response.content.startswith(b"%PDF-")
    words = pdf_text(response.content)
    for text in ["Zofia Wiśniewska", "Français Perché", "ul. Źródlana 5", "Łódź", "PL5481241331"]:
        assert text in words
    assert shop.demo.group.tag_label in words and "Sklep Testowy Łódź" in words
    assert "Printed" in words and "Owner Alpha" in words
    assert {"target_id": str(customer.pk), "data": {}} in audit(shop, "customer.card_printed")


def test_text_a_customer_wrote_fetches_and_attaches_nothing(staff_client, shop, fetched):
    customer = CustomerFactory(shop=shop, first_name=HOSTILE[:150], last_name="Nowak")
    with shop_context(shop):
        type(customer).objects.filter(pk=customer.pk).update(note=HOSTILE, city=HOSTILE[:120])

    response = card_pdf(staff_client, customer)

    assert response.status_code == 200
    assert fetched == [pdf.STATIC_PREFIX + "css/card_pdf.css"]  # our stylesheet, nothing else
    assert b"/EmbeddedFile" not in response.content  # nothing attached
    words = " ".join(pdf_text(response.content).split())
    assert "root:" not in words  # /etc/passwd's first line was not read in
    assert '<img src="file:///etc/passwd">' in words  # shown as the text it is


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/",
        "https://example.com/static/css/card_pdf.css",
        "ftp://127.0.0.1/x",
        "data:text/css,body{}",
        pdf.STATIC_PREFIX + "../../shopadmin/settings.py",
        pdf.STATIC_PREFIX + "css/card_pdf.css?x=1",
        pdf.STATIC_PREFIX + "css/none-such.css",
        pdf.BASE_URL + "media/exports/1/1/customers.csv",
    ],
)
def test_the_fetcher_refuses_all_but_our_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticFilesOnly().fetch(url)


def test_the_fetcher_serves_our_stylesheet():
    response = pdf.StaticFilesOnly().fetch(pdf.STATIC_PREFIX + "css/card_pdf.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_another_shops_customer_has_no_card_pdf(staff_client, shop, other_shop):
    response = card_pdf(staff_client, other_shop.demo.customer)
    assert response.status_code == 404
    assert audit(shop, "customer.card_printed") == []
