"""The group pages: the list, create, edit and delete, on known data.

The fixtures' shop A has "Group Alpha" (tag "Tag Alpha", #D4AF37) with one member, the
customer "Customer Alpha"; shop B has the same with its sentinel marker.
"""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import Customer
from discounts.models import DiscountGroup
from groups.models import CustomerGroup, GroupMembership
from shopadmin.models import AuditEvent
from shopadmin.tenancy import shop_context
from tests.conftest import SENTINEL
from tests.factories import (
    CustomerFactory,
    CustomerGroupFactory,
    GroupMembershipFactory,
    PricingTemplateFactory,
    discount_data_of,
)

LIST = reverse("staff:group_list")
CREATE = reverse("staff:group_create")


def edit_url(group):
    return reverse("staff:group_edit", args=[group.pk])


def delete_url(group):
    return reverse("staff:group_delete", args=[group.pk])


def group_rows(response) -> list[str]:
    """The names in the list's rows, in order."""
    html = response.content.decode()
    return re.findall(r'<td class="col-name"><a href="[^"]+">([^<]+)</a>', html)


def group_named(shop, name) -> CustomerGroup | None:
    with shop_context(shop):
        return CustomerGroup.objects.filter(shop=shop, name=name).first()


def form_data(**values):
    data = {
        "name": "Hurt",
        "description": "",
        "tag_label": "",
        "tag_colour": "#1565C0",
        "pricing_template": "",
        "extra_discount_percent": "0",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def three_groups(shop):
    """Beside the fixture's "Group Alpha" (1 member): "hurt" with 2 members, a template and 7.5 %
    off, tax exempt and self-selectable; "Nowi" with none."""
    template = PricingTemplateFactory(shop=shop, name="Hurtowy cennik")
    hurt = CustomerGroupFactory(
        shop=shop,
        name="hurt",
        tag_label="Hurt",
        tag_colour="#1565C0",
        pricing_template=template,
        extra_discount_percent=Decimal("7.5"),
        tax_exempt=True,
        self_selectable=True,
    )
    for first_name in ("Ola", "Piotr"):
        customer = CustomerFactory(shop=shop, first_name=first_name)
        GroupMembershipFactory(shop=shop, customer=customer, group=hurt)
    nowi = CustomerGroupFactory(shop=shop, name="Nowi", tag_label="Nowi", tag_colour="#FFF59D")
    return {"hurt": hurt, "nowi": nowi, "template": template}


# --- The list ----------------------------------------------------------------------------------


def test_the_list_shows_each_group_with_its_tag_members_and_prices(staff_client, three_groups):
    response = staff_client.get(LIST)
    html = response.content.decode()
    hurt = three_groups["hurt"]
    assert group_rows(response) == ["Group Alpha", "hurt", "Nowi"]  # by name, any case
    row = re.search(rf'<tr data-group="{hurt.pk}">(.*?)</tr>', html, re.S).group(1)
    assert f'<span class="tag tag-group-{hurt.pk}" title="hurt">Hurt</span>' in row
    members_url = reverse("staff:group_members", args=[hurt.pk])
    assert f'<td class="col-members"><a href="{members_url}">2</a></td>' in row
    assert '<td class="col-pricing_template">Hurtowy cennik</td>' in row
    assert '<td class="col-extra_discount">7.5 %</td>' in row
    assert '<td class="col-self_selectable">Yes</td>' in row
    assert '<td class="col-tax_exempt">Yes</td>' in row
    assert f'href="{edit_url(hurt)}"' in row and f'href="{delete_url(hurt)}"' in row
    # The tag's colours, black text on the light yellow, white on the blue.
    assert f".tag-group-{hurt.pk}{{background:#1565C0;color:#FFFFFF}}" in html
    nowi = three_groups["nowi"]
    assert f".tag-group-{nowi.pk}{{background:#FFF59D;color:#000000}}" in html
    assert "3 groups" in html
    assert SENTINEL not in html


def test_the_list_sorts_by_members_and_by_name_backwards(staff_client, three_groups):
    assert group_rows(staff_client.get(LIST, {"sort": "-members"})) == [
        "hurt",
        "Group Alpha",
        "Nowi",
    ]
    assert group_rows(staff_client.get(LIST, {"sort": "members"})) == [
        "Nowi",
        "Group Alpha",
        "hurt",
    ]
    assert group_rows(staff_client.get(LIST, {"sort": "-name"})) == ["Nowi", "hurt", "Group Alpha"]
    assert group_rows(staff_client.get(LIST, {"sort": "-extra_discount"}))[0] == "hurt"
    assert group_rows(staff_client.get(LIST, {"sort": "pricing_template"}))[0] == "hurt"


def test_the_list_searches_by_name_and_says_when_nothing_matches(staff_client, three_groups):
    assert group_rows(staff_client.get(LIST, {"q": "HUR"})) == ["hurt"]
    html = staff_client.get(LIST, {"q": "nothing like it"}).content.decode()
    assert "No group’s name contains “nothing like it”." in html
    assert group_rows(staff_client.get(LIST, {"q": "Group"})) == ["Group Alpha"]  # not shop B's


def test_an_empty_shop_says_so_and_offers_the_first_group(staff_client, shop):
    with shop_context(shop):
        CustomerGroup.objects.filter(shop=shop).delete()
    html = staff_client.get(LIST).content.decode()
    assert "This shop has no customer groups yet." in html
    assert f'href="{CREATE}">Create the first group</a>' in html


def test_support_sees_the_list_without_edit_or_delete(support_client, shop, three_groups):
    response = support_client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert group_rows(response) == ["Group Alpha", "hurt", "Nowi"]
    assert edit_url(three_groups["hurt"]) not in html
    assert delete_url(three_groups["hurt"]) not in html
    assert CREATE not in html


def test_the_list_runs_as_many_queries_for_10_groups_as_for_3(staff_client, shop):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(LIST, {"sort": "-members"})
        assert response.status_code == 200
        return len(captured.captured_queries), len(group_rows(response))

    def add_groups(count):
        for _ in range(count):
            template = PricingTemplateFactory(shop=shop)
            group = CustomerGroupFactory(shop=shop, pricing_template=template)
            GroupMembershipFactory(shop=shop, customer=shop.demo.customer, group=group)

    add_groups(2)
    few, rows = queries()
    assert rows == 3
    add_groups(7)
    many, rows = queries()
    assert rows == 10
    # 22 = 21 for any staff page (session, user, staff membership and shop, the role check,
    # app.user_id / app.shop_id read, set and cleared in savepoints) + the page of groups with
    # their member counts and pricing templates. A first page that is not full is the whole
    # list, so nothing is counted.
    assert many == few == 22


def test_a_list_of_several_pages_counts_the_groups_without_their_memberships(staff_client, shop):
    for number in range(29):
        group = CustomerGroupFactory(shop=shop, name=f"Grupa {number:02}")
        GroupMembershipFactory(shop=shop, customer=shop.demo.customer, group=group)

    with CaptureQueriesContext(connection) as captured:
        response = staff_client.get(LIST, {"per_page": 25, "page": 2})

    html = response.content.decode()
    assert group_rows(response) == ["Grupa 24", "Grupa 25", "Grupa 26", "Grupa 27", "Grupa 28"]
    assert "30 groups" in html
    assert "Showing 26–30" in html and "Page 2 of 2" in html
    assert 'rel="prev" href="?per_page=25&amp;page=1"' in html
    # 25 = the 22 of one page + the total, counted through a cursor (declare, move, close)
    # over the bare groups: no membership is joined to count them.
    assert len(captured) == 25
    (declare,) = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("DECLARE")]
    assert "groups_groupmembership" not in declare


