"""In a real browser: from the customer's card, a staff member gives a reason and logs in as
the customer; every storefront page shows the banner; "Back to the card" brings them back;
the card shows the visit, and so does the customer's privacy page, in their own browser."""

from playwright.sync_api import expect

from customers.models import Customer
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot
from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}


def test_log_in_as_the_customer_from_the_card_and_back(page, live_url, two_committed_shops):
    krakow, _lyon = two_committed_shops
    customer = krakow.demo.customer
    with shop_context(krakow):
        Customer.objects.filter(pk=customer.pk).update(assisted_login_consent=True)
    log_in(page, live_url)
    page.goto(f"{live_url}/staff/customers/{customer.pk}/")
    start = page.get_by_test_id("assisted-start")
    expect(start.get_by_text("Log in as the customer…")).to_be_visible()
    screenshot(page, "assisted-card-button")
    start.get_by_text("Log in as the customer…").click()
    page.get_by_label("Why do you log in as the customer?").fill("Pomoc przy zamówieniu")
    screenshot(page, "assisted-reason")
    page.get_by_role("button", name="Log in as the customer", exact=True).click()

    banner = page.get_by_test_id("assisted-banner")
    expect(banner).to_contain_text(
        f"You are logged in as {customer.display_name} for {krakow.name}, 30 minutes left."
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Customer Alpha")
    screenshot(page, "assisted-banner-desktop")
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Orders").first.click()
    expect(banner).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "assisted-banner-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    banner.get_by_role("button", name="Back to the card").click()
    expect(page).to_have_url(f"{live_url}/staff/customers/{customer.pk}/")
    expect(
        page.get_by_text(f"You are back from {customer.display_name}'s account.")
    ).to_be_visible()
    history = page.get_by_test_id("card-assisted-logins")
    expect(history).to_contain_text("Pomoc przy zamówieniu")
    expect(history).to_contain_text("back to the card")
    history.scroll_into_view_if_needed()
    screenshot(page, "assisted-history-card")

    # The customer, in their own browser, sees who came to help and when.
    own = page.context.browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    own.goto(f"{live_url}/s/{krakow.slug}/account/login/")
    own.get_by_label("Email").fill(customer.email)
    own.get_by_label("Password").fill(PASSWORD)
    own.get_by_role("button", name="Log in").click()
    own.goto(f"{live_url}/s/{krakow.slug}/account/privacy/")
    expect(own.get_by_test_id("assisted-history")).to_contain_text(
        "Staff member Owner Alpha logged in to help you on"
    )
    screenshot(own, "assisted-history-privacy-phone")
    own.context.close()
