"""quote() on the database: the shop's own groups, templates, discounts and coupons price the
cart; another shop's never do, also when their codes are typed in."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from discounts.models import Discount
from discounts.pricing import load_price_rules, quote
from groups.models import GroupMembership
from shopadmin.tenancy import shop_context
from tests.factories import (
    CategoryFactory,
    CouponFactory,
    CustomerFactory,
    CustomerGroupFactory,
    DiscountCategoryFactory,
    DiscountFactory,
    DiscountGroupFactory,
    GroupMembershipFactory,
    PricingTemplateFactory,
    ProductFactory,
)


@pytest.fixture
def coffee(shop):
    """Example 3 of docs/pricing.md: a coffee at 40.00 (cost 30.00), 30 % off coffee for
    everyone, and the Hurt group's template (list −20 %, margin 10 %) with 5 % extra."""
    category = CategoryFactory(shop=shop, name="Kawa")
    product = ProductFactory(
        shop=shop, list_price_net=D("40.00"), cost=D("30.00"), vat_rate=D("8"), category=category
    )
    discount = DiscountFactory(
        shop=shop, name="Kawa −30 %", value=D("30"), scope=Discount.Scope.CATEGORIES
    )
    DiscountCategoryFactory(shop=shop, discount=discount, category=category)
    template = PricingTemplateFactory(
        shop=shop, name="Hurt −20 %", adjustment_percent=D("20"), min_margin_percent=D("10")
    )
    hurt = CustomerGroupFactory(
        shop=shop, name="Hurt", pricing_template=template, extra_discount_percent=D("5")
    )
    member = CustomerFactory(shop=shop, first_name="Hurtownik")
    GroupMembershipFactory(shop=shop, customer=member, group=hurt)
    return product, member, hurt


def priced(shop, customer, product, code=None):
    with shop_context(shop):
        result = quote(shop, customer, [(product, 1)], code)
    return result.lines[0].unit_price, result.lines[0].rule, result.coupon_problem


def test_the_shops_groups_templates_and_discounts_price_the_cart(shop, coffee):
    product, member, _hurt = coffee
    assert priced(shop, member, product)[:2] == (D("33.00"), "minimum margin over cost")
    assert priced(shop, None, product)[:2] == (D("28.00"), "discount Kawa −30 %")
    guest = CustomerFactory(shop=shop, guest=True)
    assert priced(shop, guest, product)[:2] == (D("28.00"), "discount Kawa −30 %")


def test_another_shops_discounts_groups_and_coupons_never_apply(shop, other_shop, coffee):
    product, member, _hurt = coffee
    DiscountFactory(shop=other_shop, name="Their 90 %", value=D("90"))
    CouponFactory(
        shop=other_shop, code="THEIRS", discount=DiscountFactory(shop=other_shop, value=D("80"))
    )
    their_group = CustomerGroupFactory(
        shop=other_shop, name="Their VIP", extra_discount_percent=D("50")
    )
    GroupMembershipFactory(shop=other_shop, customer=other_shop.demo.customer, group=their_group)

    assert priced(shop, member, product, "theirs") == (
        D("33.00"),
        "minimum margin over cost",
        "The coupon code “theirs” is not valid.",
    )
    # Their customer, handed to this shop's engine, has no groups here.
    assert priced(shop, other_shop.demo.customer, product)[:2] == (
        D("28.00"),
        "discount Kawa −30 %",
    )


def test_a_discount_with_a_coupon_applies_only_with_its_code_within_its_limits(shop, coffee):
    product, member, _hurt = coffee
    spring = DiscountFactory(shop=shop, name="Wiosna −40 %", value=D("40"))
    coupon = CouponFactory(shop=shop, code="Wiosna", discount=spring, max_uses_total=2)

    assert priced(shop, None, product)[:2] == (D("28.00"), "discount Kawa −30 %")
    assert priced(shop, None, product, " wiosna ") == (D("24.00"), "discount Wiosna −40 %", "")
    with shop_context(shop):
        type(coupon).objects.filter(pk=coupon.pk).update(uses_count=2)
    assert priced(shop, None, product, "WIOSNA") == (
        D("28.00"),
        "discount Kawa −30 %",
        "The coupon “Wiosna” has been used up.",
    )


