"""The storefront speaks the shop's language, whatever the visitor's browser asks for: the
page's language, the forms' messages, dates and money. (Our own words wait for the
catalogues of a later issue; Django's are translated already, which is what shows here.)"""

import re

import pytest

from shopadmin.models import Shop
from shopadmin.tenancy import shop_context
from tests.helpers import plain_text


def speaking(shop, language):
    Shop.objects.filter(pk=shop.pk).update(language=language)
    shop.refresh_from_db()


@pytest.mark.parametrize(
    ("language", "required", "amount"),
    [
        ("pl", "To pole jest wymagane.", "123,00"),
        ("fr", "Ce champ est obligatoire.", "123,00"),
        ("it", "Questo campo è obbligatorio.", "123,00"),
        ("en", "This field is required.", "123.00"),
    ],
)
def test_pages_forms_and_money_are_in_the_shops_language(client, shop, language, required, amount):
    speaking(shop, language)
    register = client.post(
        "/s/sklep-testowy/account/register/", {}, HTTP_ACCEPT_LANGUAGE="de, en;q=0.5"
    )
    page = register.content.decode()
    assert f'<html lang="{language}">' in page
    assert required in plain_text(page)
    with shop_context(shop):
        client.force_login(shop.demo.customer.user)
    orders = plain_text(client.get("/s/sklep-testowy/account/orders/").content.decode())
    assert f"{amount} PLN" in orders


def test_a_polish_shop_writes_dates_the_polish_way(client, shop):
    speaking(shop, "pl")
    with shop_context(shop):
        shop.demo.order.placed_at = shop.demo.order.placed_at.replace(year=2026, month=3, day=5)
        shop.demo.order.save(update_fields=["placed_at"])
        client.force_login(shop.demo.customer.user)
    orders = plain_text(client.get("/s/sklep-testowy/account/orders/").content.decode())
    assert "5 marca 2026" in orders


def test_the_response_says_the_shops_language_not_the_browsers(client, shop):
    speaking(shop, "pl")
    response = client.get("/s/sklep-testowy/account/login/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "pl"


def test_countries_are_named_and_ordered_in_the_shops_language(client, shop):
    speaking(shop, "pl")
    with shop_context(shop):
        client.force_login(shop.demo.customer.user)
    form = client.get("/s/sklep-testowy/account/details/").content.decode()
    names = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)</option>', form)
    assert "Polska" in names and "Niemcy" in names
    assert names.index("Litwa") < names.index("Łotwa") < names.index("Madagaskar")
    assert names.index("Austria") < names.index("Zambia")
