"""Groups that need approval: a customer who chose one waits on the group's members page until
staff approve (they join, with the group's prices) or reject (they stay out); in bulk."""

import pytest
from django.urls import reverse

from customers.models import Customer
from customers.services import delete_customers
from groups.models import GroupMembership, GroupRequest
from groups.services import join_chosen_groups
from shopadmin.services import ServiceError
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory, CustomerGroupFactory
from tests.helpers import audit, plain_text, text


def waiting_group(shop, **fields):
    return CustomerGroupFactory(
        shop=shop, name="Hurt", self_selectable=True, needs_approval=True, **fields
    )


def waiting(shop, group, *names):
    """Customers of `shop` named `names` who asked to join `group`."""
    customers = []
    for name in names:
        customer = CustomerFactory(shop=shop, first_name=name, last_name="Lis")
        with shop_context(shop):
            join_chosen_groups(shop=shop, customer=customer, groups=[group])
        customers.append(customer)
    return customers


def state(shop, group, customer) -> tuple[bool, bool]:
    """(is a member, is waiting)"""
    with shop_context(shop):
        member = GroupMembership.objects.filter(group=group, customer=customer).exists()
        asked = GroupRequest.objects.filter(group=group, customer=customer).exists()
    return member, asked


def decide(client, group, decision, customers):
    url = reverse("staff:group_requests_decide", args=[group.pk])
    return client.post(url, {"decision": decision, "ids": [c.pk for c in customers]}, follow=True)


def test_staff_see_who_waits_and_approve_or_reject_in_bulk(staff_client, shop):
    group = waiting_group(shop)
    zofia, marek, ewa = waiting(shop, group, "Zofia", "Marek", "Ewa")

    page = staff_client.get(reverse("staff:group_members", args=[group.pk]))
    section = plain_text(text(page).split('data-testid="group-requests"')[1].split("</section>")[0])
    assert "Waiting for approval" in section
    assert all(name in section for name in ["Zofia Lis", "Marek Lis", "Ewa Lis"])

    approved = decide(staff_client, group, "approve", [zofia, marek])
    assert "2 customers approved: now in Hurt." in text(approved)
    assert state(shop, group, zofia) == state(shop, group, marek) == (True, False)
    with shop_context(shop):
        membership = GroupMembership.objects.get(group=group, customer=zofia)
    assert (membership.source, membership.added_by_id) == ("registration", shop.demo.owner.pk)

    rejected = decide(staff_client, group, "reject", [ewa])
    assert "1 request to join Hurt rejected." in text(rejected)
    assert state(shop, group, ewa) == (False, False)
    assert [e["data"] for e in audit(shop, "group.requests_approved")] == [{}]
    assert len(audit(shop, "group.requests_rejected")) == 1


def test_a_decision_needs_ticks_and_a_choice(staff_client, shop):
    group = waiting_group(shop)
    (zofia,) = waiting(shop, group, "Zofia")
    assert "Tick the requests to approve or reject." in text(
        decide(staff_client, group, "approve", [])
    )
    assert "Choose to approve or to reject" in text(decide(staff_client, group, "maybe", [zofia]))
    assert state(shop, group, zofia) == (False, True)


def test_another_shops_customer_cannot_be_approved(staff_client, shop, other_shop):
    group = waiting_group(shop)
    page = decide(staff_client, group, "approve", [other_shop.demo.customer])
    assert "Select a valid choice." in text(page)
    with shop_context(shop):
        assert not GroupMembership.objects.filter(group=group).exists()


@pytest.mark.parametrize(
    "choice, said",
    [
        ("a staff-only group", "Choose among the groups offered."),
        ("two in a one-group shop", "Choose one group."),
        ("a guest", "Guests cannot join groups: register first."),
    ],
)
def test_a_choice_the_service_refuses(shop, choice, said):
    group = waiting_group(shop)
    with shop_context(shop):
        staff_only = CustomerGroupFactory(shop=shop, name="VIP")
        second = CustomerGroupFactory(shop=shop, name="Detal", self_selectable=True)
        customer, groups = {
            "a staff-only group": (shop.demo.customer, [staff_only]),
            "two in a one-group shop": (shop.demo.customer, [group, second]),
            "a guest": (shop.demo.guest, [second]),
        }[choice]
        with pytest.raises(ServiceError, match=said):
            join_chosen_groups(shop=shop, customer=customer, groups=groups)
        assert not GroupRequest.objects.filter(customer=customer).exists()


def test_the_group_form_says_whether_joining_waits_for_approval(staff_client, shop):
    group = shop.demo.group
    url = reverse("staff:group_edit", args=[group.pk])
    data = {"name": group.name, "tag_colour": "#123456", "self_selectable": "on"}
    staff_client.post(url, {**data, "needs_approval": "on"})
    with shop_context(shop):
        group.refresh_from_db()
    assert (group.self_selectable, group.needs_approval) == (True, True)
    assert "waits for staff approval" in text(staff_client.get(url))


def test_a_deleted_customers_requests_go_with_them(shop):
    group = waiting_group(shop)
    (zofia,) = waiting(shop, group, "Zofia")
    with shop_context(shop):
        delete_customers(
            shop=shop, actor=shop.demo.owner, customers=Customer.objects.filter(pk=zofia.pk)
        )
        assert not GroupRequest.objects.filter(group=group).exists()