def test_a_coupon_per_customer_needs_a_customer_and_a_finished_discount_says_so(shop, coffee):
    product, member, _hurt = coffee
    spring = DiscountFactory(shop=shop, name="Raz −40 %", value=D("40"))
    CouponFactory(shop=shop, code="RAZ", max_uses_per_customer=1, discount=spring)
    assert priced(shop, None, product, "raz")[2] == "Log in to use the coupon “RAZ”."
    guest = CustomerFactory(shop=shop, guest=True)
    assert priced(shop, guest, product, "raz")[2] == "Log in to use the coupon “RAZ”."
    registered = CustomerFactory(shop=shop)
    assert priced(shop, registered, product, "raz") == (D("24.00"), "discount Raz −40 %", "")
    # The member's price is at the cost floor already: the code would give nothing.
    assert "gives nothing off this order" in priced(shop, member, product, "raz")[2]
    ended = DiscountFactory(
        shop=shop,
        value=D("40"),
        active_to=timezone.now() - timedelta(days=1),
        active_from=timezone.now() - timedelta(days=9),
    )
    CouponFactory(shop=shop, code="STARY", discount=ended)
    assert priced(shop, member, product, "stary")[2] == "The coupon “STARY” does not apply now."


def test_a_coupon_that_lowers_no_price_is_not_applied_and_says_why(shop, coffee):
    """Its discount (10 %) loses to the 30 % everyone has: the code would be used up for
    nothing, so the quote keeps it out (an order with it stops) and tells the reason."""
    product, _member, _hurt = coffee
    small = DiscountFactory(shop=shop, name="Mały −10 %", value=D("10"))
    CouponFactory(shop=shop, code="MALY", discount=small)
    with shop_context(shop):
        result = quote(shop, None, [(product, 1)], "maly")
    assert (result.lines[0].unit_price, result.lines[0].rule) == (D("28.00"), "discount Kawa −30 %")
    assert result.coupon_id is None
    assert result.coupon_problem == (
        "The coupon “MALY” gives nothing off this order: it costs as much or less without it."
    )
    # On a product it wins for, the same code is applied.
    other = ProductFactory(shop=shop, list_price_net=D("10.00"), cost=D("1.00"))
    with shop_context(shop):
        result = quote(shop, None, [(product, 1), (other, 1)], "maly")
    assert result.coupon_problem == "" and result.coupon_id is not None
    assert [line.rule for line in result.lines] == ["discount Kawa −30 %", "discount Mały −10 %"]


def coupon_for(shop, code, **discount):
    return CouponFactory(shop=shop, code=code, discount=DiscountFactory(shop=shop, **discount))


def with_code(shop, product, code):
    with shop_context(shop):
        result = quote(shop, None, [(product, 1)], code)
    return result.net, result.lines[0].rule, result.coupon_id, result.coupon_problem


GIVES_NOTHING = "The coupon “%s” gives nothing off this order: it costs as much or less without it."


def test_a_coupon_giving_the_price_another_rule_gives_is_not_applied(shop):
    """Its 20 % has the higher priority, so it would be the rule named: the same price."""
    product = ProductFactory(shop=shop, list_price_net=D("100.00"), cost=D("50.00"), vat_rate=0)
    DiscountFactory(shop=shop, name="Wszyscy −20 %", value=D("20"))
    coupon_for(shop, "ROWNY", name="Kod −20 %", value=D("20"), priority=5)

    assert with_code(shop, product, "rowny") == (
        D("80.00"),
        "discount Wszyscy −20 %",
        None,
        GIVES_NOTHING % "ROWNY",
    )


def test_a_coupon_that_would_push_the_cart_under_an_order_discounts_minimum_is_not_applied(
    shop,
):
    """5 % off each unit makes the subtotal 95.00, under the 100.00 the order's 20 % needs:
    the customer would pay 95.00 with the code and pays 80.00 without it."""
    product = ProductFactory(shop=shop, list_price_net=D("100.00"), cost=D("50.00"), vat_rate=0)
    DiscountFactory(shop=shop, name="Od 100: −20 %", value=D("20"), min_subtotal=D("100"))
    coupon = coupon_for(shop, "PIEC", name="Kod −5 %", value=D("5"))

    assert with_code(shop, product, "piec") == (
        D("80.00"),
        "list price",
        None,
        GIVES_NOTHING % "PIEC",
    )
    # Where it does lower the total (no order discount reached), it is applied.
    cheap = ProductFactory(shop=shop, list_price_net=D("50.00"), cost=D("10.00"), vat_rate=0)
    assert with_code(shop, cheap, "piec") == (D("47.50"), "discount Kod −5 %", coupon.pk, "")


def test_a_coupon_is_not_applied_when_the_cost_floor_holds_the_price_either_way(shop, coffee):
    """The member's price is held at cost plus 10 % (33.00) with or without the code."""
    product, member, _hurt = coffee
    coupon_for(shop, "DUZY", name="Duzy −50 %", value=D("50"))
    with shop_context(shop):
        result = quote(shop, member, [(product, 1)], "duzy")
    assert (result.lines[0].unit_price, result.lines[0].rule) == (
        D("33.00"),
        "minimum margin over cost",
    )
    assert result.coupon_id is None and "gives nothing" in result.coupon_problem


