"""In a real browser: write an email to the customers the search found, preview one
recipient's copy, send it, and read on the jobs page and the email's page who got it."""

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot
from tests.factories import CustomerFactory


def test_write_preview_and_send_an_email(page, live_url, two_committed_shops):
    krakow, lyon = two_committed_shops
    CustomerFactory(
        shop=krakow, first_name="Zofia", last_name="Lis", newsletter=True, email="zofia@example.com"
    )
    CustomerFactory(shop=krakow, first_name="Marek", last_name="Lis", email="marek@example.com")
    CustomerFactory(
        shop=lyon, first_name="Zoé", last_name="Lis", newsletter=True, email="zoe@example.com"
    )

    log_in(page, live_url)
    page.goto(f"{live_url}/staff/customers/?q=lis")
    page.get_by_label("All 2 customers matching this search and these filters").check()
    page.get_by_label("Action", exact=True).select_option(label="Send an email")
    page.get_by_role("button", name="Continue…").click()

    page.get_by_label("Subject").fill("Wiosna, {{ first_name }}!")
    message = page.get_by_label("Message", exact=True)
    message.fill("Dzień dobry {{ first_name }}, masz {{ points }} punktów.")
    page.get_by_label("Preview as").select_option(label="Zofia Lis <zofia@example.com>")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_test_id("email-preview")
    expect(preview).to_contain_text("Wiosna, Zofia!")
    expect(preview).to_contain_text("Dzień dobry Zofia, masz 0 punktów.")
    screenshot(page, "email-preview")
    assert mail.outbox == []

    page.get_by_role("button", name="Send an email").click()
    expect(page).to_have_url(f"{live_url}/staff/jobs/")
    expect(page.get_by_text("is being sent to 1 customer. 1 skipped")).to_be_visible()
    row = page.locator("tr[data-job]").first
    expect(row).to_contain_text("Sent to 1 customer. 1 skipped")
    screenshot(page, "jobs-email-done")
    row.get_by_role("link", name="Deliveries").click()
    expect(page.get_by_test_id("undelivered")).to_contain_text("marek@example.com")
    screenshot(page, "email-deliveries")
    assert [message.to for message in mail.outbox] == [["zofia@example.com"]]
