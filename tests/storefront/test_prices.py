"""The storefront's product list and product page, priced by the engine for whoever looks: a
guest sees list prices (less a discount for everyone), a customer of the shop their groups'
prices and their discounts, with the list price struck through and why theirs is lower. A
page costs the same queries however many products it shows; another shop's products,
customers and a hostile address change nothing."""

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Product
from customers.models import CustomerStanding
from discounts import pricing
from discounts.models import Discount, DiscountProduct
from shopadmin.tenancy import shop_context
from tests.conftest import SENTINEL
from tests.factories import (
    CategoryFactory,
    CustomerFactory,
    CustomerGroupFactory,
    DiscountCategoryFactory,
    DiscountFactory,
    DiscountGroupFactory,
    GroupMembershipFactory,
    PricingTemplateFactory,
    ProductFactory,
)
from tests.helpers import plain_text, text

LIST = "/s/{slug}/products/"
PAGE = "/s/{slug}/products/{pk}/"


def product_list(client, shop, **params):
    response = client.get(LIST.format(slug=shop.slug), params)
    assert response.status_code == 200
    return text(response)


def product_page(client, shop, product):
    response = client.get(PAGE.format(slug=shop.slug, pk=product.pk))
    assert response.status_code == 200
    return text(response)


def log_in(client, shop, customer) -> None:
    with shop_context(shop):  # logging in writes the user's last login, under RLS
        client.force_login(customer.user)


def card(page: str, product) -> str:
    """The plain text of the product's card in the list; fails when it is not listed."""
    found = re.search(
        rf'<li class="product-card" data-product="{product.pk}">(.*?)</li>', page, re.S
    )
    assert found, f"product {product.pk} is not listed"
    return plain_text(found[1])


def price_block(page: str) -> str:
    """The plain text of the product page's price and its reason."""
    found = re.search(
        r'<p class="shelf-price">.*?</p>(\s*<p class="price-reason">.*?</p>)?', page, re.S
    )
    assert found, "no price on the page"
    return plain_text(found[0])


def cards(page: str) -> list[str]:
    return re.findall(r'<li class="product-card" data-product="(\d+)">', page)


@pytest.fixture
def lamp(shop):
    """Listed at 100.00 net, 23 % VAT: 123.00 with VAT."""
    return ProductFactory(
        shop=shop, sku="LAMP-1", name="Lampa biurkowa", list_price_net=D("100.00"), cost=D("60")
    )


def member_of(shop, *groups, email="hanna@example.com"):
    customer = CustomerFactory(shop=shop, first_name="Hanna", last_name="Hurt", email=email)
    for group in groups:
        GroupMembershipFactory(shop=shop, customer=customer, group=group)
    return customer


def hurt_group(shop):
    """List price −20 % (minimum margin 10 % over cost), and 5 % extra: 76.00 for the lamp."""
    template = PricingTemplateFactory(
        shop=shop, name="Hurt −20 %", adjustment_percent=D("20"), min_margin_percent=D("10")
    )
    return CustomerGroupFactory(
        shop=shop, name="Hurt", pricing_template=template, extra_discount_percent=D("5")
    )


# --- who sees which price ---------------------------------------------------------------------


def test_a_guest_sees_the_list_price_and_nothing_struck_through(client, shop, lamp):
    member_of(shop, hurt_group(shop))  # a group price exists, but not for a guest

    page = product_list(client, shop)

    assert card(page, lamp) == "Lampa biurkowa SKU LAMP-1 123.00 PLN incl. VAT"
    assert "<del" not in page and "group price" not in page
    assert "Log in to see your own prices." in plain_text(page)
    detail = product_page(client, shop, lamp)
    assert price_block(detail) == "123.00 PLN incl. VAT"
    assert "<del" not in detail
    assert "Log in to see your own price." in plain_text(detail)


