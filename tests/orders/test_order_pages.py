"""Staff see every order of the shop: a list with search, filters and sorts, paged, and each
order's page with its lines and totals. Another shop's orders are never listed or shown."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from customers.models import CustomerStats
from orders import selectors
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory, OrderFactory, OrderLineFactory
from tests.helpers import audit, set_stats, text

LIST = reverse("staff:order_list")


def listed(client, **params) -> list[int]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<tr data-order="(\d+)"', response.content.decode())]


def money(value: str) -> dict:
    gross = Decimal(value)
    return {"net": gross - Decimal("10.00"), "tax": Decimal("10.00"), "gross": gross}


def test_the_list_searches_filters_and_sorts(staff_client, shop, other_shop):
    days = timezone.now() - timedelta(days=1)
    zofia = CustomerFactory(shop=shop, first_name="Zofia", email="zofia@poczta.example")
    big = OrderFactory(shop=shop, customer=zofia, number="BIG-1", status="paid", **money("900"))
    old = OrderFactory(
        shop=shop,
        customer=zofia,
        number="OLD-1",
        placed_at=days - timedelta(days=400),
        **money("50"),
    )
    mine = OrderFactory(shop=shop, number="MINE-1", account_manager=shop.demo.owner, **money("120"))
    fixture = shop.demo.order

    assert set(listed(staff_client)) == {big.pk, old.pk, mine.pk, fixture.pk}
    assert listed(staff_client, q="big-1") == [big.pk]
    assert listed(staff_client, q="Zofia@Poczta.example", sort="placed_at") == [old.pk, big.pk]
    assert listed(staff_client, status="paid") == [big.pk]
    # The fixture's order is 123.00, MINE-1 120.00.
    assert listed(staff_client, gross_min="100", gross_max="500", sort="-gross") == [
        fixture.pk,
        mine.pk,
    ]
    assert set(listed(staff_client, placed_after=days.date().isoformat())) == {
        big.pk,
        mine.pk,
        fixture.pk,
    }
    assert listed(staff_client, mine="on") == [mine.pk]
    assert listed(staff_client, sort="-gross")[0] == big.pk
    # Shop B's order is not found by its number; its staff member is not a choice.
    assert listed(staff_client, q=other_shop.demo.order.number) == []
    response = staff_client.get(LIST, {"account_manager": other_shop.demo.owner.pk})
    assert "Select a valid choice." in text(response)
    assert other_shop.demo.order.number not in text(response)


def test_the_value_range_holds_to_the_cent(staff_client, shop):
    cheap = OrderFactory(shop=shop, number="CHEAP-1", **money("119.99"))
    exact = OrderFactory(shop=shop, number="EXACT-1", **money("120.00"))
    dear = OrderFactory(shop=shop, number="DEAR-1", **money("120.01"))

    assert listed(staff_client, gross_min="120", gross_max="120") == [exact.pk]
    assert listed(staff_client, gross_min="119.99", gross_max="120.01", sort="gross") == [
        cheap.pk,
        exact.pk,
        dear.pk,
    ]
    response = staff_client.get(LIST, {"gross_min": "119.995"})
    assert "Ensure that there are no more than 2 decimal places." in text(response)
    assert "CHEAP-1" not in text(response)


def test_every_page_of_the_list_costs_the_same_queries(staff_client, shop):
    customers = CustomerFactory.create_batch(30, shop=shop)
    for number in range(120):  # with the fixture's order: 50, 50 and 21 on the pages
        customer = customers[number % len(customers)]
        OrderFactory(shop=shop, customer=customer, number=f"MANY-{number}", **money("60"))

    def page_costs(page: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            rows = listed(staff_client, page=page)
        return len(rows), len(captured)

    (full, queries), (_, second), (last, third) = map(page_costs, ["1", "2", "3"])
    assert (full, last) == (50, 21)
    assert queries == second == third  # no query per order, customer or manager shown


def test_the_search_finds_a_customers_orders_by_name_company_or_email(
    staff_client, shop, other_shop
):
    anna = CustomerFactory(shop=shop, first_name="Anna", last_name="Wiśniewska", city="Łódź")
    orders = [OrderFactory(shop=shop, customer=anna, **money("80")) for _ in range(2)]
    firm = CustomerFactory(
        shop=shop,
        first_name="Piotr",
        company_name="Hurtownia Perché",
        email="biuro@perche.example",
        city="Kraków",
    )
    firms = OrderFactory(shop=shop, customer=firm, **money("60"))
    # Shop B has its own Wiśniewska with an order: never listed here.
    theirs = CustomerFactory(shop=other_shop, first_name="Anna", last_name="Wiśniewska")
    OrderFactory(shop=other_shop, customer=theirs, **money("70"))

    expected = sorted(order.pk for order in orders)
    assert sorted(listed(staff_client, q="wisniewska")) == expected  # accents folded
    assert sorted(listed(staff_client, q="Anna lodz")) == expected  # every word
    assert listed(staff_client, q="perche") == [firms.pk]
    assert listed(staff_client, q="BIURO@perche") == [firms.pk]
    assert listed(staff_client, q="nobody-of-that-name") == []


def test_a_search_matching_too_many_customers_asks_for_more(staff_client, shop, monkeypatch):
    for name in ["Nowak", "Nowakowska"]:
        OrderFactory(shop=shop, customer=CustomerFactory(shop=shop, last_name=name))
    monkeypatch.setattr(selectors, "MAX_SEARCHED_CUSTOMERS", 1)
    response = staff_client.get(LIST, {"q": "nowak"})
    assert "More than 1 customers match “nowak”: add a word" in text(response)
    assert listed(staff_client, q="nowak") == []
    assert len(listed(staff_client, q="nowakowska")) == 1


def test_orders_with_a_coupon(staff_client, shop):
    used = OrderFactory(shop=shop, customer=shop.demo.customer, coupon_code="WIOSNA10")
    OrderFactory(shop=shop, customer=shop.demo.customer)
    assert listed(staff_client, with_coupon="on") == [used.pk]
    assert "<code>WIOSNA10</code>" in text(staff_client.get(LIST))


def test_placed_between_counts_days_in_the_shops_time(staff_client, shop):
    warsaw = ZoneInfo("Europe/Warsaw")  # settings.TIME_ZONE in the tests
    late = OrderFactory(shop=shop, placed_at=datetime(2026, 3, 1, 23, 30, tzinfo=warsaw))
    early = OrderFactory(shop=shop, placed_at=datetime(2026, 3, 2, 0, 15, tzinfo=warsaw))
    assert listed(staff_client, placed_after="2026-03-01", placed_before="2026-03-01") == [late.pk]
    assert listed(staff_client, placed_after="2026-03-02", placed_before="2026-03-02") == [early.pk]
    # The first and last days a date can be are bounds like any other, not a 500.
    assert len(listed(staff_client, placed_after="0001-01-01", placed_before="9999-12-31")) == 3


def test_bad_values_are_said_not_a_500(staff_client, shop):
    response = staff_client.get(
        LIST, {"placed_after": "2026-13-45", "gross_min": "lots", "sort": "evil", "page": "x"}
    )
    assert response.status_code == 200
    page = text(response)
    assert "Enter a valid date." in page and "Enter a number." in page


def test_an_order_page_shows_its_lines_and_totals(staff_client, shop):
    order = OrderFactory(shop=shop, customer=shop.demo.customer, number="ST-7", **money("123"))
    OrderLineFactory(
        shop=shop,
        order=order,
        product=shop.demo.product,
        sku="KAW-001",
        name="Kawa Łódzka",
        quantity=3,
    )
    page = text(staff_client.get(reverse("staff:order_detail", args=[order.pk])))
    assert "<h1>Order ST-7</h1>" in page
    assert "No status change recorded since the order was placed." in page
    assert "<code>KAW-001</code></td><td>Kawa Łódzka</td>" in page
    assert "123.00 PLN" in page and "Customer Alpha Kowalska" in page


def test_another_shops_order_page_is_not_found(staff_client, other_shop):
    response = staff_client.get(reverse("staff:order_detail", args=[other_shop.demo.order.pk]))
    assert response.status_code == 404


def stats_of(shop, customer):
    with shop_context(shop):
        return CustomerStats.objects.get(customer=customer)


def test_staff_move_an_order_on_and_cancelling_asks_first_and_corrects_the_statistics(
    staff_client, shop
):
    customer = CustomerFactory(shop=shop, first_name="Jan")
    earlier = OrderFactory(
        shop=shop,
        customer=customer,
        number="E-1",
        placed_at=timezone.now() - timedelta(days=9),
        **money("100"),
    )
    later = OrderFactory(shop=shop, customer=customer, number="L-1", **money("300"))
    set_stats(
        shop,
        customer,
        orders_count=2,
        orders_value_gross=Decimal("400.00"),
        orders_value_net=Decimal("380.00"),
        last_order_at=later.placed_at,
    )
    page = reverse("staff:order_detail", args=[later.pk])

    assert ">Mark as paid</button>" in text(staff_client.get(page))
    response = staff_client.post(
        reverse("staff:order_status", args=[later.pk]), {"status": "paid"}, follow=True
    )
    assert "Order L-1 is now paid." in text(response)
    refused = staff_client.post(
        reverse("staff:order_status", args=[later.pk]), {"status": "completed"}, follow=True
    )
    assert "An order that is paid cannot become completed." in text(refused)

    question = text(staff_client.get(reverse("staff:order_cancel", args=[later.pk])))
    assert "Cancel order L-1?" in question and "300.00 PLN no longer counts" in question
    staff_client.post(reverse("staff:order_cancel", args=[later.pk]))

    stats = stats_of(shop, customer)
    assert (stats.orders_count, stats.orders_value_gross, stats.orders_value_net) == (
        1,
        Decimal("100.00"),
        Decimal("90.00"),
    )
    assert stats.last_order_at == earlier.placed_at  # the latest order still counted
    again = staff_client.post(
        reverse("staff:order_status", args=[later.pk]), {"status": "new"}, follow=True
    )
    assert "An order that is cancelled cannot become new." in text(again)
    assert audit(shop, "order.status_changed") == [
        {"target_id": str(later.pk), "data": {"changed": {"status": ["new", "paid"]}}},
        {"target_id": str(later.pk), "data": {"changed": {"status": ["paid", "cancelled"]}}},
    ]
    history = re.findall(
        r"<tr><td>[^<]+</td><td>([^<]+)</td><td>([^<]+)</td></tr>",
        text(staff_client.get(page)).split('data-testid="order-status-history"')[1],
    )
    owner = str(shop.demo.owner)
    assert history == [("new → paid", owner), ("paid → cancelled", owner)]


def test_a_status_that_is_not_one_is_refused_in_words(staff_client, shop):
    order = shop.demo.order
    response = staff_client.post(
        reverse("staff:order_status", args=[order.pk]), {"status": "stolen"}, follow=True
    )
    assert "Choose a status." in text(response)


def test_a_value_beyond_what_an_order_can_hold_is_refused_in_words(staff_client, shop):
    response = staff_client.get(LIST, {"gross_min": "1e99999999", "gross_max": "123456789012345"})
    assert response.status_code == 200
    assert "Ensure that there are no more than 14 digits in total." in text(response)


def test_cancelling_is_only_done_after_the_question(staff_client, shop):
    order = shop.demo.order
    response = staff_client.post(
        reverse("staff:order_status", args=[order.pk]), {"status": "cancelled"}
    )
    assert response.url == reverse("staff:order_cancel", args=[order.pk])
    with shop_context(shop):
        assert type(order).objects.get(pk=order.pk).status == "new"


def test_a_search_that_does_not_hold_finds_nothing_and_says_why(staff_client, shop):
    for params in [{"q": "KRK\x00"}, {"placed_after": "2026-02-30"}]:
        response = staff_client.get(LIST, params)
        assert response.status_code == 200
        assert listed(staff_client, **params) == []  # not every order, as if it were the answer
    page = text(staff_client.get(LIST, {"q": "KRK\x00"}))
    assert "Null characters are not allowed." in page
