"""Why a price is below the list price, in a customer's words (the storefront's "VIP group
price", "Spring sale −10 %"), beside the staff's rule names, which stay as they were; and a
product's price on its own, as a product list shows it, for many products in one pass."""

from decimal import Decimal as D

from django.utils import translation

from discounts.pricing import (
    DiscountRule,
    GroupPricing,
    PricedProduct,
    PriceReason,
    PriceRules,
    quote_with,
    reason_in_words,
    shelf_prices,
)

A = PricedProduct(id=1, list_price=D("100.00"), cost=D("60.00"), vat_rate=D("23"))
COFFEE = PricedProduct(id=2, list_price=D("40.00"), cost=D("30.00"), vat_rate=D("8"), category_id=7)
HURT = GroupPricing(
    id=1,
    name="Hurt",
    extra_discount=D("5"),
    template="Hurt −20 %",
    adjustment=D("20"),
    min_margin=D("10"),
)
VIP = GroupPricing(id=2, name="VIP", extra_discount=D("25"))
SPRING = DiscountRule(id=1, name="Spring sale", percent=True, value=D("10"))


def words(rules, product=A, currency="PLN"):
    (line,) = quote_with(rules, [(product, 1)]).lines
    return line.rule, reason_in_words(line, currency)


def test_the_list_price_has_no_reason():
    assert words(PriceRules(currency="PLN")) == ("list price", "")


def test_a_groups_price_is_named_after_the_group():
    assert words(PriceRules(currency="PLN", groups=(HURT, VIP))) == (
        "group VIP",
        "VIP group price",
    )


def test_a_percentage_discount_gives_its_name_and_percentage():
    assert words(PriceRules(currency="PLN", discounts=(SPRING,))) == (
        "discount Spring sale",
        "Spring sale −10 %",
    )
    half = DiscountRule(id=2, name="Spring sale", percent=True, value=D("12.50"))
    assert words(PriceRules(currency="PLN", discounts=(half,)))[1] == "Spring sale −12.5 %"
    with translation.override("pl"):
        assert words(PriceRules(currency="PLN", discounts=(half,)))[1] == "Spring sale −12,5 %"


def test_a_fixed_discount_gives_its_name_and_amount_per_unit():
    fixed = DiscountRule(id=3, name="15 zł off A", percent=False, value=D("15.00"))
    assert words(PriceRules(currency="PLN", discounts=(fixed, SPRING))) == (
        "discount 15 zł off A",
        "15 zł off A −15.00 PLN",
    )
    yen = DiscountRule(id=4, name="Yen off", percent=False, value=D("15"))
    assert words(PriceRules(currency="JPY", discounts=(yen,)), currency="JPY")[1] == (
        "Yen off −15 JPY"
    )


def test_a_discount_larger_than_the_price_still_names_the_discount():
    gift = DiscountRule(id=5, name="Gift", percent=False, value=D("150.00"))
    (line,) = quote_with(PriceRules(currency="PLN", discounts=(gift,)), [(A, 1)]).lines
    assert (line.unit_price, reason_in_words(line, "PLN")) == (D("0.00"), "Gift −150.00 PLN")


def test_a_price_held_up_by_a_groups_minimum_margin_is_that_groups_price():
    # docs/pricing.md example 3: 30.40 less 30 % is below the floor 33.00; cost is not told.
    coffee = DiscountRule(
        id=6,
        name="Kawa",
        percent=True,
        value=D("30"),
        scope="categories",
        targets=frozenset({7}),
    )
    rules = PriceRules(currency="PLN", groups=(VIP, HURT), discounts=(coffee,))
    (line,) = quote_with(rules, [(COFFEE, 1)]).lines
    assert (line.unit_price, line.rule) == (D("33.00"), "minimum margin over cost")
    assert line.reason == PriceReason(PriceReason.FLOOR, "Hurt")
    assert reason_in_words(line, "PLN") == "Hurt group price"


def test_a_floor_above_the_list_price_gives_the_list_price_and_no_reason():
    cheap = PricedProduct(id=3, list_price=D("10.00"), cost=D("9.50"), vat_rate=D("23"))
    assert words(PriceRules(currency="PLN", groups=(HURT,)), product=cheap) == ("list price", "")


def test_shelf_prices_price_every_product_on_its_own_with_vat_and_without_order_discounts():
    over_100 = DiscountRule(
        id=7, name="5 % over 100", percent=True, value=D("5"), min_subtotal=D("100")
    )
    rules = PriceRules(currency="PLN", groups=(VIP,), discounts=(SPRING, over_100))

    prices = shelf_prices(rules, [A, COFFEE])

    lamp, coffee = prices[A.id], prices[COFFEE.id]
    # A: 75.00 (VIP) less 10 % = 67.50 net, 83.03 with 23 %; listed 123.00 with VAT
    assert (lamp.price, lamp.list_price, lamp.with_tax, lamp.is_lower) == (
        D("83.03"),
        D("123.00"),
        True,
        True,
    )
    assert lamp.reason == "Spring sale −10 %"
    # the coffee: 30.00 less 10 % = 27.00 net, 29.16 with 8 %; 43.20 listed
    assert (coffee.price, coffee.list_price, coffee.reason) == (
        D("29.16"),
        D("43.20"),
        "Spring sale −10 %",
    )


def test_shelf_prices_of_a_tax_exempt_customer_are_net():
    export = GroupPricing(id=3, name="Eksport", tax_exempt=True)
    (price,) = shelf_prices(PriceRules(currency="PLN", groups=(export,)), [A]).values()
    assert (price.price, price.list_price, price.with_tax, price.is_lower, price.reason) == (
        D("100.00"),
        D("100.00"),
        False,
        False,
        "",
    )
