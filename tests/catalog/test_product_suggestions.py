"""The product boxes' suggestions: the shop's own products matching what staff type."""

import pytest
from django.urls import reverse

from tests.conftest import SENTINEL
from tests.factories import ProductFactory

URL = reverse("staff:product_suggestions")


@pytest.fixture
def products(shop, other_shop):
    ProductFactory(shop=shop, sku="KAW-001", name="Kawa ziarnista 1 kg")
    ProductFactory(shop=shop, sku="HER-002", name="Herbata z kawałkami owoców")
    ProductFactory(shop=shop, sku="KAW-003", name="Młynek", is_active=False)
    ProductFactory(shop=other_shop, sku="KAW-999", name=f"Kawa {SENTINEL}")


def labels(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [product["label"] for product in response.json()["products"]]


def test_staff_are_offered_the_products_whose_sku_starts_or_name_contains_what_they_type(
    staff_client, products
):
    # By name, in any case and anywhere in it; by SKU from its start; sorted by name.
    assert labels(staff_client, q="KAWA") == [
        "HER-002 · Herbata z kawałkami owoców",
        "KAW-001 · Kawa ziarnista 1 kg",
    ]
    assert labels(staff_client, q="kaw-") == ["KAW-001 · Kawa ziarnista 1 kg"]
    assert labels(staff_client, q="001") == []  # a SKU matches from its start only


def test_products_not_for_sale_are_offered_only_where_they_may_be_chosen(staff_client, products):
    assert labels(staff_client, q="KAW-00") == ["KAW-001 · Kawa ziarnista 1 kg"]  # orders
    assert labels(staff_client, q="KAW-00", all="1") == [  # a discount's products
        "KAW-001 · Kawa ziarnista 1 kg",
        "KAW-003 · Młynek (not for sale)",
    ]
    assert staff_client.get(URL, {"q": "KAW-003", "all": "1"}).json()["products"][0]["sku"] == (
        "KAW-003"
    )


def test_a_query_of_one_character_asks_for_nothing_and_at_most_20_are_offered_skus_first(
    staff_client, shop
):
    ProductFactory.create_batch(25, shop=shop, name="Kubek 100 ml")
    ProductFactory(shop=shop, sku="100-ZZ", name="Zestaw")
    assert labels(staff_client, q="k") == []
    assert len(labels(staff_client, q="kubek")) == 20
    # A SKU typed is offered first, however many names also contain it.
    found = labels(staff_client, q="100")
    assert len(found) == 20 and found[0] == "100-ZZ · Zestaw"


def test_another_shops_products_are_never_offered(staff_client, products):
    assert labels(staff_client, q=SENTINEL, all="1") == []
    assert labels(staff_client, q="KAW-999", all="1") == []


def test_suggestions_are_for_logged_in_staff_only(client, products):
    response = client.get(URL, {"q": "kawa"})
    assert response.status_code == 302 and "/staff/login/" in response["Location"]
