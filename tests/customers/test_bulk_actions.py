"""Bulk actions from the customer list: the ticked rows or every customer matching the
search, re-evaluated inside the shop; a confirmation that counts them; POST with CSRF."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from customers.models import Customer, CustomerStanding
from discounts.models import Coupon, CouponAssignment, Discount
from groups.models import CustomerGroup, GroupMembership
from loyalty.models import PointsEntry
from orders.models import Order
from shopadmin.models import AuditEvent
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory, CustomerGroupFactory, OrderFactory
from tests.helpers import audit_event, text

BULK = reverse("staff:customer_bulk")
LIST = reverse("staff:customer_list")


@pytest.fixture
def people(shop):
    """Three customers in Łódź and one guest in Gdańsk, beside the fixture's own two."""
    return {
        "ala": CustomerFactory(shop=shop, first_name="Ala", city="Łódź"),
        "ola": CustomerFactory(shop=shop, first_name="Ola", city="Łódź"),
        "ela": CustomerFactory(shop=shop, first_name="Ela", city="Łódź"),
        "gosia": CustomerFactory(shop=shop, first_name="Gosia", city="Gdańsk", guest=True),
    }


@pytest.fixture
def wholesale(shop):
    return CustomerGroupFactory(shop=shop, name="Hurt", tag_label="Hurt")


def members(shop, group) -> set[str]:
    with shop_context(shop):
        return set(
            GroupMembership.objects.filter(group=group).values_list(
                "customer__first_name", flat=True
            )
        )


def statuses(shop) -> dict[str, str]:
    with shop_context(shop):
        return dict(Customer.objects.values_list("first_name", "standing__status"))


def ticked(*customers, action, **extra):
    return {"action": action, "scope": "selected", "ids": [c.pk for c in customers], **extra}


def test_the_confirmation_counts_the_ticked_customers_then_the_action_runs(
    staff_client, shop, people, wholesale
):
    data = ticked(people["ala"], people["ola"], action="add_to_group", query="q=lodz&sort=name")
    page = staff_client.get(BULK, data)
    assert "This applies to 2 customers." in text(page)
    assert members(shop, wholesale) == set()  # nothing happens before the POST

    response = staff_client.post(BULK, {**data, "group": wholesale.pk}, follow=True)

    assert response.redirect_chain[-1][0] == f"{LIST}?q=lodz&sort=name"
    assert "2 customers added to Hurt." in text(response)
    assert members(shop, wholesale) == {"Ala", "Ola"}


def test_all_matching_is_re_evaluated_and_guests_are_skipped_and_counted(
    staff_client, shop, people, wholesale
):
    # Everyone in "lodz": Ala, Ola, Ela and the fixture's customer and guest (Łódź).
    data = {"action": "add_to_group", "scope": "all", "query": "q=lodz"}
    assert "This applies to 5 customers." in text(staff_client.get(BULK, data))
    CustomerFactory(shop=shop, first_name="Ula", city="Łódź")  # arrives before the POST

    response = staff_client.post(BULK, {**data, "group": wholesale.pk}, follow=True)

    assert "5 customers added to Hurt. 1 guest skipped: guests cannot join groups." in text(
        response
    )
    assert members(shop, wholesale) == {"Ala", "Ola", "Ela", "Customer Alpha", "Ula"}
    event = audit_event(shop, "group.members_added")
    assert (event.count, event.data) == (5, {"guests_skipped": 1})


def test_adding_again_adds_nobody_twice(staff_client, shop, people, wholesale):
    data = {**ticked(people["ala"], action="add_to_group"), "group": wholesale.pk}
    staff_client.post(BULK, data)
    response = staff_client.post(BULK, data, follow=True)
    assert "0 customers added to Hurt." in text(response)
    assert members(shop, wholesale) == {"Ala"}


