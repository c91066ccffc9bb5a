"""The customer list's "Waiting for approval in" filter (customers who asked to join a group that
needs approval) and the bulk actions that approve or reject those requests (issue 16).

`waiting` gives shop A two groups that need approval, Hurt and VIP Klub, and an open group:
Zofia asked to join Hurt, Marek Hurt and VIP Klub, Ewa VIP Klub; Adam asked nothing. Shop B
(other_shop) has a group that needs approval too, with its customer waiting in it.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from customers.models import SavedFilter
from groups.models import GroupMembership, GroupRequest
from groups.services import join_chosen_groups
from shopadmin.models import AuditEvent, Role
from shopadmin.permissions import ROLE_PERMISSIONS, Perm
from shopadmin.tenancy import shop_context
from tests.conftest import SENTINEL
from tests.factories import CustomerFactory, CustomerGroupFactory
from tests.helpers import audit_event, latest_job, text

LIST = reverse("staff:customer_list")
BULK = reverse("staff:customer_bulk")
REFUSED = "Choose one of the shop's groups that need approval."


def approval_group(shop, name):
    return CustomerGroupFactory(
        shop=shop, name=name, tag_label=name[:30], self_selectable=True, needs_approval=True
    )


def ask(shop, customer, *groups):
    """`customer` asks to join each of `groups`, one at a time, as on the storefront."""
    with shop_context(shop):
        for group in groups:
            join_chosen_groups(shop=shop, customer=customer, groups=[group])


@pytest.fixture
def waiting(shop, other_shop):
    hurt = approval_group(shop, "Hurt")
    vip = approval_group(shop, "VIP Klub")
    open_group = CustomerGroupFactory(shop=shop, name="Otwarta", self_selectable=True)
    made = {
        name: CustomerFactory(shop=shop, first_name=name, last_name="Lis")
        for name in ["Zofia", "Marek", "Ewa", "Adam"]
    }
    ask(shop, made["Zofia"], hurt)
    ask(shop, made["Marek"], hurt, vip)
    ask(shop, made["Ewa"], vip)
    ask(shop, made["Adam"], open_group)  # an open group: a membership, no request
    foreign_group = approval_group(other_shop, f"Hurt {SENTINEL}")
    ask(other_shop, other_shop.demo.customer, foreign_group)
    return {
        **made,
        "hurt": hurt,
        "vip": vip,
        "open": open_group,
        "foreign_group": foreign_group,
    }


def listed_names(client, **params) -> set[str]:
    """The first names of the customers on the list's page."""
    response = client.get(LIST, params)
    assert response.status_code == 200
    page = text(response)
    names = re.findall(r'<td class="col-name">.*?<a [^>]*>([^<]+)</a>', page, re.S)
    return {name.strip().split()[0] for name in names}


def options_of(page: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {select_name}"
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select[1])]


def state(shop, group, customer) -> tuple[bool, bool]:
    """(is a member of `group`, still waiting to join it)"""
    with shop_context(shop):
        member = GroupMembership.objects.filter(group=group, customer=customer).exists()
        asked = GroupRequest.objects.filter(group=group, customer=customer).exists()
    return member, asked


def events(shop) -> int:
    with shop_context(shop):
        return AuditEvent.objects.filter(shop=shop).count()


# --- The filter ---------------------------------------------------------------------------------


def test_the_filter_lists_exactly_the_customers_waiting_for_that_group(staff_client, waiting):
    assert listed_names(staff_client, asks_to_join=waiting["hurt"].pk) == {"Zofia", "Marek"}
    assert listed_names(staff_client, asks_to_join=waiting["vip"].pk) == {"Marek", "Ewa"}
    assert listed_names(staff_client, asks_to_join="any") == {"Zofia", "Marek", "Ewa"}
    # Beside another filter: both must hold.
    assert listed_names(staff_client, asks_to_join=waiting["hurt"].pk, q="zofia") == {"Zofia"}


