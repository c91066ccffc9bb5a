"""Properties of the price engine over generated catalogues, groups and discounts: a price is
never above the list price, never below the floor (unless the list price itself is), never
negative; the result does not depend on the order the rules were created in; totals add up."""

import random
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from discounts.pricing import (
    DiscountRule,
    GroupPricing,
    PricedProduct,
    PriceRules,
    quote_with,
)
from shopadmin.money import minor_unit

IDS = st.integers(1, 4)  # few categories and manufacturers, so that discounts meet products


def money(low="0", high="5000"):
    return st.decimals(Decimal(low), Decimal(high), places=2)


percent = st.decimals(Decimal("0"), Decimal("100"), places=2)


@st.composite
def products(draw):
    list_price = draw(money())
    return PricedProduct(
        id=draw(st.integers(1, 30)),
        list_price=list_price,
        cost=draw(money(high=str(list_price * 2))),
        vat_rate=draw(st.sampled_from([Decimal("0"), Decimal("5"), Decimal("8"), Decimal("23")])),
        category_id=draw(st.none() | IDS),
        manufacturer_id=draw(st.none() | IDS),
    )


@st.composite
def groups(draw, number):
    template = draw(st.booleans())
    return GroupPricing(
        id=number,
        name=f"G{number}",
        extra_discount=draw(percent),
        tax_exempt=draw(st.booleans()),
        template=f"T{number}" if template else None,
        from_cost=draw(st.booleans()),
        adjustment=draw(percent),
        min_margin=draw(percent),
    )


@st.composite
def discounts(draw, number):
    scope = draw(st.sampled_from(["catalogue", "products", "categories", "manufacturers"]))
    is_percent = draw(st.booleans())
    return DiscountRule(
        id=number,
        name=f"D{number}",
        percent=is_percent,
        value=draw(percent if is_percent else money(high="500")),
        scope=scope,
        targets=frozenset(draw(st.sets(st.integers(1, 30) if scope == "products" else IDS))),
        min_subtotal=draw(st.none() | money(high="20000")),
        priority=draw(st.integers(0, 3)),
    )


@st.composite
def carts(draw):
    currency = draw(st.sampled_from(["PLN", "EUR", "JPY"]))
    group_count, discount_count = draw(st.integers(0, 3)), draw(st.integers(0, 8))
    rules = PriceRules(
        currency=currency,
        groups=tuple(draw(groups(n)) for n in range(1, group_count + 1)),
        discounts=tuple(draw(discounts(n)) for n in range(1, discount_count + 1)),
    )
    lines = draw(st.lists(st.tuples(products(), st.integers(1, 50)), min_size=1, max_size=8))
    if currency == "JPY":  # whole yen in the catalogue too
        lines = [(_whole(product), quantity) for product, quantity in lines]
    return rules, lines


def _whole(product):
    return PricedProduct(
        id=product.id,
        list_price=product.list_price.quantize(Decimal("1")),
        cost=product.cost.quantize(Decimal("1")),
        vat_rate=product.vat_rate,
        category_id=product.category_id,
        manufacturer_id=product.manufacturer_id,
    )


def floor_of(product, rules):
    margin = rules.min_margin
    if margin is None:
        return Decimal("0")
    return product.cost * (100 + margin) / 100


@settings(max_examples=300, deadline=None)
@given(carts())
def test_a_price_is_within_the_list_price_and_the_floor(cart):
    rules, lines = cart
    quote = quote_with(rules, lines)
    for (product, _quantity), quoted in zip(lines, quote.lines, strict=True):
        assert Decimal("0") <= quoted.unit_price <= product.list_price
        floor = floor_of(product, rules)
        assert quoted.unit_price >= floor or quoted.unit_price == product.list_price
        # An order discount takes no line below its floor either.
        assert quoted.net >= min(floor, quoted.unit_price) * quoted.quantity - Decimal("0.01")
        assert quoted.net >= 0 and quoted.order_discount >= 0


