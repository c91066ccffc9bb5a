"""In a real browser: add a customer from the list (an error first, said in words), see the
whole record on the card, and correct an address from the card."""

from playwright.sync_api import expect

from customers.models import Customer
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot


def test_add_a_customer_then_correct_their_address(page, live_url, two_committed_shops):
    krakow, lyon = two_committed_shops
    log_in(page, live_url)

    page.goto(f"{live_url}/staff/customers/")
    page.get_by_role("link", name="New customer").click()
    expect(page).to_have_url(f"{live_url}/staff/customers/new/")
    # Shop B's group is not offered.
    expect(page.get_by_label(krakow.demo.group.name)).to_be_visible()
    expect(page.get_by_label(lyon.demo.group.name)).to_have_count(0)

    page.get_by_label("First name").fill("Zofia")
    page.get_by_label("Last name").fill("Wiśniewska")
    page.get_by_label("Email").fill(krakow.demo.customer.email.upper())  # taken in this shop
    page.get_by_label("VAT number").fill("PL 548-124-13-31")
    page.get_by_label("Street").fill("ul. Piotrkowska 12")
    page.get_by_label("Postal code").fill("90-001")
    page.get_by_label("City").fill("Łódź")
    page.get_by_label("Country").fill("pl")
    page.get_by_label(krakow.demo.group.name).check()
    page.get_by_role("button", name="Add customer").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"has the email {krakow.demo.customer.email}."
    )
    screenshot(page, "customer-form-errors")

    page.get_by_label("Email").fill("zofia@poczta.example")
    page.get_by_role("button", name="Add customer").click()
    expect(page.get_by_text("a link to choose a password is on its way")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zofia Wiśniewska")
    expect(page.locator("dl.details")).to_contain_text("PL5481241331")
    expect(page.locator("dl.details")).to_contain_text("ul. Piotrkowska 12, 90-001 Łódź (PL)")
    screenshot(page, "customer-card-new")

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Street").fill("ul. Wólczańska 3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved Zofia Wiśniewska.")).to_be_visible()
    expect(page.locator("dl.details")).to_contain_text("ul. Wólczańska 3, 90-001 Łódź (PL)")
    with shop_context(krakow):
        customer = Customer.objects.get(shop=krakow, email="zofia@poczta.example")
    assert (customer.street, customer.vat_number) == ("ul. Wólczańska 3", "PL5481241331")
