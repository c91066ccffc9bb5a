"""In a real browser: show the "Waiting for approval in" filter, list who waits for a group, and
approve them all from the list's action bar."""

import re

from playwright.sync_api import expect

from groups.models import GroupMembership, GroupRequest
from groups.services import join_chosen_groups
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot
from tests.factories import CustomerFactory, CustomerGroupFactory


def test_filter_who_waits_for_a_group_and_approve_them_all(page, live_url, two_committed_shops):
    krakow, lyon = two_committed_shops
    hurt = CustomerGroupFactory(
        shop=krakow,
        name="Hurt",
        tag_label="Hurt",
        tag_colour="#1565C0",
        self_selectable=True,
        needs_approval=True,
    )
    waiting = [
        CustomerFactory(shop=krakow, first_name=name, last_name="Lis") for name in ["Zofia", "Ewa"]
    ]
    CustomerFactory(shop=krakow, first_name="Marek", last_name="Lis")  # asked nothing
    with shop_context(krakow):
        for customer in waiting:
            join_chosen_groups(shop=krakow, customer=customer, groups=[hurt])
    lyon_group = CustomerGroupFactory(
        shop=lyon, name="Gros", self_selectable=True, needs_approval=True
    )
    with shop_context(lyon):
        join_chosen_groups(shop=lyon, customer=lyon.demo.customer, groups=[lyon_group])

    log_in(page, live_url)
    page.get_by_role("link", name="Customers").click()
    # Not in the panel by default: show it through "Configure filters".
    page.get_by_role("button", name="Configure filters").click()
    page.get_by_label("Waiting for approval in").check()
    page.locator("#filters-dialog").get_by_role("button", name="Save", exact=True).click()
    waiting_in = page.get_by_role("search").get_by_label("Waiting for approval in")
    expect(waiting_in.locator("option")).to_have_text(["Not filtered", "Any group", "Hurt"])
    waiting_in.select_option(label="Hurt")
    page.get_by_role("button", name="Apply filters").click()

    names = page.locator("table.customer-table tbody td.col-name a")
    expect(names).to_have_text(["Ewa Lis", "Zofia Lis"])
    expect(page.get_by_test_id("list-total")).to_have_text("2 customers")
    screenshot(page, "customer-list-waiting-for-approval")

    page.get_by_label("All 2 customers matching this search and these filters").check()
    page.get_by_label("Action", exact=True).select_option(label="Approve request to join group")
    page.get_by_role("button", name="Continue…").click()
    expect(page.get_by_test_id("bulk-count")).to_have_text(
        re.compile(r"^This applies to 2 customers\."), use_inner_text=True
    )
    expect(page.get_by_label("Group", exact=True)).to_have_value(str(hurt.pk))  # from the filter
    screenshot(page, "customer-bulk-approve-confirm")
    page.get_by_role("button", name="Approve request to join group").click()

    expect(page.get_by_text("2 customers approved into Hurt.")).to_be_visible()
    expect(page.get_by_test_id("empty-state")).to_contain_text("No customer matches")
    screenshot(page, "customer-bulk-approved")
    with shop_context(krakow):
        members = GroupMembership.objects.filter(shop=krakow, group=hurt)
        assert sorted(members.values_list("customer__first_name", flat=True)) == ["Ewa", "Zofia"]
        assert not GroupRequest.objects.filter(shop=krakow, group=hurt).exists()
    with shop_context(lyon):
        assert GroupRequest.objects.filter(shop=lyon, group=lyon_group).count() == 1