def test_a_discount_for_chosen_groups_reaches_their_members_only(shop, coffee):
    product, member, hurt = coffee
    members_only = DiscountFactory(
        shop=shop, name="Hurt −45 %", value=D("45"), audience=Discount.Audience.GROUPS
    )
    DiscountGroupFactory(shop=shop, discount=members_only, group=hurt)
    assert priced(shop, None, product)[:2] == (D("28.00"), "discount Kawa −30 %")
    # The member's template floor (33.00) still holds under the bigger discount.
    assert priced(shop, member, product)[:2] == (D("33.00"), "minimum margin over cost")
    # A member of a group without a template gets it: 40.00 − 45 % = 22.00.
    friends = CustomerGroupFactory(shop=shop, name="Przyjaciele")
    DiscountGroupFactory(shop=shop, discount=members_only, group=friends)
    friend = CustomerFactory(shop=shop, first_name="Przyjaciel")
    GroupMembershipFactory(shop=shop, customer=friend, group=friends)
    assert priced(shop, friend, product)[:2] == (D("22.00"), "discount Hurt −45 %")


def test_a_discount_for_a_group_from_an_order_subtotal_needs_both(shop, coffee):
    """The issue's third kind: by group together with a subtotal threshold."""
    product, _member, _hurt = coffee
    friends = CustomerGroupFactory(shop=shop, name="Przyjaciele")
    friend = CustomerFactory(shop=shop, first_name="Przyjaciel")
    GroupMembershipFactory(shop=shop, customer=friend, group=friends)
    big_orders = DiscountFactory(
        shop=shop,
        name="Przyjaciele od 100: −10 %",
        value=D("10"),
        audience=Discount.Audience.GROUPS,
        min_subtotal=D("100"),
    )
    DiscountGroupFactory(shop=shop, discount=big_orders, group=friends)

    def order_discount(customer, quantity):
        with shop_context(shop):
            result = quote(shop, customer, [(product, quantity)])
        return result.subtotal, result.order_discount, result.order_discount_rule

    # 28.00 each (30 % off coffee for everyone): 3 make 84.00, under the threshold.
    assert order_discount(friend, 3) == (D("84.00"), D("0"), "")
    assert order_discount(friend, 4) == (D("112.00"), D("11.20"), "Przyjaciele od 100: −10 %")
    assert order_discount(None, 4) == (D("112.00"), D("0"), "")  # not a member


def test_a_customer_in_several_groups_gets_the_best_price_and_a_tax_exempt_group_no_vat(shop):
    """Read from the database: a cost-plus template, a list-minus template and a tax-exempt
    group, the customer a member of all three."""
    product = ProductFactory(
        shop=shop, list_price_net=D("100.00"), cost=D("50.00"), vat_rate=D("23")
    )
    cost_plus = PricingTemplateFactory(
        shop=shop, name="Koszt +40 %", base="cost", adjustment_percent=D("40")
    )
    list_minus = PricingTemplateFactory(shop=shop, name="Lista −20 %", adjustment_percent=D("20"))
    b2b = CustomerGroupFactory(shop=shop, name="B2B", pricing_template=cost_plus)
    hurt = CustomerGroupFactory(shop=shop, name="Hurt", pricing_template=list_minus)
    export = CustomerGroupFactory(shop=shop, name="Eksport", tax_exempt=True)
    buyer = CustomerFactory(shop=shop, first_name="Kupiec")

    def priced_for(*groups):
        with shop_context(shop):
            GroupMembership.objects.filter(shop=shop, customer=buyer).delete()
            for group in groups:
                GroupMembershipFactory(shop=shop, customer=buyer, group=group)
            result = quote(shop, buyer, [(product, 1)])
        line = result.lines[0]
        return line.unit_price, line.rule, line.tax, result.total

    # Cost plus 40 %: 70.00, from the cost, not the list price.
    assert priced_for(b2b) == (D("70.00"), "group B2B", D("16.10"), D("86.10"))
    assert priced_for(hurt) == (D("80.00"), "group Hurt", D("18.40"), D("98.40"))
    # In both, the lower price; with the tax-exempt group too, no VAT.
    assert priced_for(b2b, hurt) == (D("70.00"), "group B2B", D("16.10"), D("86.10"))
    assert priced_for(b2b, hurt, export) == (D("70.00"), "group B2B", D("0"), D("70.00"))


def test_the_rules_are_read_in_the_same_few_queries_however_many(
    shop, coffee, django_assert_num_queries
):
    _product, member, _hurt = coffee
    for number in range(20):
        DiscountFactory(shop=shop, name=f"Extra {number}", value=D("1"))
    with shop_context(shop), django_assert_num_queries(2):  # groups, discounts with targets
        rules = load_price_rules(shop, member)
    assert len(rules.discounts) == 21
