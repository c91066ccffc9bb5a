"""The worked examples of docs/pricing.md, priced by the engine (each is numbered as there)."""

from decimal import Decimal as D

from discounts.pricing import DiscountRule, GroupPricing, PricedProduct, PriceRules, quote_with

CATEGORY_COFFEE = 7
A = PricedProduct(id=1, list_price=D("100.00"), cost=D("60.00"), vat_rate=D("23"))
B = PricedProduct(
    id=2, list_price=D("40.00"), cost=D("30.00"), vat_rate=D("8"), category_id=CATEGORY_COFFEE
)
HURT = GroupPricing(
    id=1,
    name="Hurt",
    extra_discount=D("5"),
    template="Hurt −20 %",
    adjustment=D("20"),
    min_margin=D("10"),
)
COFFEE = DiscountRule(
    id=1,
    name="Kawa −30 %",
    percent=True,
    value=D("30"),
    scope="categories",
    targets=frozenset({CATEGORY_COFFEE}),
)
OVER_500 = DiscountRule(
    id=2, name="5 % over 500", percent=True, value=D("5"), min_subtotal=D("500")
)


def line(quote, index=0):
    quoted = quote.lines[index]
    return quoted.unit_price, quoted.rule


def test_1_a_guest_pays_the_list_price_and_vat():
    quote = quote_with(PriceRules(currency="PLN"), [(A, 2)])
    assert line(quote) == (D("100.00"), "list price")
    assert (quote.net, quote.tax, quote.total) == (D("200.00"), D("46.00"), D("246.00"))


def test_2_a_group_prices_from_its_template_less_its_extra_discount():
    quote = quote_with(PriceRules(currency="PLN", groups=(HURT,)), [(A, 1)])
    assert line(quote) == (D("76.00"), "group Hurt")  # 100 × 0.80 × 0.95


def test_3_a_discount_stops_at_the_groups_floor_but_a_guest_has_none():
    member = quote_with(PriceRules(currency="PLN", groups=(HURT,), discounts=(COFFEE,)), [(B, 1)])
    guest = quote_with(PriceRules(currency="PLN", discounts=(COFFEE,)), [(B, 1)])
    assert line(member) == (D("33.00"), "minimum margin over cost")  # 30.40 − 30 % < 30 × 1.10
    assert line(guest) == (D("28.00"), "discount Kawa −30 %")


def test_4_an_order_discount_is_spread_over_the_lines_and_taxed_with_them():
    rules = PriceRules(currency="PLN", discounts=(COFFEE, OVER_500))
    quote = quote_with(rules, [(A, 4), (B, 5)])
    assert (quote.subtotal, quote.order_discount, quote.order_discount_rule) == (
        D("540.00"),
        D("27.00"),
        "5 % over 500",
    )
    assert [(q.order_discount, q.net, q.tax) for q in quote.lines] == [
        (D("20.00"), D("380.00"), D("87.40")),
        (D("7.00"), D("133.00"), D("10.64")),
    ]
    assert (quote.net, quote.tax, quote.total) == (D("513.00"), D("98.04"), D("611.04"))


def test_5_a_tax_exempt_group_pays_no_vat():
    exempt = GroupPricing(id=2, name="Export", tax_exempt=True)
    quote = quote_with(PriceRules(currency="PLN", groups=(exempt,)), [(A, 1)])
    assert (quote.net, quote.tax, quote.total, quote.tax_exempt) == (
        D("100.00"),
        D("0"),
        D("100.00"),
        True,
    )


def test_6_the_lowest_price_wins_between_a_fixed_and_a_percent_discount():
    fixed = DiscountRule(
        id=3,
        name="15 zł off A",
        percent=False,
        value=D("15"),
        scope="products",
        targets=frozenset({A.id}),
    )
    tenth = DiscountRule(id=4, name="10 % off", percent=True, value=D("10"))
    quote = quote_with(PriceRules(currency="PLN", discounts=(tenth, fixed)), [(A, 1)])
    assert line(quote) == (D("85.00"), "discount 15 zł off A")


def test_7_a_customer_in_several_groups_gets_the_best_of_them():
    vip = GroupPricing(id=3, name="VIP", extra_discount=D("25"))
    quote = quote_with(PriceRules(currency="PLN", groups=(HURT, vip)), [(A, 1)])
    assert line(quote) == (D("75.00"), "group VIP")  # 75.00 beats Hurt's 76.00


def test_8_amounts_are_rounded_half_up_to_the_minor_unit():
    cheap = PricedProduct(id=5, list_price=D("9.99"), cost=D("1"), vat_rate=D("23"))
    off = DiscountRule(id=5, name="15 %", percent=True, value=D("15"))
    quote = quote_with(PriceRules(currency="PLN", discounts=(off,)), [(cheap, 3)])
    assert line(quote) == (D("8.49"), "discount 15 %")  # 8.4915
    assert (quote.net, quote.tax) == (D("25.47"), D("5.86"))  # 5.8581
    yen = quote_with(PriceRules(currency="JPY", discounts=(off,)), [(cheap, 1)])
    assert yen.lines[0].unit_price == D("8")


def test_rules_are_compared_at_the_price_the_customer_sees():
    """10.01 % and 10 % off 9.99 both make 8.99: the higher priority is named; a 0.01 % that
    changes no price is not named at all."""
    cheap = PricedProduct(id=5, list_price=D("9.99"), cost=D("1"), vat_rate=D("23"))
    first = DiscountRule(id=1, name="10.01 %", percent=True, value=D("10.01"))
    preferred = DiscountRule(id=2, name="10 %", percent=True, value=D("10"), priority=10)
    tiny = DiscountRule(id=3, name="0.01 %", percent=True, value=D("0.01"))
    both = quote_with(PriceRules(currency="PLN", discounts=(first, preferred)), [(cheap, 1)])
    assert line(both) == (D("8.99"), "discount 10 %")
    unchanged = quote_with(PriceRules(currency="PLN", discounts=(tiny,)), [(cheap, 1)])
    assert line(unchanged) == (D("9.99"), "list price")  # 9.989001


def test_without_a_template_a_fixed_discount_above_the_price_makes_it_free():
    gift = DiscountRule(id=6, name="Prezent", percent=False, value=D("150"))
    quote = quote_with(PriceRules(currency="PLN", discounts=(gift,)), [(A, 1)])
    assert line(quote) == (D("0.00"), "discount Prezent")
    assert quote.total == D("0.00")
