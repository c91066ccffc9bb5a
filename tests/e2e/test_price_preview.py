"""In a real browser: staff price a cart for a customer of a group and read why each line
costs what it does."""

from decimal import Decimal as D

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.factories import (
    CustomerFactory,
    CustomerGroupFactory,
    DiscountFactory,
    GroupMembershipFactory,
    PricingTemplateFactory,
    ProductFactory,
)


def test_staff_preview_a_group_members_prices(page, live_url, two_committed_shops):
    krakow, _lyon = two_committed_shops
    ProductFactory(
        shop=krakow,
        sku="KAWA-1",
        name="Kawa ziarnista",
        list_price_net=D("40.00"),
        cost=D("30.00"),
        vat_rate=D("8"),
    )
    ProductFactory(
        shop=krakow, sku="KUB-2", name="Kubek", list_price_net=D("25.00"), cost=D("9.00")
    )
    template = PricingTemplateFactory(
        shop=krakow, name="Hurt −20 %", adjustment_percent=D("20"), min_margin_percent=D("10")
    )
    hurt = CustomerGroupFactory(
        shop=krakow, name="Hurt", pricing_template=template, extra_discount_percent=D("5")
    )
    hanna = CustomerFactory(
        shop=krakow, first_name="Hanna", last_name="Nowak", email="hanna@example.com"
    )
    GroupMembershipFactory(shop=krakow, customer=hanna, group=hurt)
    DiscountFactory(shop=krakow, name="Jesień −30 %", value=D("30"), min_subtotal=D("500"))

    log_in(page, live_url)
    page.goto(f"{live_url}/staff/discounts/preview/")
    page.get_by_label("Customer's email").fill("hanna@example.com")
    # Typing in a product box asks the server for the matching products (any number of them).
    page.get_by_label("Product of line 1").fill("kubek")
    expect(page.locator("#products option")).to_have_count(1)
    expect(page.locator("#products option")).to_have_attribute("value", "KUB-2 · Kubek")
    page.get_by_label("Product of line 1").fill("KAWA-1")
    page.get_by_label("Quantity of line 1").fill("10")
    page.get_by_label("Product of line 2").fill("KUB-2")
    page.get_by_label("Quantity of line 2").fill("4")
    page.get_by_role("button", name="Show prices").click()

    quote = page.get_by_test_id("quote")
    expect(quote).to_contain_text("Prices for Hanna Nowak")
    # Kawa: 40 × 0.8 × 0.95 = 30.40, under the floor 33.00; Kubek: 25 × 0.76 = 19.00.
    # Subtotal 330 + 76 = 406 < 500: no order discount.
    expect(quote.locator("tbody tr").first).to_contain_text("minimum margin over cost")
    expect(quote.locator("tbody tr").nth(1)).to_contain_text("group Hurt")
    expect(page.get_by_test_id("quote-total")).to_have_text("449.88 PLN")  # 330 + 8 % + 76 + 23 %
    screenshot(page, "price-preview")