def test_a_group_member_sees_their_price_the_struck_list_price_and_why(client, shop, lamp):
    log_in(client, shop, member_of(shop, hurt_group(shop)))

    page = product_list(client, shop)

    # 100 × 0.80 × 0.95 = 76.00 net, 93.48 with 23 % VAT
    assert card(page, lamp) == (
        "Lampa biurkowa SKU LAMP-1 Your price: 93.48 PLN List price: 123.00 PLN incl. VAT "
        "Hurt group price"
    )
    assert re.search(r'<del class="price-list">.*123\.00 PLN</del>', page)
    assert "Your prices, with your groups' prices and discounts." in plain_text(page)
    detail = product_page(client, shop, lamp)
    assert price_block(detail) == (
        "Your price: 93.48 PLN List price: 123.00 PLN incl. VAT Hurt group price"
    )
    assert "Log in to see" not in detail


def test_the_lowest_of_three_groups_prices_is_named(client, shop, lamp):
    hurt = hurt_group(shop)
    vip = CustomerGroupFactory(shop=shop, name="VIP", extra_discount_percent=D("25"))
    retail = CustomerGroupFactory(shop=shop, name="Detal", extra_discount_percent=D("2"))
    log_in(client, shop, member_of(shop, hurt, vip, retail))

    page = product_list(client, shop)

    # VIP's 75.00 beats Hurt's 76.00 and Detal's 98.00: 92.25 with VAT
    assert card(page, lamp).endswith(
        "Your price: 92.25 PLN List price: 123.00 PLN incl. VAT VIP group price"
    )


def test_a_percentage_discount_for_everyone_is_named_with_its_percentage(client, shop, lamp):
    DiscountFactory(shop=shop, name="Spring sale", value=D("10"))

    page = product_list(client, shop)  # a guest: discounts for everyone apply

    # 90.00 net, 110.70 with VAT
    assert card(page, lamp) == (
        "Lampa biurkowa SKU LAMP-1 Your price: 110.70 PLN List price: 123.00 PLN incl. VAT "
        "Spring sale −10 %"
    )


def test_a_fixed_discount_on_a_product_is_named_with_its_amount(client, shop, lamp):
    other = ProductFactory(shop=shop, sku="CHAIR-1", name="Krzesło", list_price_net=D("200"))
    discount = DiscountFactory(
        shop=shop,
        name="Lampy taniej",
        kind=Discount.Kind.FIXED,
        value=D("15.00"),
        scope=Discount.Scope.PRODUCTS,
    )
    with shop_context(shop):
        DiscountProduct.objects.create(shop=shop, discount=discount, product=lamp)

    page = product_list(client, shop)

    # 85.00 net, 104.55 with VAT: 18.45 less, as the reason says (15.00 and its VAT); the
    # chair is not one of the discount's products
    assert card(page, lamp).endswith(
        "Your price: 104.55 PLN List price: 123.00 PLN incl. VAT Lampy taniej −18.45 PLN"
    )
    assert card(page, other) == "Krzesło SKU CHAIR-1 246.00 PLN incl. VAT"


def test_a_discount_for_a_group_is_for_its_members_only(client, shop, lamp):
    category = CategoryFactory(shop=shop, name="Lampy")
    with shop_context(shop):
        Product.objects.filter(shop=shop, pk=lamp.pk).update(category=category)
    vip = CustomerGroupFactory(shop=shop, name="VIP")
    discount = DiscountFactory(
        shop=shop,
        name="Lampy dla VIP",
        value=D("20"),
        scope=Discount.Scope.CATEGORIES,
        audience=Discount.Audience.GROUPS,
    )
    DiscountCategoryFactory(shop=shop, discount=discount, category=category)
    DiscountGroupFactory(shop=shop, discount=discount, group=vip)

    as_guest = product_list(client, shop)
    log_in(client, shop, member_of(shop, vip))
    as_member = product_list(client, shop)

    assert card(as_guest, lamp) == "Lampa biurkowa SKU LAMP-1 123.00 PLN incl. VAT"
    assert card(as_member, lamp).endswith(
        "Your price: 98.40 PLN List price: 123.00 PLN incl. VAT Lampy dla VIP −20 %"
    )


