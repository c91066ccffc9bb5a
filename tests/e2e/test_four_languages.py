"""In a real browser, in each of the four languages: the customer list, a customer's card, a
bulk action's confirmation and the storefront account read in that language (screenshots to
look at), and nothing sticks out sideways."""

import pytest
from playwright.sync_api import expect

from shopadmin.models import Shop
from tests.e2e.conftest import log_in, screenshot
from tests.factories import PASSWORD

# A word of each page in each language, from the catalogues.
WORDS = {
    "en": ("Customers", "Points history", "Your account"),
    "pl": ("Klienci", "Historia punktów", "Twoje konto"),
    "fr": ("Clients", "Historique des points", "Votre compte"),
    "it": ("Clienti", "Storico punti", "Il tuo account"),
}


@pytest.mark.parametrize("language", ["en", "pl", "fr", "it"])
def test_the_pages_read_in_each_language(page, browser, live_url, two_committed_shops, language):
    krakow, _lyon = two_committed_shops
    Shop.objects.filter(pk=krakow.pk).update(language=language)
    customers, points, account = WORDS[language]
    log_in(page, live_url)
    page.goto(f"{live_url}/staff/customers/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(customers)
    screenshot(page, f"lang-{language}-list")
    page.goto(f"{live_url}/staff/customers/{krakow.demo.customer.pk}/")
    expect(page.locator("#points-title")).to_have_text(points)
    screenshot(page, f"lang-{language}-card")
    page.goto(
        f"{live_url}/staff/customers/bulk/?scope=selected&ids={krakow.demo.customer.pk}&action=block"
    )
    screenshot(page, f"lang-{language}-bulk")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    shopper = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    shopper.goto(f"{live_url}/s/{krakow.slug}/account/login/")
    shopper.locator("input[name=email]").fill(krakow.demo.customer.email)
    shopper.locator("input[name=password]").fill(PASSWORD)
    shopper.locator("button[type=submit]").last.click()
    expect(shopper.locator("nav.storefront-account")).to_contain_text(account)
    assert shopper.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(shopper, f"lang-{language}-storefront-account")
    shopper.context.close()