@pytest.mark.parametrize("page", ["x", "-3", "0", "2.5", "99", "99999999999999999999999"])
def test_a_junk_or_too_large_page_number_shows_a_page_with_its_pager(
    staff_client, three_groups, page
):
    response = staff_client.get(LIST, {"page": page, "per_page": "7"})

    assert response.status_code == 200
    assert group_rows(response) == ["Group Alpha", "hurt", "Nowi"]
    html = response.content.decode()
    assert 'data-testid="pagination"' in html and "Page 1 of 1" in html


def test_the_navigation_links_to_the_groups_and_marks_them_current(staff_client, shop):
    html = staff_client.get(LIST).content.decode()
    assert f'<a href="{LIST}" aria-current="page">Groups</a>' in html
    members = reverse("staff:group_members", args=[shop.demo.group.pk])
    assert (
        f'<a href="{LIST}" aria-current="page">Groups</a>'
        in staff_client.get(members).content.decode()
    )
    home = staff_client.get(reverse("staff:home")).content.decode()
    assert f'<a href="{LIST}" >Groups</a>' in home


# --- Create ------------------------------------------------------------------------------------


def test_creating_a_group_stores_every_field_and_the_colour_upper_case(staff_client, shop):
    template = PricingTemplateFactory(shop=shop, name="Hurtowy")
    response = staff_client.post(
        CREATE,
        form_data(
            name="  Hurt   Łódź ",
            description="Firmy z Łodzi",
            tag_label="Hurt",
            tag_colour="#1e88e5",
            self_selectable="on",
            pricing_template=template.pk,
            extra_discount_percent="12.5",
            tax_exempt="on",
        ),
    )
    group = group_named(shop, "Hurt Łódź")
    assert response.status_code == 302
    assert response.url == reverse("staff:group_members", args=[group.pk])
    assert (group.description, group.tag_label, group.tag_colour) == (
        "Firmy z Łodzi",
        "Hurt",
        "#1E88E5",
    )
    assert group.self_selectable and group.tax_exempt
    assert group.pricing_template_id == template.pk
    assert group.extra_discount_percent == Decimal("12.5")
    with shop_context(shop):
        event = AuditEvent.objects.get(shop=shop, action="group.created")
    assert event.target_id == str(group.pk) and event.actor == shop.demo.owner
    page = staff_client.get(response.url).content.decode()
    assert "Created the group “Hurt Łódź”. Add its members here." in page