@settings(max_examples=300, deadline=None)
@given(carts(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_rules_were_made_in(cart, shuffler: random.Random):
    rules, lines = cart
    shuffled = PriceRules(
        currency=rules.currency,
        groups=tuple(shuffler.sample(rules.groups, len(rules.groups))),
        discounts=tuple(shuffler.sample(rules.discounts, len(rules.discounts))),
    )
    assert quote_with(shuffled, lines) == quote_with(rules, lines)


@settings(max_examples=300, deadline=None)
@given(carts(), st.randoms(use_true_random=False))
def test_what_the_customer_pays_does_not_depend_on_which_rule_is_older(
    cart, shuffler: random.Random
):
    """Ids say which rule was made first; they break ties between equal discounts. Given out
    the other way round, the rule named may change but never the amounts."""
    rules, lines = cart
    ids = [discount.id for discount in rules.discounts]
    renumbered = PriceRules(
        currency=rules.currency,
        groups=rules.groups,
        discounts=tuple(
            replace(discount, id=new_id)
            for discount, new_id in zip(
                rules.discounts, shuffler.sample(ids, len(ids)), strict=True
            )
        ),
    )
    before, after = quote_with(rules, lines), quote_with(renumbered, lines)
    assert (after.subtotal, after.order_discount, after.net, after.tax, after.total) == (
        before.subtotal,
        before.order_discount,
        before.net,
        before.tax,
        before.total,
    )
    assert [line.unit_price for line in after.lines] == [line.unit_price for line in before.lines]


@settings(max_examples=300, deadline=None)
@given(carts())
def test_totals_are_the_sums_of_their_parts_in_minor_units(cart):
    rules, lines = cart
    quote = quote_with(rules, lines)
    unit = minor_unit(rules.currency)
    assert quote.subtotal == sum(q.unit_price * q.quantity for q in quote.lines)
    assert quote.order_discount == sum(q.order_discount for q in quote.lines)
    assert quote.net == sum(q.net for q in quote.lines) == quote.subtotal - quote.order_discount
    assert quote.tax == sum(q.tax for q in quote.lines)
    assert quote.total == quote.net + quote.tax == sum(q.gross for q in quote.lines)
    for q in quote.lines:
        assert q.net == q.unit_price * q.quantity - q.order_discount
        assert q.gross == q.net + q.tax
        for amount in (q.unit_price, q.order_discount, q.tax):
            assert amount == amount.quantize(unit)  # nothing finer than the minor unit


def test_two_equal_order_discounts_give_the_customer_the_lower_total_whichever_is_older():
    """10.00 off the order either way, one spread over a product at 23 % VAT, the other over
    one at 0 %: the customer pays less tax with the first, whichever was made first."""
    taxed = PricedProduct(
        id=1,
        list_price=Decimal("100.00"),
        cost=Decimal("0"),
        vat_rate=Decimal("23"),
        category_id=None,
        manufacturer_id=None,
    )
    untaxed = replace(taxed, id=2, vat_rate=Decimal("0"))

    def order_discount(number, product):
        return DiscountRule(
            id=number,
            name=f"D{number}",
            percent=False,
            value=Decimal("10"),
            scope="products",
            targets=frozenset({product.id}),
            min_subtotal=Decimal("100"),
            priority=0,
        )

    for taxed_id, untaxed_id in ((1, 2), (2, 1)):
        rules = PriceRules(
            currency="PLN",
            discounts=(order_discount(taxed_id, taxed), order_discount(untaxed_id, untaxed)),
        )
        quote = quote_with(rules, [(taxed, 1), (untaxed, 1)])
        assert (quote.net, quote.tax, quote.total) == (
            Decimal("190.00"),
            Decimal("20.70"),
            Decimal("210.70"),
        ), (taxed_id, untaxed_id)
        assert quote.order_discount_rule == f"D{taxed_id}"
