"""In a real browser: log in, see the shop's name and counts, switch shop, log out."""

from playwright.sync_api import expect

from shopadmin.services import add_staff_member
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, CustomerFactory


def figure(page, key: str):
    return page.get_by_test_id(f"figure-{key}").locator(".figure-count")


def test_staff_log_in_switch_shops_and_see_only_each_shops_figures(
    page, live_url, two_committed_shops
):
    krakow, lyon = two_committed_shops
    add_staff_member(shop=krakow, email="anna@shopadmin.example", role="manager", password=PASSWORD)
    add_staff_member(shop=lyon, email="anna@shopadmin.example", role="support")
    CustomerFactory(shop=lyon)

    page.goto(f"{live_url}/staff/")
    page.get_by_label("Email").fill("anna@shopadmin.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # The alphabetically first shop opens first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Boutique Lyon")
    expect(figure(page, "customers")).to_have_text("3")
    expect(figure(page, "orders")).to_have_text("1")
    screenshot(page, "staff-home-lyon")

    page.get_by_text("Switch shop").click()
    page.get_by_role("button", name="Sklep Kraków").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sklep Kraków")
    expect(page.get_by_test_id("current-shop")).to_have_text("Sklep Kraków")
    expect(page.get_by_role("status")).to_have_text("You are now working in Sklep Kraków.")
    expect(figure(page, "customers")).to_have_text("2")
    expect(figure(page, "orders")).to_have_text("1")
    screenshot(page, "staff-home-krakow")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff login")


def test_a_wrong_password_is_explained_on_the_login_page(page, live_url, two_committed_shops):
    page.goto(f"{live_url}/staff/login/")
    page.get_by_label("Email").fill("owner@sklep-krakow.example")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "That email and password do not match a staff account."
    )
    screenshot(page, "staff-login-error")