def test_remove_from_a_group_and_replace_all_groups(staff_client, shop, people, wholesale):
    vip = shop.demo.group
    everyone = {"action": "add_to_group", "scope": "all", "query": "q=lodz"}
    staff_client.post(BULK, {**everyone, "group": wholesale.pk})

    response = staff_client.post(
        BULK,
        {**ticked(people["ala"], action="remove_from_group"), "group": wholesale.pk},
        follow=True,
    )
    assert "1 customer removed from Hurt." in text(response)
    assert members(shop, wholesale) == {"Ola", "Ela", "Customer Alpha"}

    replace = ticked(people["ola"], people["gosia"], action="replace_groups")
    response = staff_client.post(BULK, {**replace, "groups": [vip.pk]}, follow=True)
    assert "Groups replaced: 1 memberships added, 1 removed. 1 guest skipped" in text(response)
    assert members(shop, wholesale) == {"Ela", "Customer Alpha"}
    assert members(shop, vip) == {"Customer Alpha", "Ola"}


def test_block_and_unblock(staff_client, shop, people):
    response = staff_client.post(
        BULK, ticked(people["ala"], people["ola"], action="block"), follow=True
    )
    assert "2 customers blocked." in text(response)
    assert statuses(shop)["Ala"] == statuses(shop)["Ola"] == "blocked"
    assert statuses(shop)["Ela"] == "active"
    response = staff_client.post(BULK, ticked(people["ala"], action="unblock"), follow=True)
    assert "1 customer unblocked." in text(response)
    assert statuses(shop)["Ala"] == "active"


def test_bulk_delete_keeps_the_orders(staff_client, shop, people):
    order = OrderFactory(shop=shop, customer=people["ala"], number="KEEP-1")
    data = ticked(people["ala"], people["ola"], action="delete")
    assert "This cannot be undone." in text(staff_client.get(BULK, data))
    response = staff_client.post(BULK, data, follow=True)
    assert "2 customers deleted. Their 1 order stays in the shop's records." in text(response)
    with shop_context(shop):
        assert not Customer.objects.filter(first_name__in=["Ala", "Ola"]).exists()
        assert Order.objects.get(pk=order.pk).customer_id is None


@pytest.mark.parametrize("max_matched", [5_000, 1])  # ids found first; past the most, row by row
def test_deleting_all_that_a_search_matches_counts_their_orders(
    staff_client, shop, people, monkeypatch, max_matched
):
    """The search inside the subqueries of a bulk action (the orders of the selection) keeps
    to the customers it matches."""
    monkeypatch.setattr("customers.search.MAX_MATCHED_IDS", max_matched)
    OrderFactory(shop=shop, customer=people["ala"])
    OrderFactory(shop=shop, customer=people["gosia"])  # Gdańsk: not matched
    data = {"action": "delete", "scope": "all", "query": "q=lodz"}
    response = staff_client.post(BULK, data, follow=True)
    # Ala, Ola, Ela and the fixture's two customers live in Łódź; Ala and the fixture's
    # customer have an order each.
    assert "5 customers deleted. Their 2 orders stay in the shop's records." in text(response)
    with shop_context(shop):
        assert Customer.objects.filter(first_name="Gosia").exists()


def test_forged_ids_and_ids_of_another_shop_touch_nothing(
    staff_client, shop, other_shop, people, wholesale
):
    theirs = other_shop.demo.customer
    data = ticked(people["ala"], theirs, action="block")
    assert "This applies to 1 customer." in text(staff_client.get(BULK, data))
    staff_client.post(BULK, data)
    assert statuses(shop)["Ala"] == "blocked"
    assert statuses(other_shop)[theirs.first_name] == "active"
    # Another shop's group is not a choice; another shop's saved filter selects nobody.
    response = staff_client.post(
        BULK, {**ticked(people["ola"], action="add_to_group"), "group": other_shop.demo.group.pk}
    )
    assert "Select a valid choice." in text(response)
    assert members(other_shop, other_shop.demo.group) == {theirs.first_name}
    query = f"saved_filter={other_shop.demo.saved_filter.pk}"
    page = staff_client.get(BULK, {"action": "block", "scope": "all", "query": query})
    assert "No customer of this shop is selected." in text(page)


