"""The staff customer list: search, filters, sorting, pages and totals, on small known data.

`people` adds five customers to shop A (beside the fixture's customer and guest, who are
registered long ago); each test says which of them it expects, in order.
"""

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from customers import search
from customers.models import Customer
from customers.selectors import customers_of_shop
from shopadmin.querying import Total, count_within
from shopadmin.services import add_staff_member
from shopadmin.tenancy import shop_context
from tests.factories import PASSWORD, CustomerFactory, CustomerGroupFactory, GroupMembershipFactory
from tests.helpers import set_stats

NOW = timezone.now()
LIST = reverse("staff:customer_list")


def days_ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


@pytest.fixture
def people(shop):
    """Five customers with distinct figures. Keys are the names the tests use."""
    wholesale = CustomerGroupFactory(shop=shop, name="Hurt", tag_label="Hurt", tag_colour="#1565C0")
    manager, _ = add_staff_member(
        shop=shop, email="manager@sklep-testowy.example", role="manager", password=PASSWORD
    )
    made = {
        "zofia": CustomerFactory(
            shop=shop,
            first_name="Zofia",
            last_name="Kowalczyk",
            city="Łódź",
            email="zofia@poczta.example",
            phone="+48 601 234 567",
            newsletter=True,
            registered_at=days_ago(5),
            last_visit_at=days_ago(1),
            terms_accepted_at=days_ago(5),
            account_manager=manager,
            points_balance=450,
        ),
        "adam": CustomerFactory(
            shop=shop,
            first_name="Adam",
            last_name="Nowak",
            city="Kraków",
            email="adam.nowak@firma.example",
            company_name="Nowak Hurt Sp. z o.o.",
            vat_number="PL 526-000-12-46",
            newsletter=False,
            registered_at=days_ago(40),
            last_visit_at=None,
            terms_accepted_at=days_ago(40),
            points_balance=1800,
        ),
        "ewa": CustomerFactory(
            shop=shop,
            first_name="Ewa",
            last_name="Żak",
            city="Gdańsk",
            email="ewa.zak@example.com",
            street="ul. Długa 5",
            newsletter=True,
            registered_at=days_ago(400),
            last_visit_at=days_ago(100),
            status="blocked",
            points_balance=100,
        ),
        "marek": CustomerFactory(
            shop=shop,
            first_name="Marek",
            last_name="Kowalski",
            city="Łódź",
            email="marek@example.com",
            newsletter=True,
            registered_at=days_ago(20),
            last_visit_at=days_ago(10),
        ),
        "gosc": CustomerFactory(
            shop=shop,
            first_name="Gość",
            last_name="Bez Konta",
            city="Poznań",
            email="gosc@example.com",
            guest=True,
            registered_at=days_ago(2),
        ),
    }
    set_stats(
        shop,
        made["zofia"],
        orders_count=3,
        orders_value_gross=Decimal("4500.00"),
        orders_value_net=Decimal("3658.54"),
        last_order_at=days_ago(3),
    )
    set_stats(
        shop,
        made["adam"],
        orders_count=12,
        orders_value_gross=Decimal("18000.00"),
        orders_value_net=Decimal("14634.15"),
        last_order_at=days_ago(200),
    )
    set_stats(
        shop,
        made["ewa"],
        orders_count=1,
        orders_value_gross=Decimal("1000.00"),
        orders_value_net=Decimal("813.01"),
        last_order_at=days_ago(300),
    )
    set_stats(
        shop,
        made["marek"],
        orders_count=2,
        orders_value_gross=Decimal("2500.00"),
        orders_value_net=Decimal("2032.52"),
        last_order_at=days_ago(30),
    )
    GroupMembershipFactory(shop=shop, customer=made["zofia"], group=wholesale)
    GroupMembershipFactory(shop=shop, customer=made["adam"], group=wholesale)
    made["wholesale"] = wholesale
    made["manager"] = manager
    return made


def listed(client, **params) -> list[int]:
    """The customer ids of the list's page, in their order."""
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<tr data-customer="(\d+)"', response.content.decode())]


def ids(people, *names) -> list[int]:
    return [people[name].pk for name in names]