def test_an_order_discount_does_not_change_a_products_price(client, shop, lamp):
    for number in range(6):  # the page's lines add up to more than the minimum
        ProductFactory(shop=shop, name=f"Biurko {number}", list_price_net=D("100"))
    DiscountFactory(shop=shop, name="5 % over 500", value=D("5"), min_subtotal=D("500"))

    page = product_list(client, shop)

    assert card(page, lamp) == "Lampa biurkowa SKU LAMP-1 123.00 PLN incl. VAT"


def test_a_tax_exempt_customer_sees_prices_without_vat(client, shop, lamp):
    export = CustomerGroupFactory(
        shop=shop, name="Eksport", tax_exempt=True, extra_discount_percent=D("10")
    )
    log_in(client, shop, member_of(shop, export))

    page = product_list(client, shop)

    assert card(page, lamp) == (
        "Lampa biurkowa SKU LAMP-1 Your price: 90.00 PLN List price: 100.00 PLN excl. VAT "
        "Eksport group price"
    )


def test_a_blocked_customer_sees_guest_prices(client, shop, lamp):
    customer = member_of(
        shop, CustomerGroupFactory(shop=shop, name="VIP", extra_discount_percent=D("25"))
    )
    log_in(client, shop, customer)
    with shop_context(shop):
        CustomerStanding.objects.filter(shop=shop, customer=customer).update(status="blocked")

    page = product_list(client, shop)

    assert card(page, lamp) == "Lampa biurkowa SKU LAMP-1 123.00 PLN incl. VAT"


# --- one shop only ----------------------------------------------------------------------------


def test_another_shops_customer_gets_guest_prices_and_nothing_of_theirs(
    client, shop, other_shop, lamp
):
    theirs = CustomerGroupFactory(
        shop=other_shop, name=f"VIP {SENTINEL}", extra_discount_percent=D("50")
    )
    GroupMembershipFactory(shop=other_shop, customer=other_shop.demo.customer, group=theirs)
    DiscountFactory(shop=other_shop, name=f"Sale {SENTINEL}", value=D("30"))
    log_in(client, other_shop, other_shop.demo.customer)

    page = product_list(client, shop)
    detail = product_page(client, shop, lamp)

    assert card(page, lamp) == "Lampa biurkowa SKU LAMP-1 123.00 PLN incl. VAT"
    assert "Log in to see your own prices." in plain_text(page)
    assert cards(page) == [str(lamp.pk), str(shop.demo.product.pk)]  # by name
    assert SENTINEL not in page and SENTINEL not in detail
    assert "Log in to see your own price." in plain_text(detail)


def test_the_product_page_is_404_for_another_shops_an_inactive_and_a_missing_product(
    client, shop, other_shop, lamp
):
    hidden = ProductFactory(shop=shop, name="Wycofany", is_active=False)
    missing = 2_000_000_000

    for pk in (other_shop.demo.product.pk, hidden.pk, missing):
        response = client.get(PAGE.format(slug=shop.slug, pk=pk))
        assert response.status_code == 404, pk
        assert SENTINEL not in text(response)
    assert "Wycofany" not in product_list(client, shop)
    # the other shop's storefront does show its own product
    assert (
        client.get(PAGE.format(slug=other_shop.slug, pk=other_shop.demo.product.pk)).status_code
        == 200
    )


# --- pages, search and cost -------------------------------------------------------------------


