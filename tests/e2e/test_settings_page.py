"""In a real browser: the owner changes the shop's settings and sees them saved."""

from playwright.sync_api import expect

from shopadmin.models import Shop
from tests.e2e.conftest import log_in, screenshot


def test_the_owner_changes_the_settings(page, live_url, two_committed_shops):
    krakow, _lyon = two_committed_shops
    log_in(page, live_url)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    page.get_by_label("Address", exact=True).fill("ul. Floriańska 3\n31-019 Kraków")
    page.get_by_label("several of them").check()
    page.get_by_label("Minutes staff stay logged in as a customer").fill("15")
    page.get_by_label("Replies go to").fill("pomoc@sklep-krakow.example")
    screenshot(page, "settings-page")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The settings are saved.")).to_be_visible()
    expect(page.get_by_label("several of them")).to_be_checked()
    shop = Shop.objects.get(pk=krakow.pk)
    assert (shop.assisted_login_minutes, shop.customers_may_choose_several_groups) == (15, True)
    assert shop.address == "ul. Floriańska 3\n31-019 Kraków"
