"""Shop A's staff must never see shop B's data, on any staff page.

Every URL pattern under /staff/ has a case here, aimed at shop B's objects wherever it takes
an id; a new page without a case fails `test_every_staff_url_is_exercised`.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import SENTINEL

ORDER_FORMSET_MANAGEMENT = {"lines-TOTAL_FORMS": 1, "lines-INITIAL_FORMS": 0}


def _staff_cases(other_shop):
    """url name -> (method, path, data), pointed at the other shop wherever possible."""
    other = other_shop.demo
    return {
        "staff:home": ("get", reverse("staff:home"), {}),
        "staff:login": ("get", reverse("staff:login"), {}),
        "staff:logout": ("post", reverse("staff:logout"), {}),
        "staff:switch_shop": ("post", reverse("staff:switch_shop"), {"shop": other_shop.pk}),
        "staff:jobs": ("get", reverse("staff:jobs"), {}),
        "staff:job_download": ("get", reverse("staff:job_download", args=[other.job.pk]), {}),
        "staff:email_campaign": (
            "get",
            reverse("staff:email_campaign", args=[other.campaign.pk]),
            {},
        ),
        "staff:customer_list": (
            "get",
            reverse("staff:customer_list"),
            {
                "q": "Customer",  # would find shop B's "Customer <sentinel>" if it leaked
                "group": other.group.pk,
                "account_manager": other.owner.pk,
                "saved_filter": other.saved_filter.pk,
            },
        ),
        "staff:customer_list_columns": (
            "post",
            reverse("staff:customer_list_columns"),
            {"columns": ["name", "groups"]},
        ),
        "staff:customer_list_filters": (
            "post",
            reverse("staff:customer_list_filters"),
            {"filters": ["group", "saved_filter"]},
        ),
        "staff:saved_filter_create": (
            "post",
            reverse("staff:saved_filter_create"),
            {
                "name": "mine",
                "query": f"group={other.group.pk}&saved_filter={other.saved_filter.pk}",
            },
        ),
        "staff:saved_filter_rename": (
            "post",
            reverse("staff:saved_filter_rename", args=[other.saved_filter.pk]),
            {"name": "taken over"},
        ),
        "staff:saved_filter_delete": (
            "post",
            reverse("staff:saved_filter_delete", args=[other.saved_filter.pk]),
            {},
        ),
        "staff:customer_card": (
            "get",
            reverse("staff:customer_card", args=[other.customer.pk]),
            {},
        ),
        "staff:customer_password_reset": (
            "post",
            reverse("staff:customer_password_reset", args=[other.customer.pk]),
            {},
        ),
        "staff:customer_delete": (
            "post",
            reverse("staff:customer_delete", args=[other.customer.pk]),
            {},
        ),
        "staff:customer_bulk": (
            "post",
            reverse("staff:customer_bulk"),
            {
                "action": "add_to_group",
                "scope": "selected",
                "ids": [other.customer.pk, other.guest.pk],
                "group": other.group.pk,
                "query": f"saved_filter={other.saved_filter.pk}",
            },
        ),
        "staff:order_create": (
            "post",
            reverse("staff:order_create", args=[other.customer.pk]),
            {**ORDER_FORMSET_MANAGEMENT, "lines-0-sku": other.product.sku, "lines-0-quantity": 1},
        ),
    }


def _url_names(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield route, f"{namespace}{pattern.name}"


def staff_url_names() -> set[str]:
    return {
        name
        for route, name in _url_names(get_resolver().url_patterns)
        if route.startswith("staff/")
    }


def test_every_staff_url_is_exercised(other_shop):
    assert staff_url_names() == set(_staff_cases(other_shop))


@pytest.mark.parametrize("url_name", sorted(staff_url_names()))
def test_no_staff_page_shows_shop_a_anything_of_shop_b(client, shop, other_shop, url_name):
    method, path, data = _staff_cases(other_shop)[url_name]
    client.force_login(shop.demo.owner)
    response = getattr(client, method)(path, data, follow=True)
    assert response.status_code in {200, 404}
    assert SENTINEL not in response.content.decode()