def test_the_filter_offers_the_shops_groups_that_need_approval_and_shows_when_used(
    staff_client, waiting
):
    page = text(staff_client.get(LIST, {"asks_to_join": waiting["hurt"].pk}))

    assert 'data-filter="asks_to_join"' in page  # not in the default panel, but used
    assert '<label for="id_asks_to_join">Waiting for approval in</label>' in page
    assert options_of(page, "asks_to_join") == ["Not filtered", "Any group", "Hurt", "VIP Klub"]
    assert f'<option value="{waiting["hurt"].pk}" selected>Hurt</option>' in page
    assert "2 customers" in page
    assert SENTINEL not in page


def test_an_approved_or_rejected_customer_no_longer_matches(staff_client, shop, waiting):
    staff_client.post(
        reverse("staff:group_requests_decide", args=[waiting["hurt"].pk]),
        {"decision": "approve", "ids": [waiting["Zofia"].pk]},
    )
    staff_client.post(
        reverse("staff:group_requests_decide", args=[waiting["vip"].pk]),
        {"decision": "reject", "ids": [waiting["Ewa"].pk]},
    )

    assert listed_names(staff_client, asks_to_join=waiting["hurt"].pk) == {"Marek"}
    assert listed_names(staff_client, asks_to_join="any") == {"Marek"}


@pytest.mark.parametrize("forged", ["foreign_group", "open", "junk", "null", "-1"])
def test_a_forged_group_is_refused_on_the_form_never_matched(staff_client, shop, waiting, forged):
    value = waiting[forged].pk if forged in waiting else forged

    response = staff_client.get(LIST, {"asks_to_join": value})
    page = text(response)

    assert response.status_code == 200
    assert page.count(REFUSED) == 1
    assert 'data-filter="asks_to_join"' in page  # shown with its error, not dropped silently
    assert SENTINEL not in page
    # "All matching" over that query selects nobody rather than everybody.
    bulk = staff_client.get(
        BULK,
        {"action": "approve_group_requests", "scope": "all", "query": f"asks_to_join={value}"},
    )
    assert bulk.status_code == 200
    assert "No customer of this shop is selected." in text(bulk)


def test_the_filter_chooser_knows_the_filter(staff_client, waiting):
    default_panel = text(staff_client.get(LIST))
    assert 'data-filter="asks_to_join"' not in default_panel
    assert 'name="filters" value="asks_to_join"' in default_panel  # offered in the chooser

    staff_client.post(reverse("staff:customer_list_filters"), {"filters": ["asks_to_join"]})

    page = text(staff_client.get(LIST))
    assert re.findall(r'data-filter="(\w+)"', page) == ["asks_to_join"]
    assert options_of(page, "asks_to_join") == ["Not filtered", "Any group", "Hurt", "VIP Klub"]


def test_the_number_of_queries_does_not_grow_with_the_number_of_requests(staff_client, shop):
    hurt = approval_group(shop, "Hurt")

    def queries(value) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(LIST, {"asks_to_join": value})
        assert response.status_code == 200
        return len(captured.captured_queries)

    ask(shop, CustomerFactory(shop=shop, first_name="Pierwsza"), hurt)
    one = (queries(hurt.pk), queries("any"))
    for number in range(9):
        ask(shop, CustomerFactory(shop=shop, first_name=f"Kolejna{number}"), hurt)
    ten = (queries(hurt.pk), queries("any"))

    assert listed_names(staff_client, asks_to_join=hurt.pk) >= {"Pierwsza", "Kolejna8"}
    # 28 for "any group" = the 30 of the bare list's count (test_list.py), less the total's
    # cursor (declare, move, close: a page that is not full tells the total), plus the choices
    # of this filter; the group chosen is looked up once more. The requests are a subquery.
    assert one == ten == (29, 28)


def test_a_saved_filter_with_it_replays_what_it_matches_now(staff_client, shop, waiting):
    saved = staff_client.post(
        reverse("staff:saved_filter_create"),
        {"name": "Czekają na Hurt", "query": f"asks_to_join={waiting['hurt'].pk}&sort=name"},
    )
    assert saved["Location"] == f"{LIST}?asks_to_join={waiting['hurt'].pk}&sort=name"
    assert listed_names(staff_client, asks_to_join=waiting["hurt"].pk) == {"Zofia", "Marek"}
    ask(shop, waiting["Ewa"], waiting["hurt"])  # asks after the filter was saved
    with shop_context(shop):
        saved_filter = SavedFilter.objects.get(shop=shop, name="Czekają na Hurt")

    # As a criterion of the list, and as the list's query of a bulk action over "all matching".
    assert listed_names(staff_client, saved_filter=saved_filter.pk) == {"Zofia", "Marek", "Ewa"}
    bulk = staff_client.get(
        BULK,
        {
            "action": "approve_group_requests",
            "scope": "all",
            "query": f"saved_filter={saved_filter.pk}",
        },
    )
    assert "This applies to 3 customers." in text(bulk)