def only(people, found: list[int]) -> list[int]:
    """`found` without the fixture's own customer and guest (registered long before). Only
    the customers count: the manager is a User, whose id may equal a customer's."""
    ours = {person.pk for person in people.values() if isinstance(person, Customer)}
    return [pk for pk in found if pk in ours]


# --- Default order and sorting --------------------------------------------------------------


def test_the_list_shows_the_newest_registrations_first(staff_client, people):
    assert only(people, listed(staff_client)) == ids(
        people, "gosc", "zofia", "marek", "adam", "ewa"
    )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["gosc", "zofia", "marek", "adam", "ewa"]),  # Bez Konta, Kowalczyk, Kowalski…
        ("-name", ["ewa", "adam", "marek", "zofia", "gosc"]),
        ("orders_value_gross", ["gosc", "ewa", "marek", "zofia", "adam"]),
        ("-orders_value_gross", ["adam", "zofia", "marek", "ewa", "gosc"]),
        ("orders_count", ["gosc", "ewa", "marek", "zofia", "adam"]),
        ("-orders_count", ["adam", "zofia", "marek", "ewa", "gosc"]),
        # Never ordered counts as the oldest order: first going up, last going down.
        ("last_order_at", ["gosc", "ewa", "adam", "marek", "zofia"]),
        ("-last_order_at", ["zofia", "marek", "adam", "ewa", "gosc"]),
        # Marek and the guest both have 0 points: the older id comes first going up.
        ("points_balance", ["marek", "gosc", "ewa", "zofia", "adam"]),
        ("-points_balance", ["adam", "zofia", "ewa", "gosc", "marek"]),
        ("last_visit_at", ["adam", "gosc", "ewa", "marek", "zofia"]),
        ("-last_visit_at", ["zofia", "marek", "ewa", "gosc", "adam"]),
        ("registered_at", ["ewa", "adam", "marek", "zofia", "gosc"]),
    ],
)
def test_sorting_by_a_column_in_both_directions(staff_client, people, sort, expected):
    assert only(people, listed(staff_client, sort=sort)) == ids(people, *expected)


def test_equal_values_keep_a_stable_order_across_pages(staff_client, shop, people):
    # Thirty customers with 0 points: the pages must neither repeat nor skip any of them.
    same = {CustomerFactory(shop=shop, registered_at=days_ago(1)).pk for _ in range(30)}
    first = listed(staff_client, sort="points_balance", per_page=25)
    second = listed(staff_client, sort="points_balance", per_page=25, page=2)
    assert len(first) == 25 and len(second) == 12
    assert not set(first) & set(second)
    assert same <= set(first) | set(second)


def test_an_unknown_sort_falls_back_to_the_default(staff_client, people):
    assert listed(staff_client, sort="password") == listed(staff_client)


# --- Search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("lodz", {"zofia", "marek"}),  # Łódź, without the accents
        ("ŁÓDŹ", {"zofia", "marek"}),
        ("kowal", {"zofia", "marek"}),  # Kowalczyk, Kowalski (and the fixture's Kowalska)
        ("firma.exa", {"adam"}),  # part of an email
        ("601234", {"zofia"}),  # phone digits without the spaces
        ("5260001246", {"adam"}),  # VAT number without its dashes
        ("nowak hurt", {"adam"}),  # every word must match: name and company
        ("dluga", {"ewa"}),  # street
        ("zak", {"ewa"}),
        ("krakow adam", {"adam"}),
        ("50%", set()),  # a typed wildcard is a literal character
    ],
)
def test_search_matches_any_part_without_case_or_accents(staff_client, people, term, expected):
    found = set(only(people, listed(staff_client, q=term)))
    assert found == {people[name].pk for name in expected}


def test_a_frequent_term_finds_the_same_customers_by_the_row_by_row_path(
    staff_client, people, monkeypatch
):
    by_ids = listed(staff_client, q="lodz")
    monkeypatch.setattr(search, "MAX_MATCHED_IDS", 1)  # "lodz" now has too many matches
    assert listed(staff_client, q="lodz") == by_ids
    assert len(by_ids) == 4  # zofia, marek and the fixture's customer and guest (Łódź)


