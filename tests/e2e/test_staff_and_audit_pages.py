"""In a real browser: the owner invites a colleague and changes a role on the staff page,
then reads it all in the audit log."""

from playwright.sync_api import expect

from tests.e2e.conftest import log_in, screenshot


def test_invite_change_a_role_and_read_the_log(page, live_url, two_committed_shops):
    log_in(page, live_url)
    page.goto(f"{live_url}/staff/staff/")
    page.get_by_label("Email").fill("ewa@sklep-krakow.example")
    page.get_by_label("First name").fill("Ewa")
    page.get_by_label("Role", exact=True).select_option("support")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("ewa@sklep-krakow.example is invited")).to_be_visible()
    row = page.locator("tr", has_text="ewa@sklep-krakow.example")
    row.get_by_label("Role of ewa@sklep-krakow.example").select_option("manager")
    row.get_by_role("button", name="Change").click()
    expect(page.get_by_text("is now manager.")).to_be_visible()
    screenshot(page, "staff-page")

    page.get_by_role("link", name="Audit log").click()
    log = page.get_by_test_id("audit-log")
    expect(log).to_contain_text("staff role changed")
    expect(log).to_contain_text("role: support → manager")
    screenshot(page, "audit-log")