def test_a_group_without_a_label_shows_its_name_on_the_tag(staff_client, shop):
    staff_client.post(CREATE, form_data(name="Stali klienci", tag_label=""))
    assert group_named(shop, "Stali klienci").tag_label == "Stali klienci"


def test_the_create_form_offers_only_this_shops_pricing_templates(staff_client, shop, other_shop):
    PricingTemplateFactory(shop=shop, name="Hurtowy")
    theirs = discount_data_of(other_shop).template
    html = staff_client.get(CREATE).content.decode()
    assert ">Hurtowy</option>" in html
    assert SENTINEL not in html
    response = staff_client.post(CREATE, form_data(name="Sneaky", pricing_template=theirs.pk))
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert group_named(shop, "Sneaky") is None


@pytest.mark.parametrize("name", ["group alpha", "GROUP   ALPHA"])
def test_a_name_taken_in_the_shop_whatever_its_case_is_refused(staff_client, shop, name):
    response = staff_client.post(CREATE, form_data(name=name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "A group named “group alpha”" in html or "A group named “GROUP ALPHA”" in html
    assert "exists already." in html
    with shop_context(shop):
        assert CustomerGroup.objects.filter(shop=shop).count() == 1


def test_a_name_used_by_another_shop_is_free_here(staff_client, shop):
    response = staff_client.post(CREATE, form_data(name=f"Group {SENTINEL}"))
    assert response.status_code == 302
    assert group_named(shop, f"Group {SENTINEL}") is not None


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"tag_colour": "blue"}, "Enter a colour as #RRGGBB, e.g. #1E88E5."),
        ({"tag_colour": "#12345"}, "Enter a colour as #RRGGBB, e.g. #1E88E5."),
        ({"tag_colour": "#GGGGGG"}, "Enter a colour as #RRGGBB, e.g. #1E88E5."),
        ({"extra_discount_percent": "100.01"}, "Enter a percentage from 0 to 100."),
        ({"extra_discount_percent": "-1"}, "Enter a percentage from 0 to 100."),
        ({"name": "   "}, "This field is required."),
    ],
)
def test_bad_values_are_refused_with_a_readable_error(staff_client, shop, values, error):
    response = staff_client.post(CREATE, form_data(**values))
    assert response.status_code == 200
    assert f'<p class="field-error" role="alert">{error}</p>' in response.content.decode()
    assert group_named(shop, "Hurt") is None


