"""The staff price preview: who, what and how many in; the engine's quote out, line by line,
for this shop's customers, groups, products and coupons only."""

from decimal import Decimal as D

from django.urls import reverse

from tests.factories import (
    CouponFactory,
    CustomerFactory,
    CustomerGroupFactory,
    DiscountFactory,
    GroupMembershipFactory,
    PricingTemplateFactory,
    ProductFactory,
)
from tests.helpers import text

PREVIEW = reverse("staff:price_preview")


def preview(client, *lines, **who):
    data = {"lines-TOTAL_FORMS": 3, "lines-INITIAL_FORMS": 0, **who}
    for number, (sku, quantity) in enumerate(lines):
        data[f"lines-{number}-sku"], data[f"lines-{number}-quantity"] = sku, quantity
    response = client.get(PREVIEW, data)
    assert response.status_code == 200
    return text(response)


def test_a_customers_quote_names_their_groups_and_the_rule_of_each_line(staff_client, shop):
    ProductFactory(
        shop=shop,
        sku="KAWA-1",
        name="Kawa",
        list_price_net=D("40.00"),
        cost=D("30.00"),
        vat_rate=D("8"),
    )
    template = PricingTemplateFactory(
        shop=shop, name="Hurt −20 %", adjustment_percent=D("20"), min_margin_percent=D("10")
    )
    hurt = CustomerGroupFactory(
        shop=shop, name="Hurt", pricing_template=template, extra_discount_percent=D("5")
    )
    member = CustomerFactory(
        shop=shop, first_name="Hanna", last_name="Hurt", email="hanna@example.com"
    )
    GroupMembershipFactory(shop=shop, customer=member, group=hurt)
    DiscountFactory(shop=shop, name="Kawa −30 %", value=D("30"))

    as_member = preview(staff_client, ("KAWA-1", 2), customer="Hanna@Example.com")
    as_guest = preview(staff_client, ("KAWA-1 · Kawa", 2))
    as_group = preview(staff_client, ("KAWA-1", 2), group=hurt.pk)

    assert "Prices for Hanna Hurt" in as_member and "Groups: Hurt (Hurt −20 %)." in as_member
    assert "minimum margin over cost" in as_member and "71.28 PLN" in as_member  # 2 × 33 + 8 %
    assert "Prices for a guest" in as_guest and "discount Kawa −30 %" in as_guest
    assert "60.48 PLN" in as_guest  # 2 × 28.00 + 8 %
    assert "Prices for a member of Hurt" in as_group and "71.28 PLN" in as_group


def test_another_shops_customers_groups_products_and_coupons_are_not_found(
    staff_client, shop, other_shop
):
    ProductFactory(shop=shop, sku="MINE", list_price_net=D("10.00"), cost=D("5"))
    CouponFactory(
        shop=other_shop, code="THEIRS", discount=DiscountFactory(shop=other_shop, value=D("50"))
    )
    their_product = other_shop.demo.product

    page = preview(staff_client, ("MINE", 1), customer=other_shop.demo.customer.email)
    assert "No customer of this shop has that email." in page
    page = preview(staff_client, ("MINE", 1), group=other_shop.demo.group.pk)
    assert "Select a valid choice." in page
    page = preview(staff_client, (their_product.sku, 1))
    assert f"No product for sale has the SKU “{their_product.sku}”." in page
    page = preview(staff_client, ("MINE", 1), coupon_code="theirs")
    assert "The coupon code “theirs” is not valid." in page and "12.30 PLN" in page


def test_only_discount_managers_may_preview_and_strangers_are_sent_to_log_in(
    client, support_client
):
    assert support_client.get(PREVIEW).status_code == 403  # costs and coupon codes show there
    response = client.get(PREVIEW)
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_amounts_have_the_decimals_of_the_shops_currency(staff_client, shop):
    from shopadmin.models import Shop

    Shop.objects.filter(pk=shop.pk).update(currency="JPY")
    ProductFactory(shop=shop, sku="SAKE", list_price_net=D("1500"), cost=D("600"), vat_rate=D("10"))
    page = preview(staff_client, ("SAKE", 2))
    assert "3,300 JPY" in page and "3,300.00" not in page  # 2 × 1,500 + 10 %