def test_a_search_matching_too_many_to_list_says_more_than_without_counting(
    staff_client, shop, monkeypatch
):
    for _ in range(30):
        CustomerFactory(shop=shop, city="Łódź")
    monkeypatch.setattr(search, "MAX_MATCHED_IDS", 5)
    alone = staff_client.get(LIST, {"q": "lodz"}).content.decode()
    narrowed = staff_client.get(LIST, {"q": "lodz", "status": "active"}).content.decode()
    assert "more than 5 customers" in alone
    assert "32 customers" in narrowed  # another filter: counted (30 + the fixture's two)


def test_no_match_says_so_and_offers_to_clear_the_filters(staff_client, people):
    response = staff_client.get(LIST, {"q": "nobody-is-called-this"})
    html = response.content.decode()
    assert "No customer matches this search and these filters." in html
    assert "Clear filters" in html
    assert "0 customers" in html


# --- Filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "blocked"}, {"ewa"}),
        ({"newsletter": "true"}, {"zofia", "ewa", "marek"}),
        ({"newsletter": "false"}, {"adam", "gosc"}),
        ({"account_type": "guest"}, {"gosc"}),
        ({"orders_value_min": "1000", "orders_value_max": "5000"}, {"zofia", "ewa", "marek"}),
        ({"orders_value_min": "2000", "newsletter": "true"}, {"zofia", "marek"}),
        ({"orders_count_min": "3"}, {"zofia", "adam"}),
        ({"points_min": "450"}, {"zofia", "adam"}),
        (
            {"registered_at_after": (NOW - timedelta(days=30)).date().isoformat()},
            {"zofia", "marek", "gosc"},
        ),
        (
            {
                "registered_at_after": (NOW - timedelta(days=45)).date().isoformat(),
                "registered_at_before": (NOW - timedelta(days=10)).date().isoformat(),
            },
            {"marek", "adam"},
        ),
        ({"last_visit_at_before": (NOW - timedelta(days=50)).date().isoformat()}, {"ewa"}),
        (
            {"terms_accepted_at_after": (NOW - timedelta(days=50)).date().isoformat()},
            {"zofia", "adam"},
        ),
    ],
)
def test_each_filter_narrows_the_list(staff_client, people, params, expected):
    found = set(only(people, listed(staff_client, **params)))
    assert found == {people[name].pk for name in expected}


def test_filter_by_one_or_several_groups(staff_client, shop, people):
    vip = CustomerGroupFactory(shop=shop, name="VIP")
    GroupMembershipFactory(shop=shop, customer=people["ewa"], group=vip)
    wholesale = people["wholesale"]
    assert set(listed(staff_client, group=wholesale.pk)) == set(ids(people, "zofia", "adam"))
    assert set(listed(staff_client, group=[wholesale.pk, vip.pk])) == set(
        ids(people, "zofia", "adam", "ewa")
    )


def test_filter_by_account_manager(staff_client, people):
    assert listed(staff_client, account_manager=people["manager"].pk) == ids(people, "zofia")