def test_the_edges_of_the_discount_are_allowed(staff_client, shop):
    staff_client.post(CREATE, form_data(name="Free", extra_discount_percent="100"))
    staff_client.post(CREATE, form_data(name="Nothing off", extra_discount_percent=""))
    assert group_named(shop, "Free").extra_discount_percent == Decimal("100")
    assert group_named(shop, "Nothing off").extra_discount_percent == Decimal("0")


def test_support_may_not_create_edit_or_delete_groups(support_client, shop):
    group = shop.demo.group
    for url in (CREATE, edit_url(group), delete_url(group)):
        assert support_client.get(url).status_code == 403
        assert support_client.post(url, form_data(name="Mine")).status_code == 403
    assert group_named(shop, "Mine") is None
    assert group_named(shop, "Group Alpha") is not None


# --- Edit --------------------------------------------------------------------------------------


def test_the_edit_form_starts_from_the_group_and_saves_the_changes(staff_client, shop):
    group = shop.demo.group
    form = staff_client.get(edit_url(group)).content.decode()
    assert 'value="Group Alpha"' in form and 'value="#D4AF37"' in form
    assert ".tag-preview{background:#D4AF37;color:#000000}" in form  # the preview's start
    response = staff_client.post(
        edit_url(group),
        form_data(
            name="Group Alpha", tag_label="Złoci", tag_colour="#6a1b9a", extra_discount_percent="5"
        ),
    )
    assert response.status_code == 302 and response.url == LIST
    with shop_context(shop):
        group.refresh_from_db()
    assert (group.tag_label, group.tag_colour, group.extra_discount_percent) == (
        "Złoci",
        "#6A1B9A",
        Decimal("5"),
    )
    with shop_context(shop):
        event = AuditEvent.objects.get(shop=shop, action="group.updated")
    assert event.data["changed"] == {
        "tag_label": ["Tag Alpha", "Złoci"],
        "tag_colour": ["#D4AF37", "#6A1B9A"],
        "extra_discount_percent": ["0", "5"],
    }
    assert "Saved the group “Group Alpha”." in staff_client.get(LIST).content.decode()


def test_a_group_may_change_the_case_of_its_own_name(staff_client, shop):
    response = staff_client.post(edit_url(shop.demo.group), form_data(name="GROUP ALPHA"))
    assert response.status_code == 302
    assert group_named(shop, "GROUP ALPHA") is not None


def test_renaming_to_another_groups_name_is_refused(staff_client, shop, three_groups):
    response = staff_client.post(edit_url(three_groups["nowi"]), form_data(name="Hurt"))
    assert "A group named “Hurt” exists already." in response.content.decode()
    assert group_named(shop, "Nowi") is not None


def test_another_shops_group_cannot_be_edited_or_deleted(staff_client, shop, other_shop):
    theirs = other_shop.demo.group
    assert staff_client.get(edit_url(theirs)).status_code == 404
    assert staff_client.post(edit_url(theirs), form_data(name="Taken")).status_code == 404
    assert staff_client.get(delete_url(theirs)).status_code == 404
    assert staff_client.post(delete_url(theirs)).status_code == 404
    with shop_context(other_shop):
        theirs = CustomerGroup.objects.get(pk=theirs.pk)
        assert theirs.name == f"Group {SENTINEL}"
        assert GroupMembership.objects.filter(group=theirs).count() == 1
        assert not AuditEvent.objects.filter(action__startswith="group.").exists()