def standing_of(shop, customer) -> tuple[str, int, int]:
    """Status, points and ledger entries of one customer, read in their own shop."""
    with shop_context(shop):
        standing = CustomerStanding.objects.get(customer=customer)
        entries = PointsEntry.objects.filter(customer=customer).count()
    return standing.status, standing.points_balance, entries


@pytest.mark.parametrize(
    "action",
    [
        {"action": "block"},
        {"action": "unblock"},
        {"action": "points", "mode": "add", "points": 10, "reason": "Forged"},
        {"action": "points", "mode": "subtract", "points": 5, "reason": "Forged"},
        {"action": "points", "mode": "set", "points": 99, "reason": "Forged"},
    ],
    ids=["block", "unblock", "points-add", "points-subtract", "points-set"],
)
def test_block_and_points_with_another_shops_ids_change_only_this_shops_customer(
    staff_client, shop, other_shop, people, action
):
    theirs = other_shop.demo.customer
    with shop_context(other_shop):  # so that "unblock" and "subtract" would have work to do
        CustomerStanding.objects.filter(customer=theirs).update(status="blocked", points_balance=50)
    before = standing_of(other_shop, theirs)
    mine_before = standing_of(shop, people["ala"])

    response = staff_client.post(BULK, {**ticked(people["ala"], theirs, **action)}, follow=True)

    assert response.status_code == 200
    assert standing_of(other_shop, theirs) == before
    changed = action["action"] in ("block", "points") and action.get("mode") != "subtract"
    assert (standing_of(shop, people["ala"]) != mine_before) == changed


def test_a_new_customer_has_a_standing_row_active_with_no_points(shop):
    customer = CustomerFactory(shop=shop, first_name="Nowa")
    assert standing_of(shop, customer) == ("active", 0, 0)


