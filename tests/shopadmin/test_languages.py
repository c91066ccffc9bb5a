"""The staff pages in the language the staff member picks (else the shop's), Polish plurals
as Polish grammar has them, and the 403 and 404 pages in the layout, the language and with a
way back."""

import pytest
from django.test import Client
from django.utils import translation

from shopadmin.formatting import counted
from shopadmin.models import Shop, User
from shopadmin.services import add_staff_member
from tests.factories import PASSWORD
from tests.helpers import plain_text


def words(response) -> str:
    return plain_text(response.content.decode())


def test_staff_pages_speak_the_shops_language_until_staff_pick_theirs(staff_client, shop):
    Shop.objects.filter(pk=shop.pk).update(language="pl")
    page = staff_client.get("/staff/customers/")
    assert '<html lang="pl">' in page.content.decode() and "Klienci" in words(page)
    staff_client.post("/staff/language/", {"language": "fr", "next": "/staff/customers/"})
    assert User.objects.get(pk=shop.demo.owner.pk).language == "fr"
    assert "Clients" in words(staff_client.get("/staff/customers/"))
    staff_client.post("/staff/language/", {"language": "it"})
    assert "Clienti" in words(staff_client.get("/staff/customers/"))
    refused = staff_client.post("/staff/language/", {"language": "xx"}, follow=True)
    assert User.objects.get(pk=shop.demo.owner.pk).language == "it"
    assert refused.status_code == 200
    staff_client.post("/staff/language/", {"language": ""})  # the shop's again
    assert "Klienci" in words(staff_client.get("/staff/customers/"))


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (1, "1 klient"),
        (2, "2 klienci"),
        (4, "4 klienci"),
        (5, "5 klientów"),
        (12, "12 klientów"),
        (22, "22 klienci"),
        (25, "25 klientów"),
    ],
)
def test_polish_counts_follow_polish_grammar(count, said):
    with translation.override("pl"):
        assert counted("%(count)s customer", "%(count)s customers", count) == said


def test_a_403_is_the_layouts_page_in_the_language_with_a_way_back(shop):
    support, _created = add_staff_member(
        shop=shop, email="support@sklep.example", role="support", password=PASSWORD
    )
    client = Client()
    client.force_login(support)
    page = client.get("/staff/settings/")
    assert page.status_code == 403
    assert "Not allowed" in words(page) and 'href="/staff/"' in page.content.decode()
    Shop.objects.filter(pk=shop.pk).update(language="pl")
    assert "Brak dostępu" in words(client.get("/staff/settings/"))


def test_a_404_is_the_layouts_page_with_a_way_back(staff_client, shop, client):
    staff = staff_client.get("/staff/customers/999999999/")
    assert staff.status_code == 404
    assert "Page not found" in words(staff) and 'href="/staff/"' in staff.content.decode()
    storefront = Client().get("/s/sklep-testowy/products/999999999/")
    assert storefront.status_code == 404
    assert 'href="/s/sklep-testowy/"' in storefront.content.decode()


def test_the_pdf_card_is_in_the_shops_language_whoever_prints_it(staff_client, shop):
    from tests.helpers import pdf_text

    Shop.objects.filter(pk=shop.pk).update(language="fr")
    staff_client.post("/staff/language/", {"language": "en"})  # the staff member reads English
    pdf = staff_client.get(f"/staff/customers/{shop.demo.customer.pk}/card.pdf")
    assert "Commandes" in pdf_text(pdf.content)
