"""In a real browser: a row's options menu adds an order, sends a password-reset link and
deletes the customer, each time returning to the list as it was."""

import re

from django.core import mail
from playwright.sync_api import expect

from customers.models import Customer
from orders.models import Order
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot
from tests.factories import CustomerFactory, ProductFactory


def open_options(page, name: str):
    row = page.locator("table.customer-table tbody tr", has_text=name)
    row.locator("details.row-menu summary").click()
    return row.locator("details.row-menu")


def test_add_an_order_send_a_reset_link_and_delete_from_the_list(
    page, live_url, two_committed_shops
):
    krakow, _lyon = two_committed_shops
    ProductFactory(shop=krakow, sku="MUG-1", name="Kubek Wawel")
    jan = CustomerFactory(shop=krakow, first_name="Jan", last_name="Nowak", email="jan@example.pl")

    log_in(page, live_url)
    page.goto(f"{live_url}/staff/customers/?q=nowak")

    # Add order: pick the product by typing its SKU, two of them.
    open_options(page, "Jan Nowak").get_by_role("link", name="Add order").click()
    page.get_by_label("Product of line 1").fill("MUG-1")
    page.get_by_label("Quantity of line 1").fill("2")
    page.get_by_role("button", name="Place order").click()
    # Back on the list (from .../orders/new/): the order was placed before the redirect.
    expect(page).to_have_url(f"{live_url}/staff/customers/?q=nowak")
    with shop_context(krakow):
        order = Order.objects.get(customer=jan)
    expect(page.get_by_text(f"Order {order.number} for Jan Nowak: 246.00 PLN.")).to_be_visible()
    orders_cell = page.locator("tbody tr", has_text="Jan Nowak").locator("td.col-orders_count")
    expect(orders_cell).to_have_text("1")

    # Send a password-reset link: a confirmation first, then the email.
    open_options(page, "Jan Nowak").get_by_role("link", name="Send password-reset link").click()
    page.get_by_role("button", name="Send the link").click()
    expect(
        page.get_by_text("A password-reset link is on its way to jan@example.pl.")
    ).to_be_visible()
    [message] = [m for m in mail.outbox if m.to == ["jan@example.pl"]]
    assert re.search(r"/s/sklep-krakow/account/reset/\S+/", message.body)

    # Delete: the confirmation says the order is kept; the list no longer has Jan.
    open_options(page, "Jan Nowak").get_by_role("link", name="Delete").click()
    expect(page.get_by_text("Their 1 order stays in the shop's records")).to_be_visible()
    screenshot(page, "customer-delete-confirmation")
    page.get_by_role("button", name="Delete").click()
    expect(
        page.get_by_text("Deleted Jan Nowak. Their order stays in the shop's records.")
    ).to_be_visible()
    expect(page).to_have_url(f"{live_url}/staff/customers/?q=nowak")
    expect(page.get_by_text("No customer matches")).to_be_visible()
    screenshot(page, "customer-deleted-list")
    with shop_context(krakow):
        assert not Customer.objects.filter(pk=jan.pk).exists()
        assert Order.objects.get(pk=order.pk).customer_id is None
