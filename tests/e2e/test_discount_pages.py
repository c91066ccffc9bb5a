"""In a real browser: from the navigation to a new 12 % discount for a group, from a minimum
subtotal, with a coupon code; the form shows only the parts the choices ask for."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from discounts.models import Coupon, Discount, DiscountGroup, DiscountProduct
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot
from tests.factories import (
    CategoryFactory,
    CouponFactory,
    CustomerGroupFactory,
    DiscountCategoryFactory,
    DiscountFactory,
    PricingTemplateFactory,
    ProductFactory,
)

WARSAW = ZoneInfo("Europe/Warsaw")


def test_create_a_group_discount_with_a_coupon_and_see_it_in_the_list(
    page, live_url, two_committed_shops
):
    krakow, lyon = two_committed_shops
    hurt = CustomerGroupFactory(shop=krakow, name="Hurt", tag_label="Hurt", tag_colour="#1565C0")
    CustomerGroupFactory(shop=lyon, name="Grossistes", tag_label="Gros")
    PricingTemplateFactory(shop=krakow, name="Hurt −20 %", adjustment_percent=Decimal("20"))

    log_in(page, live_url)
    page.get_by_role("link", name="Discounts", exact=True).click()
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    screenshot(page, "discount-list-empty")
    page.get_by_role("link", name="New discount").first.click()
    page.wait_for_url("**/staff/discounts/new/")

    # Only what the choices ask for shows; the value's unit follows the kind.
    products = page.get_by_label("Products (SKUs)")
    groups = page.get_by_role("group", name="Groups")
    expect(products).to_be_hidden()
    expect(groups).to_be_hidden()
    expect(page.locator("[data-unit]")).to_have_text("%")
    page.get_by_label("Fixed amount").check()
    expect(page.locator("[data-unit]")).to_have_text("PLN")
    page.get_by_label("Percentage").check()
    expect(page.locator("[data-unit]")).to_have_text("%")
    page.get_by_label("Chosen products").check()
    expect(products).to_be_visible()
    page.get_by_label("Whole catalogue").check()

    page.get_by_label("Name").fill("Hurt 12 % od 500 zł")
    page.get_by_label("Value").fill("12")
    page.get_by_label("Minimum order subtotal (PLN)").fill("500")
    page.get_by_label("Chosen groups").check()
    expect(groups).to_be_visible()
    expect(groups.get_by_label("Hurt", exact=True)).to_be_visible()  # the list is filled, ...
    expect(groups.get_by_label("Grossistes")).to_have_count(0)  # ... not with the other shop's
    codes = page.get_by_label("Code", exact=True)
    codes.first.fill("HURT 12")  # a space: refused
    page.get_by_label("Uses in total").first.fill("100")
    page.get_by_label("Uses per customer").first.fill("1")
    # A second code, in a row the button adds (focused, to type straight away).
    page.get_by_role("button", name="Add another code").click()
    expect(codes).to_have_count(2)
    expect(codes.nth(1)).to_be_focused()
    page.keyboard.type("HURT-VIP")
    page.get_by_role("button", name="Create discount").click()

    # Refused twice over, each said at its field; what was typed stays.
    expect(page.get_by_text("Choose at least one group.")).to_be_visible()
    expect(page.get_by_text("A coupon code has no spaces.")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Hurt 12 % od 500 zł")
    screenshot(page, "discount-form-errors")
    page.get_by_label("Hurt", exact=True).check()
    expect(codes.nth(1)).to_have_value("HURT-VIP")
    codes.first.fill("HURT12")
    screenshot(page, "discount-form")
    page.get_by_role("button", name="Create discount").click()

    expect(page.get_by_text("Created the discount “Hurt 12 % od 500 zł”.")).to_be_visible()
    row = page.locator("tbody tr").first
    expect(row.locator("td.col-value")).to_have_text("12 %")
    expect(row.locator("td.col-audience")).to_have_text("Hurt")
    expect(row.locator("td.col-min_subtotal")).to_have_text("500.00 PLN")
    expect(row.locator("td.col-status")).to_have_text("active")
    expect(row.locator("td.col-coupons")).to_contain_text("HURT12 0/100")
    expect(row.locator("td.col-coupons")).to_contain_text("HURT-VIP 0/∞")
    # Beside an older, scheduled one with two codes and a fixed amount off two categories.
    autumn = DiscountFactory(
        shop=krakow,
        name="Jesień: 15 zł taniej",
        kind="fixed",
        value=Decimal("15"),
        scope="categories",
        active_from=datetime(2030, 9, 1, tzinfo=WARSAW),
        active_to=datetime(2030, 9, 30, 23, 59, tzinfo=WARSAW),
        priority=2,
        created_at=datetime(2020, 1, 1, tzinfo=WARSAW),
    )
    for name in ["Kawa", "Herbata"]:
        category = CategoryFactory(shop=krakow, name=name)
        DiscountCategoryFactory(shop=krakow, discount=autumn, category=category)
    CouponFactory(shop=krakow, discount=autumn, code="JESIEN", uses_count=12, max_uses_total=500)
    CouponFactory(shop=krakow, discount=autumn, code="JESIEN-VIP", max_uses_per_customer=2)
    page.reload()
    expect(page.locator("tbody tr").nth(1).locator("td.col-status")).to_have_text("scheduled")
    screenshot(page, "discount-list")

    with shop_context(krakow):
        discount = Discount.objects.get(shop=krakow, name="Hurt 12 % od 500 zł")
        assert (discount.value, discount.min_subtotal) == (Decimal("12.00"), Decimal("500.00"))
        assert list(DiscountGroup.objects.values_list("group", flat=True)) == [hurt.pk]
        coupons = Coupon.objects.filter(discount=discount).order_by("pk")
        assert list(coupons.values_list("code", "max_uses_total", "max_uses_per_customer")) == [
            ("HURT12", 100, 1),
            ("HURT-VIP", None, None),
        ]

    # Switch it off from the list; then the templates page, linked from here.
    row.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text("The discount “Hurt 12 % od 500 zł” is switched off.")).to_be_visible()
    expect(page.locator("tbody tr").first.locator("td.col-status")).to_have_text("inactive")
    # The older one's form shows its categories chosen; deleting asks first.
    page.get_by_role("link", name="Jesień: 15 zł taniej").click()
    categories = page.get_by_label("Categories", exact=True)
    expect(categories).to_be_visible()
    assert categories.evaluate(
        "select => Array.from(select.selectedOptions, option => option.text)"
    ) == ["Herbata", "Kawa"]
    expect(page.locator("[data-unit]")).to_have_text("PLN")
    # Its two codes, each with its uses, and an empty row for one more.
    codes = page.get_by_label("Code", exact=True)
    expect(codes).to_have_count(3)
    for code, value in zip(codes.all(), ["JESIEN", "JESIEN-VIP", ""], strict=True):
        expect(code).to_have_value(value)
    expect(page.locator("tr[data-coupon-row] td.col-number")).to_have_text(["12", "0", "—"])
    screenshot(page, "discount-edit")
    page.get_by_role("link", name="Delete…").click()
    expect(page.get_by_test_id("coupon-holders")).to_contain_text(
        "Its 2 coupons (JESIEN, JESIEN-VIP)"
    )
    screenshot(page, "discount-delete")
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Pricing templates").click()
    expect(page.get_by_role("heading", name="Pricing templates")).to_be_visible()
    expect(page.locator("tbody tr").first.locator("td.col-name")).to_have_text("Hurt −20 %")
    screenshot(page, "pricing-templates")
    page.get_by_role("link", name="Hurt −20 %").click()
    expect(page.get_by_label("Adjustment %")).to_have_value("20")
    screenshot(page, "pricing-template-form")


def test_products_found_by_search_join_the_sku_list_of_a_discount(
    page, live_url, two_committed_shops
):
    krakow, lyon = two_committed_shops
    ProductFactory(shop=krakow, sku="KAW-001", name="Kawa ziarnista 1 kg")
    ProductFactory(shop=krakow, sku="KAW-002", name="Kawa mielona", is_active=False)
    ProductFactory(shop=lyon, sku="KAW-LYON", name="Café de Lyon")

    log_in(page, live_url)
    page.goto(f"{live_url}/staff/discounts/new/")
    page.get_by_label("Chosen products").check()
    search = page.get_by_label("Find a product")
    search.fill("kaw")

    # The box's list fills from the server with this shop's products only, sold or not.
    options = page.locator("#discount-products option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_have_attribute("value", "KAW-002 · Kawa mielona (not for sale)")
    expect(options.nth(1)).to_have_attribute("value", "KAW-001 · Kawa ziarnista 1 kg")
    search.fill("KAW-001 · Kawa ziarnista 1 kg")  # as choosing the suggestion does
    page.get_by_role("button", name="Add to the list").click()
    search.fill("KAW-002 · Kawa mielona (not for sale)")
    search.press("Enter")  # adds; it does not send the form
    search.fill("KAW-001")  # typed again: listed once
    search.press("Enter")
    skus = page.get_by_label("Products (SKUs)")
    expect(skus).to_have_value("KAW-001\nKAW-002")
    expect(page).to_have_url(f"{live_url}/staff/discounts/new/")  # Enter sent no form
    screenshot(page, "discount-product-picker")

    page.get_by_label("Name").fill("Kawa −5 %")
    page.get_by_label("Value").fill("5")
    page.get_by_role("button", name="Create discount").click()
    expect(page.get_by_text("Created the discount “Kawa −5 %”.")).to_be_visible()
    with shop_context(krakow):
        discount = Discount.objects.get(name="Kawa −5 %")
        skus_saved = DiscountProduct.objects.filter(discount=discount).values_list(
            "product__sku", flat=True
        )
        assert sorted(skus_saved) == ["KAW-001", "KAW-002"]
