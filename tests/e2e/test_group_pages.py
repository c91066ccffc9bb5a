"""In a real browser: create a group with a tag colour typed as hex, add two customers to it
from its members page by searching, and see its tag beside their names on the customer list."""

from playwright.sync_api import expect

from groups.models import CustomerGroup, GroupMembership
from shopadmin.tenancy import shop_context
from tests.e2e.conftest import log_in, screenshot
from tests.factories import CustomerFactory, CustomerGroupFactory, PricingTemplateFactory

GREEN = "rgb(46, 125, 50)"  # #2E7D32
WHITE = "rgb(255, 255, 255)"


def test_create_a_group_add_customers_and_see_their_tags(page, live_url, two_committed_shops):
    krakow, lyon = two_committed_shops
    PricingTemplateFactory(shop=krakow, name="Hurtowy")
    PricingTemplateFactory(shop=lyon, name="Gros Lyon")
    for name in ["Zofia", "Marek"]:
        CustomerFactory(shop=krakow, first_name=name, last_name="Lis", city="Łódź")
    CustomerFactory(shop=krakow, first_name="Jan", last_name="Lis", city="Łódź", guest=True)
    CustomerFactory(shop=lyon, first_name="Zoé", last_name="Lis", city="Lodz")

    log_in(page, live_url)

    # The navigation leads to the groups; the fixture's group is listed with its member.
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Groups").click()
    expect(page).to_have_url(f"{live_url}/staff/groups/")
    expect(page.locator("tbody tr")).to_have_count(1)
    page.get_by_role("link", name="New group").click()

    # A name the shop has already (in another case) and a bad colour: said in words.
    page.get_by_label("Name", exact=True).fill("group alpha")
    page.get_by_label("Tag colour", exact=True).fill("#12")
    page.get_by_role("button", name="Create group").click()
    expect(page.get_by_text("A group named “group alpha” exists already.")).to_be_visible()
    expect(page.get_by_text("Enter a colour as #RRGGBB, e.g. #1E88E5.")).to_be_visible()
    screenshot(page, "group-form-errors")

    # The form: the hex field drives the picker and the preview as it is typed.
    expect(page.get_by_label("Pick the tag colour")).to_be_visible()  # its script has run
    page.get_by_label("Name", exact=True).fill("Hurt Łódź")
    preview = page.locator("[data-tag-preview]")
    expect(preview).to_have_text("Hurt Łódź")  # the name until a label is given
    page.get_by_label("Tag label").fill("Hurt")
    page.get_by_label("Tag colour", exact=True).fill("#2e7d32")
    expect(preview).to_have_text("Hurt")
    expect(preview).to_have_css("background-color", GREEN)
    expect(preview).to_have_css("color", WHITE)
    expect(page.get_by_label("Pick the tag colour")).to_have_value("#2e7d32")
    expect(page.get_by_label("Pricing template").locator("option")).to_have_text(
        ["None", "Hurtowy"]
    )
    page.get_by_label("Pricing template").select_option(label="Hurtowy")
    page.get_by_label("Extra discount %").fill("5")
    page.get_by_label("Tax exempt").check()
    screenshot(page, "group-form")
    page.get_by_role("button", name="Create group").click()

    # Its members page: empty, with a search to add customers.
    expect(page.get_by_text("Created the group “Hurt Łódź”. Add its members here.")).to_be_visible()
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    page.get_by_placeholder("Name, company, email, phone, VAT number, street or city").fill("lis")
    page.get_by_role("button", name="Find customers").click()
    found = page.get_by_test_id("found-table")
    expect(found.locator("tbody tr")).to_have_count(3)  # not the other shop's Zoé
    expect(page.get_by_label("Add Jan Lis")).to_be_disabled()
    expect(
        found.get_by_text("Guest accounts cannot join groups: the customer must register first.")
    ).to_be_visible()
    screenshot(page, "group-members-search")
    page.get_by_label("Add Zofia Lis").check()
    page.get_by_label("Add Marek Lis").check()
    page.get_by_role("button", name="Add the ticked customers").click()

    expect(page.get_by_text("2 customers added to Hurt Łódź.")).to_be_visible()
    members = page.get_by_test_id("member-table")
    expect(members.locator("td.col-name > a")).to_have_text(["Marek Lis", "Zofia Lis"])
    expect(page.get_by_label("Add Zofia Lis")).to_be_disabled()  # in the group now
    screenshot(page, "group-members")

    # The customer list shows the new tag, in its colour, beside both names.
    page.goto(f"{live_url}/staff/customers/?q=lis&sort=name")
    for name in ["Marek Lis", "Zofia Lis"]:
        row = page.locator("tbody tr", has=page.get_by_role("link", name=name, exact=True))
        tag = row.locator("td.col-name .tag", has_text="Hurt")
        expect(tag).to_have_text("Hurt")
        expect(tag).to_have_css("background-color", GREEN)
        expect(tag).to_have_css("color", WHITE)
    jan = page.locator("tbody tr", has=page.get_by_role("link", name="Jan Lis", exact=True))
    expect(jan).to_have_count(1)  # his row is there, ...
    expect(jan.locator(".tag")).to_have_count(0)  # ... with no tag
    screenshot(page, "customer-list-group-tags")

    # Back on the list of groups: two members, the template and the discount.
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Groups").click()
    row = page.locator("tbody tr", has_text="Hurt Łódź")
    expect(row.locator("td.col-members")).to_have_text("2")
    expect(row.locator("td.col-pricing_template")).to_have_text("Hurtowy")
    expect(row.locator("td.col-extra_discount")).to_have_text("5 %")
    screenshot(page, "group-list")
    row.get_by_role("link", name="Delete").click()
    expect(page.get_by_test_id("members-affected")).to_have_text(
        "2 customers will lose this group; the customers stay."
    )
    screenshot(page, "group-delete")

    with shop_context(krakow):
        group = CustomerGroup.objects.get(shop=krakow, name="Hurt Łódź")
        assert (group.tag_colour, group.tax_exempt) == ("#2E7D32", True)
        names = GroupMembership.objects.filter(group=group).values_list(
            "customer__first_name", flat=True
        )
        assert sorted(names) == ["Marek", "Zofia"]


