"""In a real browser: tick rows or choose every customer matching the search, confirm the
count, add them to a group, and come back to the list as it was."""

import re
from pathlib import Path

from playwright.sync_api import expect

from groups.models import GroupMembership
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot
from tests.factories import CustomerFactory, CustomerGroupFactory


def test_select_all_matching_and_add_them_to_a_group(page, live_url, two_committed_shops):
    krakow, lyon = two_committed_shops
    hurt = CustomerGroupFactory(shop=krakow, name="Hurt", tag_label="Hurt", tag_colour="#1565C0")
    for name in ["Zofia", "Marek", "Ewa"]:
        CustomerFactory(shop=krakow, first_name=name, last_name="Lis", city="Łódź")
    CustomerFactory(shop=krakow, first_name="Jan", last_name="Lis", city="Łódź", guest=True)
    CustomerFactory(shop=lyon, first_name="Zoé", last_name="Lis", city="Lodz")

    log_in(page, live_url)
    page.goto(f"{live_url}/staff/customers/?q=lis&sort=name")

    # Ticking the header box ticks the page; the bar counts them.
    page.get_by_label("Select every customer on this page").check()
    expect(page.locator("[data-selected-count]")).to_have_text("(4)")
    page.get_by_label("Select Ewa Lis").uncheck()
    expect(page.locator("[data-selected-count]")).to_have_text("(3)")

    # ... but act on everything the search matches.
    page.get_by_label("All 4 customers matching this search and these filters").check()
    page.get_by_label("Action", exact=True).select_option(label="Add to a group")
    screenshot(page, "customer-bulk-bar")
    page.get_by_role("button", name="Continue…").click()
    expect(page.get_by_test_id("bulk-count")).to_have_text(
        re.compile(r"^This applies to 4 customers\."), use_inner_text=True
    )
    page.get_by_label("Group", exact=True).select_option(label="Hurt")
    page.get_by_role("button", name="Add to a group").click()

    expect(
        page.get_by_text("3 customers added to Hurt. 1 guest skipped: guests cannot join groups.")
    ).to_be_visible()
    expect(page).to_have_url(f"{live_url}/staff/customers/?q=lis&sort=name")
    expect(page.locator("tbody td.col-name .tag")).to_have_text(["Hurt", "Hurt", "Hurt"])
    screenshot(page, "customer-bulk-added-to-group")
    # Export everyone matching: the job reaches 100 % on the jobs page; the file downloads.
    page.get_by_label("All 4 customers matching this search and these filters").check()
    page.get_by_label("Action", exact=True).select_option(label="Export to CSV")
    page.get_by_role("button", name="Continue…").click()
    page.get_by_label("Every field").check()
    page.get_by_role("button", name="Export to CSV").click()
    expect(page).to_have_url(f"{live_url}/staff/jobs/")
    row = page.locator("tr[data-job]").first
    expect(row.locator(".job-percent")).to_have_text("100 %")
    expect(row).to_contain_text("4 customers exported.")
    screenshot(page, "jobs-export-done")
    with page.expect_download() as download:
        row.get_by_role("link", name="Download").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert content.count("\n") == 5 and "Zofia" in content and "Zoé" not in content

    with shop_context(krakow):
        names = GroupMembership.objects.filter(group=hurt).values_list(
            "customer__first_name", flat=True
        )
        assert sorted(names) == ["Ewa", "Marek", "Zofia"]
