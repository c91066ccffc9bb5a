"""In a real browser, on a phone's width and a desktop's: a visitor registers and chooses two
groups, one of which waits for approval; staff approve it; the customer's account shows both,
and the product page then shows the approved group's price."""

from decimal import Decimal

from playwright.sync_api import expect

from shopadmin.models import Shop
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot
from tests.factories import CustomerGroupFactory, PricingTemplateFactory, ProductFactory

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def test_register_with_two_groups_and_staff_approve_one(
    page, browser, live_url, two_committed_shops
):
    krakow, lyon = two_committed_shops
    Shop.objects.filter(pk=krakow.pk).update(customers_may_choose_several_groups=True)
    with shop_context(krakow):
        CustomerGroupFactory(
            shop=krakow, name="Detal", tag_label="Detal", tag_colour="#43A047", self_selectable=True
        )
        CustomerGroupFactory(
            shop=krakow,
            name="Hurt",
            tag_label="Hurt",
            tag_colour="#1E88E5",
            description="Dla firm, po weryfikacji numeru NIP.",
            self_selectable=True,
            needs_approval=True,
            pricing_template=PricingTemplateFactory(
                shop=krakow, name="Hurt −20 %", base="list_price", adjustment_percent=Decimal("20")
            ),
        )
    lamp = ProductFactory(
        shop=krakow,
        sku="LAMP-1",
        name="Lampa biurkowa",
        list_price_net=Decimal("100.00"),
        cost=Decimal("50.00"),
    )
    with shop_context(lyon):
        CustomerGroupFactory(shop=lyon, name="Grossiste", self_selectable=True)

    shop_url = f"{live_url}/s/{krakow.slug}"
    page.set_viewport_size(PHONE)
    page.goto(f"{shop_url}/account/login/")
    page.get_by_role("link", name="Create an account").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    expect(page.get_by_text("Grossiste")).to_have_count(0)
    page.get_by_label("First name").fill("Zofia")
    page.get_by_label("Last name").fill("Wiśniewska")
    page.get_by_label("Email").fill("zofia@poczta.example")
    page.get_by_label("Password", exact=True).fill("Wisniowa-77-sad")
    page.get_by_label("Password again").fill("Wisniowa-77-sad")
    page.get_by_label("Company (optional)").fill("Kwiaciarnia Zofia")
    page.get_by_label("Detal").check()
    page.get_by_label("Hurt").check()
    page.get_by_role("button", name="Create an account").click()
    expect(page.get_by_text("Accept the shop's terms to register.")).to_be_visible()
    screenshot(page, "register-error-phone")
    page.get_by_label("Password", exact=True).fill("Wisniowa-77-sad")
    page.get_by_label("Password again").fill("Wisniowa-77-sad")
    page.get_by_label("I accept the shop's terms and conditions").check()
    page.get_by_role("button", name="Create an account").click()

    expect(page.get_by_text("Welcome! Your account is ready.")).to_be_visible()
    groups = page.get_by_test_id("account-groups")
    expect(groups).to_contain_text("Detal")
    expect(groups).to_contain_text("Hurt waiting for approval")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "account-pending-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "account-pending-desktop")

    staff = browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    log_in(staff, live_url)
    staff.goto(f"{live_url}/staff/groups/")
    staff.get_by_role("link", name="Hurt").first.click()
    requests = staff.get_by_test_id("group-requests")
    expect(requests).to_contain_text("Zofia Wiśniewska")
    expect(requests).to_contain_text("Kwiaciarnia Zofia")
    screenshot(staff, "group-requests")
    staff.get_by_label("Select Zofia Wiśniewska").check()
    staff.get_by_role("button", name="Approve the ticked").click()
    expect(staff.get_by_text("1 customer approved: now in Hurt.")).to_be_visible()
    staff.context.close()

    page.reload()
    expect(groups).to_contain_text("Hurt")
    expect(groups).not_to_contain_text("waiting for approval")

    # The group's price: 20 % off the list price, the list price struck through, and why.
    page.goto(f"{shop_url}/products/{lamp.pk}/")
    expect(page.locator(".price-now")).to_have_text("Your price: 98.40 PLN")
    expect(page.locator("del.price-list")).to_have_text("List price: 123.00 PLN")
    expect(page.locator(".price-reason")).to_have_text("Hurt group price")
    screenshot(page, "product-after-approval-desktop")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "product-after-approval-phone")


def test_the_registration_form_on_a_phone_and_a_desktop(page, live_url, two_committed_shops):
    krakow, _lyon = two_committed_shops
    with shop_context(krakow):
        CustomerGroupFactory(shop=krakow, name="Detal", tag_label="Detal", self_selectable=True)
    for name, size in [("phone", PHONE), ("desktop", DESKTOP)]:
        page.set_viewport_size(size)
        page.goto(f"{live_url}/s/{krakow.slug}/account/register/")
        expect(page.get_by_label("Detal")).to_be_visible()
        # Nothing sticks out sideways on a phone.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name}: the page is {width}px wide"
        screenshot(page, f"register-{name}")