# --- Delete ------------------------------------------------------------------------------------


def test_the_delete_page_says_how_many_customers_lose_the_group(staff_client, shop):
    group = shop.demo.group
    for _ in range(11):
        GroupMembershipFactory(shop=shop, customer=CustomerFactory(shop=shop), group=group)
    discount_data_of(shop)  # a discount for this group
    html = staff_client.get(delete_url(group)).content.decode()
    assert "12 customers will lose this group; the customers stay." in html
    assert "1 discount for chosen groups will no longer apply to it." in html


def test_the_delete_page_of_a_group_with_one_or_no_member(staff_client, shop, three_groups):
    one = staff_client.get(delete_url(shop.demo.group)).content.decode()
    assert "1 customer will lose this group; the customer stays." in one
    none = staff_client.get(delete_url(three_groups["nowi"])).content.decode()
    assert "No customer is in this group." in none


def test_deleting_a_group_removes_its_memberships_and_keeps_its_customers(staff_client, shop):
    group = shop.demo.group
    GroupMembershipFactory(shop=shop, customer=CustomerFactory(shop=shop), group=group)
    discount = discount_data_of(shop).discount
    response = staff_client.post(delete_url(group), follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert (
        "Deleted the group “Group Alpha”; 2 customers lost it and stay in the shop."
        in response.content.decode()
    )
    with shop_context(shop):
        assert not CustomerGroup.objects.filter(pk=group.pk).exists()
        assert not GroupMembership.objects.filter(shop=shop).exists()
        assert not DiscountGroup.objects.filter(shop=shop).exists()
        assert Customer.objects.filter(shop=shop).count() == 3  # the fixture's two and one more
        event = AuditEvent.objects.get(shop=shop, action="group.deleted")
        unlinked = AuditEvent.objects.get(shop=shop, action="discounts.group_removed")
    assert (event.count, event.target_id, event.data) == (2, str(group.pk), {"name": "Group Alpha"})
    # The discounts that lost the group are named: one left with no group reaches nobody.
    assert (unlinked.count, unlinked.target_id, unlinked.data) == (
        1,
        str(group.pk),
        {"discounts": [discount.pk]},
    )


def test_delete_asks_first_on_get(staff_client, shop):
    response = staff_client.get(delete_url(shop.demo.group))
    assert group_named(shop, "Group Alpha") is not None
    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()  # the question, with its button


# --- The customer list and card follow at once -----------------------------------------------


def test_a_new_or_changed_tag_shows_on_the_customer_list_and_card_at_once(staff_client, shop):
    customer = CustomerFactory(shop=shop, first_name="Zofia", last_name="Lis")
    staff_client.post(CREATE, form_data(name="Hurt", tag_label="Hurt", tag_colour="#1565c0"))
    group = group_named(shop, "Hurt")
    staff_client.post(reverse("staff:group_members_add", args=[group.pk]), {"ids": [customer.pk]})
    customers = reverse("staff:customer_list")
    card = reverse("staff:customer_card", args=[customer.pk])
    tag = f'<span class="tag tag-group-{group.pk}" title="Hurt">Hurt</span>'
    for url in (customers, card):
        html = staff_client.get(url, {"q": "Lis"} if url == customers else {}).content.decode()
        assert tag in html
        assert f".tag-group-{group.pk}{{background:#1565C0;color:#FFFFFF}}" in html

    staff_client.post(
        edit_url(group), form_data(name="Hurt", tag_label="Hurtownik", tag_colour="#FFEB3B")
    )
    for url in (customers, card):
        html = staff_client.get(url, {"q": "Lis"} if url == customers else {}).content.decode()
        assert f'<span class="tag tag-group-{group.pk}" title="Hurt">Hurtownik</span>' in html
        assert f".tag-group-{group.pk}{{background:#FFEB3B;color:#000000}}" in html
        assert "#1565C0" not in html
