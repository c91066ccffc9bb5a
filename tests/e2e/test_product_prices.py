"""In a real browser, on a phone's width and a desktop's: a guest sees the product list at list
prices (a discount for everyone struck through), a customer in a group who logs in sees their
group's prices with the list price struck through and the reason beside it, on the list and
on a product's page; nothing sticks out sideways."""

from decimal import Decimal as D

from playwright.sync_api import expect

from discounts.models import Discount
from groups.models import GroupMembership
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import screenshot
from tests.factories import (
    PASSWORD,
    CategoryFactory,
    CustomerGroupFactory,
    DiscountCategoryFactory,
    DiscountFactory,
    PricingTemplateFactory,
    ProductFactory,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SIZES = [("phone", PHONE), ("desktop", DESKTOP)]


def fits(page, name: str, size: dict) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"{name}: the page is {width}px wide"


def test_guest_and_group_prices_on_a_phone_and_a_desktop(page, live_url, two_committed_shops):
    krakow, lyon = two_committed_shops
    lamps = CategoryFactory(shop=krakow, name="Lampy")
    ProductFactory(
        shop=krakow,
        sku="LAMP-1",
        name="Lampa biurkowa z regulowanym ramieniem",
        list_price_net=D("100.00"),
        cost=D("60.00"),
        category=lamps,
    )
    ProductFactory(
        shop=krakow,
        sku="CHAIR-1",
        name="Krzesło",
        list_price_net=D("250.00"),
        cost=D("150.00"),
    )
    for number in range(1, 9):
        ProductFactory(
            shop=krakow,
            sku=f"MUG-{number}",
            name=f"Kubek ceramiczny {number}",
            list_price_net=D("19.99") * number,
            cost=D("8.00") * number,
            vat_rate=D("8"),
        )
    sale = DiscountFactory(
        shop=krakow, name="Wiosna", value=D("10"), scope=Discount.Scope.CATEGORIES
    )
    DiscountCategoryFactory(shop=krakow, discount=sale, category=lamps)
    template = PricingTemplateFactory(
        shop=krakow, name="Hurt −20 %", adjustment_percent=D("20"), min_margin_percent=D("10")
    )
    hurt = CustomerGroupFactory(
        shop=krakow, name="Hurt", pricing_template=template, extra_discount_percent=D("5")
    )
    with shop_context(krakow):
        GroupMembership.objects.create(shop=krakow, customer=krakow.demo.customer, group=hurt)
    shop_url = f"{live_url}/s/{krakow.slug}"

    # A guest: list prices, the discount for everyone on the lamp.
    for name, size in SIZES:
        page.set_viewport_size(size)
        page.goto(f"{shop_url}/")
        page.get_by_role("link", name="Products").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Products")
        chair = page.locator(".product-card", has_text="Krzesło")
        expect(chair.locator(".price-now")).to_have_text("307.50 PLN")
        expect(chair.locator("del")).to_have_count(0)
        lamp = page.locator(".product-card", has_text="Lampa biurkowa")
        expect(lamp.locator("del")).to_have_text("List price: 123.00 PLN")
        expect(lamp.locator(".price-now")).to_have_text("Your price: 110.70 PLN")
        expect(lamp.locator(".price-reason")).to_have_text("Wiosna −10 %")
        expect(page.get_by_text("Log in to see your own prices.")).to_be_visible()
        fits(page, f"guest list {name}", size)
        screenshot(page, f"products-guest-{name}")

    # The customer logs in: Hurt's prices, the list price struck through, and why.
    page.goto(f"{shop_url}/account/login/")
    page.get_by_label("Email").fill(krakow.demo.customer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{shop_url}/products/")
    for name, size in SIZES:
        page.set_viewport_size(size)
        chair = page.locator(".product-card", has_text="Krzesło")
        # 250 × 0.80 × 0.95 = 190.00 net, 233.70 with VAT
        expect(chair.locator(".price-now")).to_have_text("Your price: 233.70 PLN")
        expect(chair.locator("del")).to_have_text("List price: 307.50 PLN")
        expect(chair.locator("del")).to_be_visible()
        expect(chair.locator(".price-reason")).to_have_text("Hurt group price")
        # The lamp: 76.00 for Hurt, less Wiosna's 10 % = 68.40 net, 84.13 with VAT
        lamp = page.locator(".product-card", has_text="Lampa biurkowa")
        expect(lamp.locator(".price-now")).to_have_text("Your price: 84.13 PLN")
        expect(lamp.locator(".price-reason")).to_have_text("Wiosna −10 %")
        fits(page, f"customer list {name}", size)
        screenshot(page, f"products-customer-{name}")

    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Krzesło").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Krzesło")
    for name, size in SIZES:
        page.set_viewport_size(size)
        expect(page.locator(".product-page del")).to_have_text("List price: 307.50 PLN")
        expect(page.locator(".product-page .price-reason")).to_have_text("Hurt group price")
        fits(page, f"customer product {name}", size)
        screenshot(page, f"product-customer-{name}")

    # The same product page for a guest, in a fresh browser context.
    guest = page.context.browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    guest.goto(page.url)
    expect(guest.locator(".product-page .price-now")).to_have_text("307.50 PLN")
    expect(guest.locator(".product-page del")).to_have_count(0)
    for name, size in SIZES:
        guest.set_viewport_size(size)
        fits(guest, f"guest product {name}", size)
        screenshot(guest, f"product-guest-{name}")
    guest.context.close()
    assert lyon.name not in page.content()