def test_the_group_list_pages_with_the_pager_every_list_has(page, live_url, two_committed_shops):
    krakow, _lyon = two_committed_shops
    for number in range(29):  # with the fixture's "Group Alpha", 30
        CustomerGroupFactory(shop=krakow, name=f"Grupa {number:02}")

    log_in(page, live_url)
    page.goto(f"{live_url}/staff/groups/")
    pager = page.get_by_test_id("pagination")
    expect(pager).to_contain_text("Showing 1–30")
    expect(pager.locator('[aria-current="page"]')).to_have_text("Page 1 of 1")

    pager.get_by_label("Per page").select_option("25")
    pager.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{live_url}/staff/groups/?per_page=25")
    expect(page.locator("tbody tr")).to_have_count(25)
    expect(pager.locator('[aria-current="page"]')).to_have_text("Page 1 of 2")
    pager.get_by_role("link", name="Next").click()
    expect(page).to_have_url(f"{live_url}/staff/groups/?per_page=25&page=2")
    expect(page.locator("tbody tr")).to_have_count(5)
    expect(pager).to_contain_text("Showing 26–30")
    screenshot(page, "group-list-page-2")

    # A search keeps the page size and starts again from the first page.
    page.get_by_label("Group name").fill("grupa 1")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(f"{live_url}/staff/groups/?q=grupa+1&per_page=25")
    expect(page.locator("tbody tr")).to_have_count(10)
    expect(page.get_by_test_id("list-total")).to_have_text("10 groups")
    # A page number past the end shows the last page.
    page.goto(f"{live_url}/staff/groups/?per_page=25&page=99")
    expect(pager.locator('[aria-current="page"]')).to_have_text("Page 2 of 2")
    expect(page.locator("tbody tr")).to_have_count(5)
