"""The members page: the group's customers, a search to add more, ticking some to remove.

Shop A's "Group Alpha" starts with one member, "Customer Alpha"; the shop also has the guest
"Guest Alpha". Shop B's group, customer and guest carry the sentinel.
"""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.models import GroupMembership
from shopadmin.tenancy import shop_context
from tests.conftest import SENTINEL
from tests.factories import CustomerFactory, CustomerGroupFactory, GroupMembershipFactory
from tests.helpers import audit_event

GUEST_REFUSED = "Guest accounts cannot join groups: the customer must register first."


def members_url(group):
    return reverse("staff:group_members", args=[group.pk])


def add_url(group):
    return reverse("staff:group_members_add", args=[group.pk])


def remove_url(group):
    return reverse("staff:group_members_remove", args=[group.pk])


def member_names(shop, group) -> list[str]:
    with shop_context(shop):
        memberships = GroupMembership.objects.filter(shop=shop, group=group)
        return sorted(memberships.values_list("customer__first_name", flat=True))


def shown_messages(response) -> list[str]:
    """The messages the action left for the page it returns to."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def table_names(html: str) -> list[str]:
    """The names in the members table, in order."""
    table = html.split('data-testid="member-table"', 1)[1]
    return re.findall(r'<td class="col-name"><a href="[^"]+">([^<]+)</a>', table)


@pytest.fixture
def lis_family(shop):
    """Three registered Lis and a guest Lis in shop A, none in the group yet."""
    made = {
        name: CustomerFactory(shop=shop, first_name=name, last_name="Lis")
        for name in ("Zofia", "Marek", "Ewa")
    }
    made["Jan"] = CustomerFactory(shop=shop, first_name="Jan", last_name="Lis", guest=True)
    return made


def test_the_page_lists_the_members_with_their_tags(staff_client, shop):
    group = shop.demo.group
    other_group = CustomerGroupFactory(shop=shop, name="Hurt", tag_label="Hurt")
    GroupMembershipFactory(shop=shop, customer=shop.demo.customer, group=other_group)
    response = staff_client.get(members_url(group))
    html = response.content.decode()
    assert response.status_code == 200
    assert table_names(html) == ["Customer Alpha Kowalska"]
    assert "1 member" in html
    row = re.search(r'<tr data-customer="\d+">(.*?)</tr>', html, re.S).group(1)
    assert f'<span class="tag tag-group-{group.pk}" title="Group Alpha">Tag Alpha</span>' in row
    assert f'<span class="tag tag-group-{other_group.pk}" title="Hurt">Hurt</span>' in row
    assert f".tag-group-{other_group.pk}{{background:#D4AF37;color:#000000}}" in html
    assert f'name="ids" value="{shop.demo.customer.pk}" form="remove-members"' in row
    assert SENTINEL not in html


def test_the_members_come_a_page_at_a_time(staff_client, shop):
    group = CustomerGroupFactory(shop=shop, name="Duża")
    for number in range(27):
        customer = CustomerFactory(shop=shop, first_name=f"K{number:02d}", last_name="Nowak")
        GroupMembershipFactory(shop=shop, customer=customer, group=group)
    first = staff_client.get(members_url(group)).content.decode()
    second = staff_client.get(members_url(group), {"page": 2}).content.decode()
    assert "27 members" in first
    assert len(table_names(first)) == 25 and len(table_names(second)) == 2
    assert table_names(second) == ["K25 Nowak", "K26 Nowak"]
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("page", ["x", "-3", "0", "2.5", "99", "99999999999999999999999"])
def test_a_junk_or_too_large_page_number_shows_a_page_with_its_pager(staff_client, shop, page):
    response = staff_client.get(members_url(shop.demo.group), {"page": page, "per_page": "7"})

    assert response.status_code == 200
    html = response.content.decode()
    assert table_names(html) == ["Customer Alpha Kowalska"]
    assert 'data-testid="pagination"' in html and "Page 1 of 1" in html


def test_an_empty_group_says_so(staff_client, shop):
    group = CustomerGroupFactory(shop=shop, name="Pusta")
    html = staff_client.get(members_url(group)).content.decode()
    assert "No customer is in this group yet." in html


def test_the_search_lists_this_shops_matches_to_add(staff_client, shop, other_shop, lis_family):
    CustomerFactory(shop=other_shop, first_name="Zoé", last_name=f"Lis {SENTINEL}")
    GroupMembershipFactory(shop=shop, customer=lis_family["Marek"], group=shop.demo.group)
    html = staff_client.get(members_url(shop.demo.group), {"q": "lis"}).content.decode()
    found = html.split('data-testid="found-table"', 1)[1].split("</table>", 1)[0]
    rows = dict(re.findall(r'<tr data-customer="(\d+)">(.*?)</tr>', found, re.S))
    assert set(rows) == {str(customer.pk) for customer in lis_family.values()}
    ewa, marek, jan = (rows[str(lis_family[name].pk)] for name in ("Ewa", "Marek", "Jan"))
    assert f'name="ids" value="{lis_family["Ewa"].pk}"' in ewa
    assert "disabled" in marek and "In this group already" in marek
    assert "disabled" in jan and GUEST_REFUSED in jan and 'name="ids"' not in jan
    assert SENTINEL not in html


def test_a_search_that_finds_nobody_says_so(staff_client, shop):
    html = staff_client.get(members_url(shop.demo.group), {"q": "Nikogo"}).content.decode()
    assert "No customer matches “Nikogo”." in html


def test_adding_ticked_customers(staff_client, shop, lis_family):
    group = shop.demo.group
    ids = [lis_family["Zofia"].pk, lis_family["Ewa"].pk]
    response = staff_client.post(add_url(group), {"ids": ids, "query": "q=lis"})
    assert response.status_code == 302
    assert response.url == members_url(group) + "?q=lis"
    assert shown_messages(response) == ["2 customers added to Group Alpha."]
    assert member_names(shop, group) == ["Customer Alpha", "Ewa", "Zofia"]
    with shop_context(shop):
        added = GroupMembership.objects.filter(shop=shop, group=group, customer_id__in=ids)
        assert set(added.values_list("source", "added_by")) == {("staff", shop.demo.owner.pk)}
    assert audit_event(shop, "group.members_added").count == 2


def test_adding_a_guest_is_refused_with_the_message(staff_client, shop, lis_family):
    group = shop.demo.group
    response = staff_client.post(add_url(group), {"ids": [lis_family["Jan"].pk]}, follow=True)
    assert f'<li class="message message-error">{GUEST_REFUSED}</li>' in response.content.decode()
    assert member_names(shop, group) == ["Customer Alpha"]
    # With a registered customer beside the guest: the customer joins, the guest is refused.
    both = [lis_family["Jan"].pk, lis_family["Ewa"].pk]
    response = staff_client.post(add_url(group), {"ids": both})
    assert shown_messages(response) == ["1 customer added to Group Alpha.", GUEST_REFUSED]
    assert member_names(shop, group) == ["Customer Alpha", "Ewa"]


def test_adding_members_already_in_the_group_says_so(staff_client, shop):
    response = staff_client.post(add_url(shop.demo.group), {"ids": [shop.demo.customer.pk]})
    assert shown_messages(response) == ["The ticked customers are in this group already."]


def test_adding_nobody_asks_to_tick_someone(staff_client, shop):
    response = staff_client.post(add_url(shop.demo.group), {})
    assert shown_messages(response) == ["Tick the customers to add."]


def test_another_shops_customers_are_never_added(staff_client, shop, other_shop, lis_family):
    group = shop.demo.group
    theirs = [other_shop.demo.customer.pk, lis_family["Ewa"].pk]
    response = staff_client.post(add_url(group), {"ids": theirs})
    assert response.status_code == 302
    assert "Select a valid choice." in shown_messages(response)[0]
    assert member_names(shop, group) == ["Customer Alpha"]  # not even Ewa: the form is refused
    with shop_context(other_shop):
        assert GroupMembership.objects.filter(customer=other_shop.demo.customer).count() == 1


def test_removing_ticked_members(staff_client, shop, lis_family):
    group = shop.demo.group
    for name in ("Zofia", "Ewa"):
        GroupMembershipFactory(shop=shop, customer=lis_family[name], group=group)
    response = staff_client.post(
        remove_url(group),
        {"ids": [lis_family["Zofia"].pk, shop.demo.customer.pk], "query": "page=1"},
    )
    assert response.url == members_url(group) + "?page=1"
    assert shown_messages(response) == ["2 customers removed from Group Alpha."]
    assert member_names(shop, group) == ["Ewa"]
    assert audit_event(shop, "group.members_removed").count == 2
    with shop_context(shop):
        assert type(shop.demo.customer).objects.filter(pk=shop.demo.customer.pk).exists()


def test_removing_nobody_asks_to_tick_someone(staff_client, shop):
    response = staff_client.post(remove_url(shop.demo.group), {})
    assert shown_messages(response) == ["Tick the members to remove."]
    assert member_names(shop, shop.demo.group) == ["Customer Alpha"]


def test_the_redirect_stays_on_our_own_page(staff_client, shop):
    group = shop.demo.group
    response = staff_client.post(remove_url(group), {"query": "https://evil.example/"})
    assert response.url.startswith(members_url(group) + "?")


def test_another_shops_group_is_a_404_for_every_members_page(
    staff_client, shop, other_shop, lis_family
):
    theirs = other_shop.demo.group
    mine = [lis_family["Ewa"].pk]
    assert staff_client.get(members_url(theirs)).status_code == 404
    assert staff_client.get(members_url(theirs), {"q": "Customer"}).status_code == 404
    assert staff_client.post(add_url(theirs), {"ids": mine}).status_code == 404
    remove = {"ids": [other_shop.demo.customer.pk]}
    assert staff_client.post(remove_url(theirs), remove).status_code == 404
    with shop_context(other_shop):
        assert GroupMembership.objects.filter(group=theirs).count() == 1
    assert member_names(shop, shop.demo.group) == ["Customer Alpha"]


def test_add_and_remove_take_post_only(staff_client, shop):
    assert staff_client.get(add_url(shop.demo.group)).status_code == 405
    assert staff_client.get(remove_url(shop.demo.group)).status_code == 405


def test_support_may_view_and_change_members_but_not_edit_the_group(
    support_client, shop, lis_family
):
    group = shop.demo.group
    html = support_client.get(members_url(group), {"q": "lis"}).content.decode()
    assert reverse("staff:group_edit", args=[group.pk]) not in html
    assert 'id="add-members"' in html and 'id="remove-members"' in html
    support_client.post(add_url(group), {"ids": [lis_family["Ewa"].pk]})
    assert member_names(shop, group) == ["Customer Alpha", "Ewa"]


def test_the_members_page_runs_as_many_queries_for_10_members_as_for_3(staff_client, shop):
    group = CustomerGroupFactory(shop=shop, name="Liczona")
    other_group = CustomerGroupFactory(shop=shop, name="Druga")

    def add_members(count):
        for _ in range(count):
            customer = CustomerFactory(shop=shop, last_name="Lis")
            GroupMembershipFactory(shop=shop, customer=customer, group=group)
            GroupMembershipFactory(shop=shop, customer=customer, group=other_group)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(members_url(group), {"q": "lis"})
        assert response.status_code == 200
        return len(captured.captured_queries), len(table_names(response.content.decode()))

    add_members(3)
    few, rows = queries()
    assert rows == 3
    add_members(7)
    many, rows = queries()
    assert rows == 10
    # 28 = 21 for any staff page (session, user, staff membership and shop, the role check,
    # app.user_id / app.shop_id read, set and cleared in savepoints) + the group, the page of
    # member ids, those members, their memberships, the requests waiting for approval, the
    # search for "lis" and the customers it found, each marked whether in the group.
    assert many == few == 28