# --- Bulk approve and reject ----------------------------------------------------------------------


def test_approve_all_matching_makes_them_members_and_removes_their_requests(
    staff_client, shop, waiting
):
    hurt = waiting["hurt"]
    data = {
        "action": "approve_group_requests",
        "scope": "all",
        "query": f"asks_to_join={hurt.pk}",
    }
    confirmation = text(staff_client.get(BULK, data))
    assert "This applies to 2 customers." in confirmation
    # Filtered on Hurt: Hurt is chosen already; only the groups that need approval are offered.
    assert options_of(confirmation, "group") == ["---------", "Hurt", "VIP Klub"]
    assert f'<option value="{hurt.pk}" selected>Hurt</option>' in confirmation
    assert SENTINEL not in confirmation
    assert state(shop, hurt, waiting["Zofia"]) == (False, True)  # nothing before the POST

    response = staff_client.post(BULK, {**data, "group": hurt.pk}, follow=True)

    assert response.redirect_chain[-1][0] == f"{LIST}?asks_to_join={hurt.pk}"
    assert "2 customers approved into Hurt." in text(response)
    assert (
        state(shop, hurt, waiting["Zofia"])
        == state(shop, hurt, waiting["Marek"])
        == (
            True,
            False,
        )
    )
    assert state(shop, waiting["vip"], waiting["Marek"]) == (False, True)  # his other request
    assert listed_names(staff_client, asks_to_join=hurt.pk) == set()
    event = audit_event(shop, "group.requests_approved")
    assert (event.actor, event.count, event.target_id) == (shop.demo.owner, 2, str(hurt.pk))
    with shop_context(shop):
        membership = GroupMembership.objects.get(group=hurt, customer=waiting["Zofia"])
    assert (membership.source, membership.added_by_id) == ("registration", shop.demo.owner.pk)


def test_approve_over_ticked_customers_says_who_had_not_asked(staff_client, shop, waiting):
    hurt = waiting["hurt"]
    ticked = [waiting[name].pk for name in ["Zofia", "Ewa", "Adam"]]

    response = staff_client.post(
        BULK,
        {"action": "approve_group_requests", "scope": "selected", "ids": ticked, "group": hurt.pk},
        follow=True,
    )

    assert "1 customer approved into Hurt; 2 had not asked." in text(response)
    assert state(shop, hurt, waiting["Zofia"]) == (True, False)
    assert state(shop, hurt, waiting["Ewa"]) == (False, False)
    assert state(shop, waiting["vip"], waiting["Ewa"]) == (False, True)  # untouched
    assert state(shop, hurt, waiting["Marek"]) == (False, True)  # not ticked


def test_reject_all_matching_leaves_them_out_of_the_group(staff_client, shop, waiting):
    vip = waiting["vip"]
    data = {"action": "reject_group_requests", "scope": "all", "query": "asks_to_join=any"}
    confirmation = text(staff_client.get(BULK, data))
    assert "This applies to 3 customers." in confirmation
    assert '<option value="" selected>---------</option>' in confirmation  # "any": no group yet

    response = staff_client.post(BULK, {**data, "group": vip.pk}, follow=True)

    assert "2 requests to join VIP Klub rejected; 1 had not asked." in text(response)
    assert state(shop, vip, waiting["Marek"]) == state(shop, vip, waiting["Ewa"]) == (False, False)
    assert state(shop, waiting["hurt"], waiting["Marek"]) == (False, True)
    assert listed_names(staff_client, asks_to_join="any") == {"Zofia", "Marek"}
    assert audit_event(shop, "group.requests_rejected").count == 2