def test_letters_in_a_number_show_a_message_on_the_form_not_an_error_page(staff_client, people):
    response = staff_client.get(LIST, {"orders_value_min": "lots", "orders_count_min": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Enter a number.") == 2


def test_an_inverted_range_shows_a_message(staff_client, people):
    response = staff_client.get(
        LIST, {"registered_at_after": "2026-05-01", "registered_at_before": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "The start of the range is after its end." in response.content.decode()


def test_another_shops_group_manager_or_saved_filter_is_rejected_never_applied(
    staff_client, shop, other_shop, people
):
    other = other_shop.demo
    response = staff_client.get(
        LIST,
        {
            "group": other.group.pk,
            "account_manager": other.owner.pk,
            "saved_filter": other.saved_filter.pk,
        },
    )
    html = response.content.decode()
    assert html.count("Select a valid choice.") == 3
    # Nothing was applied: shop A's whole list, and nothing of shop B.
    assert set(only(people, listed(staff_client))) == set(
        only(people, [int(pk) for pk in re.findall(r'data-customer="(\d+)"', html)])
    )
    assert other_shop.name not in html and "Customer ZQX" not in html


def test_a_filter_that_is_not_in_the_panel_still_shows_when_it_is_used(staff_client, people):
    html = staff_client.get(LIST, {"points_min": "100"}).content.decode()
    assert 'data-filter="points_min"' in html
    assert 'data-filter="account_type"' not in html  # not chosen, not used


# --- Pages and totals ---------------------------------------------------------------------


def test_pages_split_the_list_and_the_state_stays_in_the_links(staff_client, shop, people):
    for number in range(30):
        CustomerFactory(shop=shop, registered_at=days_ago(1000 + number))
    first = listed(staff_client, per_page=25, sort="-registered_at")
    second = listed(staff_client, per_page=25, sort="-registered_at", page=2)
    html = staff_client.get(LIST, {"per_page": 25, "sort": "name"}).content.decode()
    assert len(first) == 25 and len(second) == 12
    assert not set(first) & set(second)
    assert "37 customers" in html
    assert "Page 1 of 2" in html
    assert 'rel="next" href="?per_page=25&amp;sort=name&amp;page=2"' in html


@pytest.mark.parametrize("page", ["x", "-3", "0", "2.5", "99", "99999999999999999999999"])
def test_a_junk_or_too_large_page_number_shows_a_page_with_its_pager(staff_client, people, page):
    response = staff_client.get(LIST, {"page": page})

    assert response.status_code == 200
    assert listed(staff_client, page=page) == listed(staff_client)  # the first page is the last
    html = response.content.decode()
    assert 'data-testid="pagination"' in html and "Page 1 of 1" in html


def test_a_page_past_the_end_of_a_list_too_long_to_count_offers_the_first_page(
    staff_client, people, monkeypatch
):
    monkeypatch.setattr("backoffice.paging.LIST_COUNT_LIMIT", 5)  # "more than 5": no last page
    html = staff_client.get(LIST, {"page": 99}).content.decode()
    assert "This page is past the end of the list." in html
    assert "Go to the first page" in html
    assert 'data-testid="pagination"' in html and "Page 99" in html and "Page 99 of" not in html
    assert 'rel="prev" href="?page=98"' in html


def test_an_odd_page_size_or_number_falls_back_to_the_defaults(staff_client, people):
    assert listed(staff_client, per_page=7, page="x") == listed(staff_client)


def test_the_number_of_queries_does_not_grow_with_the_page_size(staff_client, shop, people):
    for _ in range(100):
        CustomerFactory(shop=shop)

    def queries(per_page):
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(LIST, {"per_page": per_page, "page": 2, "group": ""})
        assert response.status_code == 200
        return len(captured.captured_queries)

    # 30 = 21 for any staff page (session, user, staff membership and shop, the role check,
    # app.user_id / app.shop_id read, set and cleared in savepoints) + the list preference, the
    # page's ids, the total counted with a cursor (declare, move, close), the page's customers,
    # their memberships, the saved filters and the groups of the filter.
    assert queries(25) == queries(100) == 30


def test_count_within_is_exact_under_its_limit_and_says_more_than_above(shop, people):
    with shop_context(shop):
        queryset = customers_of_shop(shop)
        assert count_within(queryset) == Total(7, exact=True)
        assert count_within(queryset, limit=5, step=2) == Total(5, exact=False)
        assert count_within(queryset, limit=7, step=7) == Total(7, exact=True)
        # No time left: it stops after the first step and says "more than" what it counted.
        assert count_within(queryset, limit=100, step=3, seconds=0) == Total(3, exact=False)


def test_a_large_list_says_more_than_n(staff_client, shop, people, monkeypatch):
    monkeypatch.setattr("backoffice.paging.LIST_COUNT_LIMIT", 5)
    html = staff_client.get(LIST, {"per_page": 25, "page": 2}).content.decode()
    assert "more than 5 customers" in html


def test_the_name_shows_the_customers_group_tags_in_their_colours(staff_client, people):
    html = staff_client.get(LIST, {"q": "zofia"}).content.decode()
    group = people["wholesale"]
    assert f'<span class="tag tag-group-{group.pk}" title="Hurt">Hurt</span>' in html
    assert f".tag-group-{group.pk}{{background:#1565C0;color:#FFFFFF}}" in html
