"""The audit log: every event of the shop for its owners, in words, with before and after;
the others see their own actions; filters by who, what, when and which customer; paged by
(at, id); exported to CSV; nothing of another shop."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from groups.services import add_customers_to_group
from shopadmin.models import AuditEvent
from shopadmin.services import add_staff_member, record_audit_event
from shopadmin.tenancy import shop_context
from tests.conftest import SENTINEL
from tests.factories import PASSWORD, CustomerFactory
from tests.helpers import plain_text

URL = "/staff/audit/"


def words(response) -> str:
    return plain_text(response.content.decode())


def test_an_owner_reads_every_event_in_words(staff_client, shop, other_shop):
    owner = shop.demo.owner
    with shop_context(shop):
        guest = shop.demo.guest
        CustomerFactory(shop=shop, email="nowy@example.com")
        add_customers_to_group(
            shop=shop,
            actor=owner,
            customers=type(guest).objects.filter(shop=shop),
            group=shop.demo.group,
        )
    page = words(staff_client.get(URL))
    assert "Owner Alpha added 1 customer to Group Alpha; 1 guest skipped" in page
    assert SENTINEL not in page


def test_others_see_their_own_actions_only(shop):
    support, _created = add_staff_member(
        shop=shop, email="s@sklep.example", role="support", password=PASSWORD
    )
    with shop_context(shop):
        record_audit_event(shop=shop, actor=support, action="customer.card_printed")
        record_audit_event(shop=shop, actor=shop.demo.owner, action="customers.deleted", count=3)
    client = Client()
    client.force_login(support)
    page = words(client.get(URL))
    assert "card printed" in page and "deleted 3 customers" not in page
    # Asking for someone else's actions changes nothing.
    other = words(client.get(URL, {"actor": shop.demo.owner.pk}))
    assert "deleted 3 customers" not in other


def test_filters_by_who_what_when_and_which_customer(staff_client, shop):
    customer = shop.demo.customer
    with shop_context(shop):
        AuditEvent.objects.create(  # 40 days ago
            shop=shop,
            actor=shop.demo.owner,
            action="customer.card_printed",
            target_type="customers.customer",
            target_id=str(customer.pk),
            at=timezone.now() - timedelta(days=40),
        )
        record_audit_event(
            shop=shop, actor=shop.demo.owner, action="customer.card_printed", target=customer
        )
        record_audit_event(shop=shop, actor=None, action="customers.deleted", count=2)
    printed = words(staff_client.get(URL, {"action": "customer.card_printed"}))
    assert printed.count("Owner Alpha: card printed") == 2 and "deleted 2" not in printed
    recent = words(
        staff_client.get(
            URL,
            {
                "action": "customer.card_printed",
                "since": (timezone.localdate() - timedelta(days=7)).isoformat(),
            },
        )
    )
    assert recent.count("Owner Alpha: card printed") == 1
    by_customer = words(staff_client.get(URL, {"customer": customer.email}))
    assert "card printed, Customer Alpha Kowalska" in by_customer
    nobody = words(staff_client.get(URL, {"customer": "nikt@example.com"}))
    assert "No customer of this shop has the email nikt@example.com." in nobody
    by_system = words(staff_client.get(URL, {"actor": shop.demo.owner.pk}))
    assert "deleted 2" not in by_system


@pytest.mark.parametrize(
    "query",
    [
        {"after": "abc"},
        {"after": "99999999999999999-1"},
        {"after": "-1--1"},
        {"actor": "x"},
        {"actor": "999999999"},
        {"action": "<script>"},
        {"since": "2026-13-45"},
        {"since": "2026-05-01", "until": "2026-04-01"},
        {"customer": "a\x00@b.c"},
    ],
)
def test_hostile_filters_and_cursors_never_fail(staff_client, shop, query):
    assert staff_client.get(URL, query).status_code == 200


def test_pages_follow_one_another_by_at_and_id(staff_client, shop):
    with shop_context(shop):
        at = timezone.now()
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(shop=shop, actor=None, action="customers.deleted", count=n, at=at)
                for n in range(1, 121)
            ]
        )
    first = staff_client.get(URL, {"action": "customers.deleted"})
    seen = set()
    page, pages = first, 0
    while True:
        pages += 1
        text = words(page)
        for n in range(1, 121):
            if f"deleted {n} customers" in text or (n == 1 and "deleted 1 customer" in text):
                seen.add(n)
        nxt = page.context["next_cursor"]
        if not nxt:
            break
        page = staff_client.get(URL, {"action": "customers.deleted", "after": nxt})
    assert pages == 3 and len(seen) == 120  # 50 + 50 + 20, none twice, none lost


def test_the_page_costs_the_same_queries_for_few_or_many_events(staff_client, shop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            staff_client.get(URL)
        return len(captured)

    with shop_context(shop):  # one of each kind of row the page names
        record_audit_event(
            shop=shop,
            actor=shop.demo.owner,
            action="customer.card_printed",
            target=shop.demo.customer,
        )
    few = queries()
    with shop_context(shop):
        for n in range(40):
            customer = CustomerFactory(shop=shop, email=f"k{n}@example.com")
            record_audit_event(
                shop=shop, actor=shop.demo.owner, action="customer.card_printed", target=customer
            )
    # One query per kind of row the page names, whatever the number of events.
    assert queries() <= few


def test_the_export_has_the_filtered_events_and_no_formula(staff_client, shop, other_shop):
    with shop_context(shop):
        record_audit_event(
            shop=shop,
            actor=shop.demo.owner,
            action="customer.updated",
            target=shop.demo.customer,
            changed={"city": ["Łódź", "=HYPERLINK(1)"]},
        )
    response = staff_client.get(URL + "export.csv", {"action": "customer.updated"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    assert "customer changed" in body and "city: Łódź → =HYPERLINK(1)" in body
    assert SENTINEL not in body


@pytest.mark.parametrize(
    "query",
    [
        {"action": "customers.deleted", "since": "2026-01-02", "until": "2026-01-01"},
        {"action": "customers.deleted", "actor": "123456"},
    ],
)
def test_a_filter_that_cannot_be_read_shows_nothing_not_everything(staff_client, shop, query):
    with shop_context(shop):
        record_audit_event(shop=shop, actor=None, action="customer.card_printed")
    page = words(staff_client.get(URL, query))
    assert "Correct the filters to see the events." in page
    assert "card printed," not in page and "system: card printed" not in page
    body = b"".join(staff_client.get(URL + "export.csv", query).streaming_content).decode()
    assert "card printed" not in body


def test_the_end_of_time_is_no_error(staff_client, shop):
    assert staff_client.get(URL, {"until": "9999-12-31"}).status_code == 200


def test_the_older_link_is_exact_to_the_microsecond(staff_client, shop):
    # Two events a microsecond apart at a time floats cannot tell apart: neither is lost.
    at = timezone.now().replace(microsecond=999_999)
    with shop_context(shop):
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    shop=shop,
                    action="customers.deleted",
                    count=n,
                    at=at - n * timedelta(microseconds=1),
                )
                for n in range(1, 52)
            ]
        )
    first = staff_client.get(URL, {"action": "customers.deleted"})
    older = staff_client.get(
        URL, {"action": "customers.deleted", "after": first.context["next_cursor"]}
    )
    assert "deleted 51 customers" in words(older) and "deleted 50 customers" not in words(older)