def test_nothing_ticked_or_no_action_returns_to_the_list_with_a_message(staff_client, people):
    response = staff_client.get(
        BULK, {"action": "block", "scope": "selected", "query": "q=lodz"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{LIST}?q=lodz"
    assert "Tick at least one customer" in text(response)
    response = staff_client.get(BULK, ticked(people["ala"], action="explode"), follow=True)
    assert "Choose an action." in text(response)


def test_each_action_needs_its_permission(support_client, shop, people):
    # Support may block and change groups, but not delete.
    assert support_client.get(BULK, ticked(people["ala"], action="delete")).status_code == 403
    assert support_client.post(BULK, ticked(people["ala"], action="delete")).status_code == 403
    assert statuses(shop)["Ala"] == "active"
    page = text(support_client.get(LIST))
    assert '<option value="block">Block</option>' in page
    assert '<option value="delete">' not in page


def test_bulk_actions_are_posts_with_a_csrf_token(shop, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shop.demo.owner)
    assert client.post(BULK, ticked(people["ala"], action="block")).status_code == 403
    assert statuses(shop)["Ala"] == "active"


def balances(shop) -> dict[str, int]:
    with shop_context(shop):
        return dict(Customer.objects.values_list("first_name", "standing__points_balance"))


def test_points_are_added_subtracted_and_set_with_a_ledger_entry_each(staff_client, shop, people):
    ala, ola = people["ala"], people["ola"]
    both = ticked(ala, ola, action="points")
    response = staff_client.post(
        BULK, {**both, "mode": "add", "points": 100, "reason": "Welcome"}, follow=True
    )
    assert "Points changed for 2 customers." in text(response)
    staff_client.post(
        BULK,
        {**ticked(ala, action="points"), "mode": "subtract", "points": 30, "reason": "Correction"},
    )
    assert (balances(shop)["Ala"], balances(shop)["Ola"]) == (70, 100)

    # Subtracting 80 would take Ala below zero: she is skipped and reported.
    response = staff_client.post(
        BULK, {**both, "mode": "subtract", "points": 80, "reason": "Expiry"}, follow=True
    )
    assert "Points changed for 1 customer. 1 skipped: their balance would go below zero." in text(
        response
    )
    assert (balances(shop)["Ala"], balances(shop)["Ola"]) == (70, 20)

    staff_client.post(BULK, {**both, "mode": "set", "points": 20, "reason": "Reset"})
    assert (balances(shop)["Ala"], balances(shop)["Ola"]) == (20, 20)
    with shop_context(shop):
        ledger = list(
            PointsEntry.objects.filter(customer=ala).order_by("pk").values_list("delta", "reason")
        )
    # Ola was already at 20, so "set" wrote no entry for her.
    assert ledger == [(100, "Welcome"), (-30, "Correction"), (-50, "Reset")]


def test_points_need_a_reason_and_a_number(staff_client, shop, people):
    response = staff_client.post(
        BULK, {**ticked(people["ala"], action="points"), "mode": "add", "points": "ten"}
    )
    assert "Enter a whole number." in text(response)
    assert "This field is required." in text(response)
    assert balances(shop)["Ala"] == 0


def test_assign_an_account_manager_and_move_their_orders(staff_client, shop, people):
    manager = shop.demo.owner
    order = OrderFactory(shop=shop, customer=people["ala"], number="M-1")
    response = staff_client.post(
        BULK,
        {
            **ticked(people["ala"], people["ola"], action="assign_manager"),
            "manager": manager.pk,
            "move_orders": "on",
        },
        follow=True,
    )
    assert "2 customers now managed by Owner Alpha. 1 order moved." in text(response)
    with shop_context(shop):
        assert Order.objects.get(pk=order.pk).account_manager == manager
        managed = Customer.objects.filter(account_manager=manager).values_list("first_name")
        assert sorted(name for (name,) in managed) == ["Ala", "Ola"]


def test_another_shops_staff_member_cannot_be_made_account_manager(
    staff_client, shop, other_shop, people
):
    response = staff_client.post(
        BULK,
        {**ticked(people["ala"], action="assign_manager"), "manager": other_shop.demo.owner.pk},
    )
    assert "Select a valid choice." in text(response)
    with shop_context(shop):
        assert Customer.objects.get(pk=people["ala"].pk).account_manager_id is None


def assigned(shop, code) -> set[str]:
    with shop_context(shop):
        return set(
            CouponAssignment.objects.filter(coupon__code=code).values_list(
                "customer__first_name", flat=True
            )
        )


def test_give_a_new_coupon_then_give_it_again(staff_client, shop, people):
    data = {
        **ticked(people["ala"], people["gosia"], action="give_coupon"),
        "new_code": "LATO12",
        "new_percent": "12",
    }
    response = staff_client.post(BULK, data, follow=True)
    assert "Coupon LATO12 given to 2 customers." in text(response)
    with shop_context(shop):
        coupon = Coupon.objects.select_related("discount").get(code="LATO12")
    assert (coupon.discount.kind, coupon.discount.value) == ("percent", Decimal("12.00"))
    again = {**ticked(people["ala"], people["ola"], action="give_coupon"), "coupon": coupon.pk}
    response = staff_client.post(BULK, again, follow=True)
    assert "Coupon LATO12 given to 1 customer. 1 had it already." in text(response)
    assert assigned(shop, "LATO12") == {"Ala", "Ola", "Gosia"}


def test_a_coupon_code_taken_or_missing_is_explained_on_the_form(staff_client, shop, people):
    data = {**ticked(people["ala"], action="give_coupon"), "new_code": "X1", "new_percent": "5"}
    staff_client.post(BULK, data)
    response = staff_client.post(BULK, {**data, "new_code": "x1"})  # codes ignore case
    assert response.status_code == 200
    assert "The coupon code “x1” exists already." in text(response)
    response = staff_client.post(BULK, ticked(people["ala"], action="give_coupon"))
    assert "Choose a coupon, or give the new coupon's code and percentage." in text(response)


def test_another_shops_coupon_cannot_be_given(staff_client, shop, other_shop, people):
    with shop_context(other_shop):
        discount = Discount.objects.create(shop=other_shop, name="D", kind="percent", value=5)
        theirs = Coupon.objects.create(shop=other_shop, discount=discount, code="THEIRS")
    response = staff_client.post(
        BULK, {**ticked(people["ala"], action="give_coupon"), "coupon": theirs.pk}
    )
    assert "Select a valid choice." in text(response)
    assert assigned(other_shop, "THEIRS") == set()


def test_a_new_group_made_in_the_dialog(staff_client, support_client, shop, people):
    data = {
        **ticked(people["ala"], people["gosia"], action="add_to_group"),
        "new_group": "  Stali   klienci ",
        "new_group_colour": "#2e7d32",
    }
    response = staff_client.post(BULK, data, follow=True)
    assert "1 customer added to Stali klienci. 1 guest skipped" in text(response)
    with shop_context(shop):
        group = CustomerGroup.objects.get(name="Stali klienci")
    assert (group.tag_label, group.tag_colour) == ("Stali klienci", "#2E7D32")
    assert members(shop, group) == {"Ala"}
    # The same name again is refused; support may change memberships but not make groups.
    again = staff_client.post(BULK, {**data, "new_group": "stali KLIENCI"})
    assert "A group named “stali KLIENCI” exists already." in text(again)
    refused = support_client.post(BULK, {**data, "new_group": "Nowa"})
    assert "Your role may not do all that this asks." in text(refused)
    with shop_context(shop):
        assert not CustomerGroup.objects.filter(name="Nowa").exists()


def _audit_cases(shop, wholesale, coupon):
    """action -> (its options, the audit event it writes)"""
    return {
        "block": ({}, "customers.status_blocked"),
        "add_to_group": ({"group": wholesale.pk}, "group.members_added"),
        "replace_groups": ({"groups": [wholesale.pk]}, "group.memberships_replaced"),
        "assign_manager": ({"manager": shop.demo.owner.pk}, "customers.account_manager_assigned"),
        "points": ({"mode": "add", "points": 5, "reason": "Audit"}, "points.add"),
        "give_coupon": ({"coupon": coupon.pk}, "coupon.given"),
        "delete": ({}, "customers.deleted"),
    }


@pytest.mark.parametrize(
    "action",
    [
        "block",
        "add_to_group",
        "replace_groups",
        "assign_manager",
        "points",
        "give_coupon",
        "delete",
    ],
)
def test_every_action_is_audited_with_who_and_how_many(
    staff_client, shop, people, wholesale, action
):
    with shop_context(shop):
        coupon = Coupon.objects.create(
            shop=shop,
            code="AUDYT",
            discount=Discount.objects.create(
                shop=shop, name="Audyt", kind=Discount.Kind.PERCENT, value=Decimal("5")
            ),
        )
    options, event = _audit_cases(shop, wholesale, coupon)[action]

    staff_client.post(BULK, ticked(people["ala"], people["ola"], action=action, **options))

    audit = audit_event(shop, event)
    assert (audit.actor, audit.count) == (shop.demo.owner, 2)


@pytest.mark.parametrize(
    "action", ["assign_manager", "points", "give_coupon", "export", "send_email", "delete"]
)
def test_a_role_without_the_actions_permission_is_refused_and_nothing_happens(
    support_client, shop, people, action
):
    data = ticked(
        people["ala"],
        action=action,
        mode="add",
        points=5,
        reason="x",
        subject="x",
        body="x",
        columns="all",
        new_code="NOPE",
        new_percent=5,
    )

    with shop_context(shop):
        events_before = AuditEvent.objects.count()

    assert support_client.get(BULK, data).status_code == 403
    assert support_client.post(BULK, data).status_code == 403
    with shop_context(shop):
        assert AuditEvent.objects.count() == events_before  # nothing done, nothing audited


def test_with_its_csrf_token_the_same_client_may_post(shop, people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shop.demo.owner)
    page = client.get(BULK, ticked(people["ala"], action="block"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(page))[1]

    response = client.post(
        BULK, {**ticked(people["ala"], action="block"), "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert statuses(shop)["Ala"] == "blocked"
