"""In a real browser: find the orders placed with a coupon, open one, mark it as paid, and
see the change in its status history. Another shop's orders with the same coupon stay out."""

from playwright.sync_api import expect

from orders.models import Order
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot
from tests.factories import CustomerFactory, OrderFactory, OrderLineFactory


def test_find_an_order_with_a_coupon_and_mark_it_paid(page, live_url, two_committed_shops):
    krakow, lyon = two_committed_shops
    zofia = CustomerFactory(shop=krakow, first_name="Zofia", last_name="Wiśniewska", city="Łódź")
    summer = OrderFactory(shop=krakow, customer=zofia, number="PL-1001", coupon_code="LATO-12")
    OrderLineFactory(shop=krakow, order=summer, sku="KAWA-1", name="Kawa ziarnista 1 kg")
    OrderFactory(shop=krakow, customer=zofia, number="PL-1002")
    zoe = CustomerFactory(shop=lyon, first_name="Zoé", last_name="Perché")
    OrderFactory(shop=lyon, customer=zoe, number="FR-2001", coupon_code="LATO-12")

    log_in(page, live_url)
    page.goto(f"{live_url}/staff/")
    page.get_by_role("link", name="Orders", exact=True).first.click()
    expect(page).to_have_url(f"{live_url}/staff/orders/")
    page.get_by_label("With a coupon").check()
    page.get_by_label("Value from").fill("100")
    page.get_by_role("button", name="Search").click()
    rows = page.locator("[data-testid=order-table] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("PL-1001")
    expect(rows.first).to_contain_text("Zofia Wiśniewska")
    expect(rows.first).to_contain_text("LATO-12")
    expect(page.get_by_text("FR-2001")).to_have_count(0)
    screenshot(page, "order-list-with-coupon")

    # A value no order can hold, sent in the address, is said in words; nothing is listed.
    page.goto(f"{live_url}/staff/orders/?gross_min=1e99999999")
    expect(
        page.get_by_text("Ensure that there are no more than 14 digits in total.")
    ).to_be_visible()
    expect(page.get_by_test_id("empty-state")).to_be_visible()

    page.goto(f"{live_url}/staff/orders/?q=wiśniewska")
    expect(rows).to_have_count(2)
    page.get_by_role("link", name="PL-1001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Order PL-1001")
    expect(page.get_by_test_id("order-lines")).to_contain_text("Kawa ziarnista 1 kg")
    expect(page.locator("dl.details").first).to_contain_text("LATO-12")
    page.get_by_role("button", name="Mark as paid").click()
    history = page.get_by_test_id("order-status-history")
    expect(history).to_contain_text("new → paid")
    expect(history).to_contain_text(krakow.demo.owner.get_full_name() or krakow.demo.owner.email)
    screenshot(page, "order-page-status-history")

    with shop_context(krakow):
        assert Order.objects.get(pk=summer.pk).status == "paid"