@pytest.mark.parametrize("forged", ["open", "foreign_group"])
def test_a_group_without_approval_or_of_another_shop_is_refused_by_the_action(
    staff_client, shop, other_shop, waiting, forged
):
    before = events(shop)

    response = staff_client.post(
        BULK,
        {
            "action": "approve_group_requests",
            "scope": "all",
            "query": "asks_to_join=any",
            "group": waiting[forged].pk,
        },
    )

    assert response.status_code == 200  # the confirmation again, with the error
    assert REFUSED in text(response)
    assert events(shop) == before
    assert state(shop, waiting["hurt"], waiting["Zofia"]) == (False, True)
    assert state(other_shop, waiting["foreign_group"], other_shop.demo.customer) == (False, True)


def test_another_shops_ticked_customer_is_not_approved(staff_client, shop, other_shop, waiting):
    foreign = other_shop.demo.customer

    response = staff_client.post(
        BULK,
        {
            "action": "approve_group_requests",
            "scope": "selected",
            "ids": [foreign.pk, waiting["Zofia"].pk],
            "group": waiting["hurt"].pk,
        },
        follow=True,
    )

    assert "1 customer approved into Hurt." in text(response)
    assert SENTINEL not in text(response)
    assert state(other_shop, waiting["foreign_group"], foreign) == (False, True)


@pytest.mark.parametrize("action", ["approve_group_requests", "reject_group_requests"])
def test_a_role_without_the_change_groups_permission_is_refused(
    support_client, shop, waiting, monkeypatch, action
):
    # Every role has change_groups today; support without it stands for a role that has not.
    support = ROLE_PERMISSIONS[Role.SUPPORT]
    assert Perm.CHANGE_GROUPS in support
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.SUPPORT, support - {Perm.CHANGE_GROUPS})
    data = {
        "action": action,
        "scope": "all",
        "query": f"asks_to_join={waiting['hurt'].pk}",
        "group": waiting["hurt"].pk,
    }
    before = events(shop)

    assert support_client.get(BULK, data).status_code == 403
    assert support_client.post(BULK, data).status_code == 403
    assert events(shop) == before
    assert state(shop, waiting["hurt"], waiting["Zofia"]) == (False, True)
    page = text(support_client.get(LIST, {"asks_to_join": waiting["hurt"].pk}))
    assert f'<option value="{action}">' not in page
    assert listed_names(support_client, asks_to_join=waiting["hurt"].pk) == {"Zofia", "Marek"}


def test_support_with_the_permission_sees_both_actions(support_client, waiting):
    page = text(support_client.get(LIST))
    assert '<option value="approve_group_requests">Approve request to join group</option>' in page
    assert '<option value="reject_group_requests">Reject request to join group</option>' in page


def test_a_large_selection_is_approved_by_a_job_with_the_same_message(
    staff_client, shop, waiting, settings, django_capture_on_commit_callbacks
):
    settings.BULK_INLINE_LIMIT = 2  # three customers wait for "any group": a job
    settings.BULK_JOB_CHUNK = 2
    data = {
        "action": "approve_group_requests",
        "scope": "all",
        "query": "asks_to_join=any",
        "group": waiting["vip"].pk,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(BULK, data, follow=True)

    job = latest_job(shop)
    assert response.redirect_chain[-1][0] == reverse("staff:jobs")
    assert (job.kind, job.status, job.progress_done, job.progress_total) == (
        "bulk_action",
        "done",
        3,
        3,
    )
    assert job.result_message == "2 customers approved into VIP Klub; 1 had not asked."
    assert state(shop, waiting["vip"], waiting["Marek"]) == (True, False)
    assert state(shop, waiting["vip"], waiting["Ewa"]) == (True, False)
    assert state(shop, waiting["hurt"], waiting["Zofia"]) == (False, True)


def test_nothing_of_the_other_shop_appears(staff_client, other_shop, waiting):
    for params in ({"asks_to_join": "any"}, {"asks_to_join": waiting["hurt"].pk}):
        page = text(staff_client.get(LIST, params))
        assert SENTINEL not in page
        assert other_shop.demo.customer.email not in page
    confirmation = text(
        staff_client.get(
            BULK, {"action": "reject_group_requests", "scope": "all", "query": "asks_to_join=any"}
        )
    )
    assert "This applies to 3 customers." in confirmation
    assert SENTINEL not in confirmation
