"""In a real browser: search, filter by a group, save and re-apply the filter, drag a column."""

from playwright.sync_api import expect

from customers.models import SavedFilter
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot
from tests.factories import CustomerFactory, CustomerGroupFactory, GroupMembershipFactory


def name_links(page):
    return page.locator("table.customer-table tbody td.col-name a")


def table_rows(page) -> list[str]:
    return name_links(page).all_inner_texts()


def header_cells(page):
    return page.locator("tr.column-headers th[data-column]")


def header_columns(page) -> list[str]:
    return header_cells(page).evaluate_all("cells => cells.map(cell => cell.dataset.column)")


def test_search_filter_save_apply_and_move_a_column(page, live_url, two_committed_shops):
    krakow, lyon = two_committed_shops
    wholesale = CustomerGroupFactory(
        shop=krakow, name="Hurt", tag_label="Hurt", tag_colour="#1565C0"
    )
    zofia = CustomerFactory(shop=krakow, first_name="Zofia", last_name="Kowalczyk", city="Łódź")
    CustomerFactory(shop=krakow, first_name="Marek", last_name="Kowalski", city="Łódź")
    CustomerFactory(shop=krakow, first_name="Ewa", last_name="Żak", city="Gdańsk")
    GroupMembershipFactory(shop=krakow, customer=zofia, group=wholesale)
    CustomerFactory(shop=lyon, first_name="Zoé", last_name="Kowalewska", city="Lodz-sur-Mer")

    log_in(page, live_url)
    page.get_by_role("link", name="Customers").click()
    expect(page.get_by_test_id("list-total")).to_have_text("5 customers")

    # Search without accents, then narrow to the group.
    page.get_by_label("Search", exact=True).fill("lodz kowal")
    page.get_by_role("button", name="Search", exact=True).click()
    # The fixture's own customer and guest (Kowalska, Łódź) match too; Lyon's Zoé never.
    expect(page.get_by_test_id("list-total")).to_have_text("4 customers")  # the search's page
    expect(name_links(page)).to_have_count(4)
    assert sorted(table_rows(page)) == [
        "Customer Alpha Kowalska",
        "Guest Alpha Kowalska",
        "Marek Kowalski",
        "Zofia Kowalczyk",
    ]
    page.get_by_role("search").get_by_label("Groups", exact=True).select_option(label="Hurt")
    page.get_by_role("button", name="Apply filters").click()
    expect(name_links(page)).to_have_text(["Zofia Kowalczyk"])
    expect(page.locator("td.col-name .tag")).to_have_text("Hurt")

    # Save it, shared, then come back to the bare list and apply it again.
    # The shop has a saved filter already ("Filter Alpha"), so the section is open.
    page.get_by_label("Save this search as").fill("Hurt z Łodzi")
    page.get_by_label("Share with the shop's staff").check()
    page.get_by_role("button", name="Save filter").click()
    expect(page.get_by_text("Saved the filter “Hurt z Łodzi”.")).to_be_visible()
    page.goto(f"{live_url}/staff/customers/")
    expect(page.get_by_test_id("list-total")).to_have_text("5 customers")
    page.get_by_role("link", name="Hurt z Łodzi").click()
    expect(name_links(page)).to_have_text(["Zofia Kowalczyk"])
    expect(page.get_by_label("Search", exact=True)).to_have_value("lodz kowal")
    with shop_context(krakow):
        assert SavedFilter.objects.get(shop=krakow, name="Hurt z Łodzi").shared

    # Drag the "Orders" header to the front; the order is kept after a reload.
    before = header_columns(page)
    assert before[:3] == ["name", "email", "orders_count"]
    orders = page.locator('th[data-column="orders_count"]')
    name = page.locator('th[data-column="name"]')
    # Away from the window's edge, where SortableJS would scroll the page under the pointer.
    page.locator("tr.column-headers").evaluate("row => row.scrollIntoView({block: 'center'})")
    source, target = orders.bounding_box(), name.bounding_box()
    page.mouse.move(source["x"] + 10, source["y"] + source["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 20, target["y"] + target["height"] / 2, steps=12)
    page.mouse.move(target["x"] + 5, target["y"] + target["height"] / 2, steps=6)
    with page.expect_navigation():
        page.mouse.up()
    page.reload()
    expect(header_cells(page).first).to_have_attribute("data-column", "orders_count")
    after = header_columns(page)
    assert after[0] == "orders_count"
    assert sorted(after) == sorted(before)
    screenshot(page, "customer-list-saved-filter-moved-column")
