"""In a real browser, at a phone's width and a desktop's: the customer's account pages, each
without anything sticking out sideways; the customer edits their details, changes their
groups and gives the assisted-login consent."""

import re
from decimal import Decimal

from django.conf import settings
from playwright.sync_api import expect

from loyalty.models import PointsEntry
from shopadmin.models import Shop
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, CustomerGroupFactory, OrderLineFactory
from tests.storefront.test_account import PAGES  # every account page

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def log_in_customer(page, shop_url: str, email: str) -> None:
    page.goto(f"{shop_url}/account/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{shop_url}/account/")


def test_every_account_page_fits_a_phone_and_a_desktop(page, live_url, two_committed_shops):
    krakow, _lyon = two_committed_shops
    customer, order = krakow.demo.customer, krakow.demo.order
    Shop.objects.filter(pk=krakow.pk).update(customers_may_choose_several_groups=True)
    with shop_context(krakow):
        CustomerGroupFactory(shop=krakow, name="Detal", tag_label="Detal", self_selectable=True)
        OrderLineFactory(
            shop=krakow,
            order=order,
            sku="KAW-1",
            name="Kawa ziarnista Brazylia Santos 1 kg",
            quantity=3,
            list_price_net=Decimal("89.00"),
            unit_price_net=Decimal("79.90"),
        )
        PointsEntry.objects.create(
            shop=krakow, customer=customer, delta=120, reason="Order points", order=order
        )
    shop_url = f"{live_url}/s/{krakow.slug}"
    log_in_customer(page, shop_url, customer.email)
    for name, size in [("phone", PHONE), ("desktop", DESKTOP)]:
        page.set_viewport_size(size)
        for path in PAGES:
            page.goto(f"{shop_url}/account/{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= size["width"], f"{path or 'overview'} on a {name}: {width}px wide"
            screenshot(page, f"account-{(path or 'overview').strip('/').replace('/', '-')}-{name}")
        page.goto(f"{shop_url}/account/orders/{order.pk}/")
        expect(page.get_by_text("Kawa ziarnista Brazylia Santos 1 kg")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        screenshot(page, f"account-order-{name}")


def test_the_customer_edits_details_groups_and_consent(page, live_url, two_committed_shops):
    krakow, _lyon = two_committed_shops
    with shop_context(krakow):
        CustomerGroupFactory(shop=krakow, name="Detal", tag_label="Detal", self_selectable=True)
    shop_url = f"{live_url}/s/{krakow.slug}"
    page.set_viewport_size(PHONE)
    log_in_customer(page, shop_url, krakow.demo.customer.email)

    page.get_by_role("link", name="Details").click()
    page.get_by_label("City").fill("Kraków")
    page.get_by_label("Country").select_option("PL")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your details are saved.")).to_be_visible()
    expect(page.get_by_label("City")).to_have_value("Kraków")

    page.get_by_role("link", name="Groups").click()
    page.get_by_label("Detal").check()
    page.get_by_role("button", name="Save my groups").click()
    expect(page.get_by_text("You joined: Detal.")).to_be_visible()
    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_test_id("account-groups")).to_contain_text("Detal")

    page.get_by_role("link", name="Privacy").click()
    page.get_by_label("The shop's staff may log in to my account to help me").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("consent-state")).to_contain_text("Given on")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as JSON").click()
    assert download.value.suggested_filename.startswith("my-data-")
    screenshot(page, "account-privacy-given-phone")


def test_a_new_email_is_confirmed_by_the_button_on_its_link(
    page, live_url, two_committed_shops, mailoutbox
):
    krakow, _lyon = two_committed_shops
    shop_url = f"{live_url}/s/{krakow.slug}"
    page.set_viewport_size(PHONE)
    log_in_customer(page, shop_url, krakow.demo.customer.email)
    page.goto(f"{shop_url}/account/details/email/")
    page.get_by_label("New email address").fill("anna.nowa@poczta.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_text("We have sent a link to anna.nowa@poczta.example.")).to_be_visible()
    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    page.goto(link.replace(settings.SITE_URL, live_url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your new email address")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "confirm-new-email-phone")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Your email is now anna.nowa@poczta.example.")).to_be_visible()