def test_24_products_to_a_page_in_name_order(client, shop):
    for number in range(30):  # with the fixture's "Product Alpha": 31, pages of 24 and 7
        ProductFactory(shop=shop, name=f"Artykuł {number:02d}")

    first = product_list(client, shop)
    second = product_list(client, shop, page="2")

    assert len(cards(first)) == 24 and len(cards(second)) == 7
    assert "Page 1 of 2" in plain_text(first) and "Page 2 of 2" in plain_text(second)
    assert 'rel="next" href="?page=2"' in first and 'rel="prev" href="?page=1"' in second
    assert plain_text(first).index("Artykuł 00") < plain_text(first).index("Artykuł 23")
    assert "Artykuł 24" in second and "Product Alpha" in second


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("abc", "Page 1 of 2"),
        ("-1", "Page 2 of 2"),
        ("0", "Page 2 of 2"),
        ("99999", "Page 2 of 2"),
        ("1e9", "Page 1 of 2"),
        ("2.5", "Page 1 of 2"),
        ("", "Page 1 of 2"),
        ("9" * 5000, "Page 1 of 2"),
    ],
)
def test_a_hostile_page_number_shows_a_page(client, shop, value, shown):
    ProductFactory.create_batch(24, shop=shop)

    page = product_list(client, shop, page=value)

    assert shown in plain_text(page)


def test_the_search_finds_products_by_name_in_any_case(client, shop, lamp):
    chair = ProductFactory(shop=shop, name="Krzesło obrotowe")

    page = product_list(client, shop, q="  LAMPA ")

    assert cards(page) == [str(lamp.pk)]
    assert 'value="  LAMPA "' in page  # the box keeps what was typed
    assert cards(product_list(client, shop, q="obrot")) == [str(chair.pk)]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x" * 101, "Ensure this value has at most 100 characters (it has 101)."),
        ("lamp\x00a", "Null characters are not allowed."),
    ],
)
def test_a_search_that_cannot_be_one_says_so_and_lists_everything(
    client, shop, lamp, value, message
):
    page = product_list(client, shop, q=value)

    assert f"{message} All products are shown instead." in plain_text(page)
    assert str(lamp.pk) in cards(page)


@pytest.mark.parametrize("value", ["%", "_", "<script>alert(1)</script>", "' OR 1=1 --", "\\"])
def test_a_search_for_odd_characters_finds_nothing_and_says_so(client, shop, lamp, value):
    response = client.get(LIST.format(slug=shop.slug), {"q": value})

    assert response.status_code == 200
    assert cards(text(response)) == []
    words = plain_text(response.content.decode())  # tags dropped, then entities unescaped
    assert f"No products have “{value}” in their name." in words
    assert "<script>alert" not in response.content.decode()


def test_the_list_costs_the_same_queries_for_3_or_24_products(client, shop, monkeypatch):
    category = CategoryFactory(shop=shop, name="Lampy")
    groups = [hurt_group(shop)] + [
        CustomerGroupFactory(shop=shop, name=name, extra_discount_percent=D("3"))
        for name in ("VIP", "Detal")
    ]
    customer = member_of(shop, *groups)
    for number in range(5):
        discount = DiscountFactory(
            shop=shop,
            name=f"Rabat {number}",
            value=D(number + 1),
            scope=Discount.Scope.CATEGORIES if number % 2 else Discount.Scope.CATALOGUE,
            audience=Discount.Audience.GROUPS if number == 3 else Discount.Audience.EVERYONE,
        )
        if number % 2:
            DiscountCategoryFactory(shop=shop, discount=discount, category=category)
        if number == 3:
            DiscountGroupFactory(shop=shop, discount=discount, group=groups[1])
    log_in(client, shop, customer)

    quotes = []
    engine = pricing.quote_with
    monkeypatch.setattr(pricing, "quote_with", lambda *args: quotes.append(1) or engine(*args))

    def costs() -> tuple[int, int]:
        quotes.clear()
        with CaptureQueriesContext(connection) as captured:
            page = product_list(client, shop)
        assert len(quotes) == 1  # one pass of the engine for the whole page
        return len(cards(page)), len(captured)

    ProductFactory.create_batch(2, shop=shop, category=category)  # with "Product Alpha": 3
    few, few_queries = costs()
    ProductFactory.create_batch(21, shop=shop, category=category)
    many, many_queries = costs()

    assert (few, many) == (3, 24)
    assert few_queries == many_queries  # no query, and no quote, per product
    with CaptureQueriesContext(connection) as captured:
        product_page(client, shop, shop.demo.product)
    assert len(captured) == many_queries - 1  # the page has no count
