"""Every statement that reads or writes the standing row names its shop literally.

Row-level security would hide another shop's rows anyway, so a leak test cannot notice a
missing literal filter; but the literal `shop_id` is the first wall and what lets the indexes
work (DESIGN.md): without it the list's points sort took 399 ms instead of 55 on a million
customers. These tests read the SQL the actions and the list send.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CustomerFactory

BULK = reverse("staff:customer_bulk")
LIST = reverse("staff:customer_list")


@pytest.fixture
def ala(shop):
    return CustomerFactory(shop=shop, first_name="Ala", points_balance=40)


def statements(client, method: str, url: str, data: dict) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302)
    return [query["sql"] for query in captured.captured_queries]


def touching_standing(sql: list[str]) -> list[str]:
    return [statement for statement in sql if "customers_customerstanding" in statement]


def names_the_standing_shop(statement: str, shop) -> bool:
    if '"customers_customerstanding"' in statement:  # written by the ORM
        return f'"customers_customerstanding"."shop_id" = {shop.pk}' in statement
    # Raw SQL (loyalty.services): each UPDATE of or FROM the table has the shop in its own
    # WHERE (no parenthesis between them, so not in a subquery's).
    uses = re.findall(r"(?:UPDATE|FROM) customers_customerstanding\b", statement)
    own_where = rf"[^()]*?\bWHERE [^()]*?\bshop_id = {shop.pk}\b"
    named = re.findall(r"(?:UPDATE|FROM) customers_customerstanding\b" + own_where, statement)
    return len(uses) == len(named) > 0


@pytest.mark.parametrize(
    "data",
    [
        {"action": "block"},
        {"action": "points", "mode": "add", "points": 10, "reason": "Test"},
        {"action": "points", "mode": "subtract", "points": 10, "reason": "Test"},
        {"action": "points", "mode": "set", "points": 10, "reason": "Test"},
    ],
    ids=["block", "points-add", "points-subtract", "points-set"],
)
def test_block_and_points_name_the_shop_of_the_standing_rows(staff_client, shop, ala, data):
    sent = statements(staff_client, "post", BULK, {"scope": "selected", "ids": [ala.pk], **data})
    writes = [s for s in touching_standing(sent) if s.lstrip().startswith(("UPDATE", "WITH"))]
    assert writes, "the action wrote no standing row"
    assert all(names_the_standing_shop(statement, shop) for statement in writes), writes


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "points_balance"},
        {"sort": "-points_balance"},
        {"status": "blocked"},
        {"points_min": "10"},
    ],
)
def test_the_lists_sorts_and_filters_on_the_standing_row_name_its_shop(
    staff_client, shop, ala, params
):
    sent = touching_standing(statements(staff_client, "get", LIST, params))
    # The page's ids (and a count) join the standing row to find and order the customers; the
    # rows of the page then read it by their ids, which are the shop's already.
    by_ids = '"customers_customer"."id" IN ('
    joined = [s for s in sent if "JOIN" in s and by_ids not in s]
    assert joined, sent
    assert all(names_the_standing_shop(statement, shop) for statement in joined), joined
