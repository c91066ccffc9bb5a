"""In a real browser: log in, see the shop's name and counts, switch shop, log out."""

from shopadmin.services import add_staff_member
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, CustomerFactory


def figure(page, key: str) -> str:
    return page.get_by_test_id(f"figure-{key}").locator(".figure-count").inner_text()


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
    assert page.get_by_role("heading", level=1).inner_text() == "Boutique Lyon"
    assert (figure(page, "customers"), figure(page, "orders")) == ("3", "1")
    screenshot(page, "staff-home-lyon")

    page.get_by_text("Switch shop").click()
    page.get_by_role("button", name="Sklep Kraków").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Sklep Kraków"
    assert page.get_by_test_id("current-shop").inner_text() == "Sklep Kraków"
    assert page.get_by_role("status").inner_text() == "You are now working in Sklep Kraków."
    assert (figure(page, "customers"), figure(page, "orders")) == ("2", "1")
    screenshot(page, "staff-home-krakow")

    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Staff login"


def test_a_wrong_password_is_explained_on_the_login_page(page, live_url, two_committed_shops):
    page.goto(f"{live_url}/staff/login/")
    page.get_by_label("Email").fill("owner@sklep-krakow.example")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    assert (
        page.get_by_role("alert").inner_text()
        == "That email and password do not match a staff account."
    )
    screenshot(page, "staff-login-error")
