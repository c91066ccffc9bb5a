"""Shop A's staff must never see shop B's data, on any staff page.

Every URL pattern under /staff/ has a case here, aimed at shop B's objects wherever it takes
an id; a new page without a case fails `test_every_staff_url_is_exercised`. Each page must
answer shop B's ids exactly as it answers ids that exist nowhere: the same redirects, status
and text.
"""

import copy
import dataclasses
import re

import pytest
from django.apps import apps
from django.db import connections, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shopadmin.rls import is_tenant_model
from tests.conftest import SENTINEL
from tests.factories import discount_data_of, make_shop_with_data

ORDER_FORMSET_MANAGEMENT = {"lines-TOTAL_FORMS": 1, "lines-INITIAL_FORMS": 0}


def _staff_cases(other_shop):
    """url name -> (method, path, data), pointed at the other shop wherever possible."""
    other = other_shop.demo
    theirs = discount_data_of(other_shop)  # a discount, its coupon, a pricing template
    return {
        "staff:home": ("get", reverse("staff:home"), {}),
        "staff:login": ("get", reverse("staff:login"), {}),
        "staff:logout": ("post", reverse("staff:logout"), {}),
        "staff:switch_shop": ("post", reverse("staff:switch_shop"), {"shop": other_shop.pk}),
        "staff:staff_language": ("post", reverse("staff:staff_language"), {"language": "en"}),
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
        "staff:price_preview": (
            "get",
            reverse("staff:price_preview"),
            {
                "lines-TOTAL_FORMS": 1,
                "lines-INITIAL_FORMS": 0,
                "lines-0-sku": other.product.sku,
                "lines-0-quantity": 1,
                "customer": other.customer.email,
                "group": other.group.pk,
                "coupon_code": theirs.coupon.code.lower(),  # echoed back in the error
            },
        ),
        "staff:product_suggestions": (
            "get",
            reverse("staff:product_suggestions"),
            {"q": other.product.name, "all": "1"},  # shop B's product, named in full
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
        "staff:customer_create": (
            "post",
            reverse("staff:customer_create"),
            {
                "account_type": "login",
                "first_name": "Made in A",
                "email": "made-in-a@example.com",
                "account_manager": other.owner.pk,  # shop B's staff member
                "groups": [other.group.pk],  # shop B's group
            },
        ),
        "staff:customer_edit": (
            "post",
            reverse("staff:customer_edit", args=[other.customer.pk]),
            {"first_name": "Taken over", "email": "taken-over@example.com"},
        ),
        "staff:customer_card_pdf": (
            "get",
            reverse("staff:customer_card_pdf", args=[other.customer.pk]),
            {},
        ),
        "staff:loyalty_rules": ("get", reverse("staff:loyalty_rules"), {}),
        "staff:staff_list": ("get", reverse("staff:staff_list"), {}),
        "staff:audit_log": (
            "get",
            reverse("staff:audit_log"),
            {"actor": other.owner.pk, "customer": other.customer.email},
        ),
        "staff:audit_export": ("get", reverse("staff:audit_export"), {"actor": other.owner.pk}),
        "staff:staff_role": (
            "post",
            reverse("staff:staff_role", args=[other.owner.pk]),
            {"role": "support"},
        ),
        "staff:staff_remove": ("post", reverse("staff:staff_remove", args=[other.owner.pk]), {}),
        "staff:staff_invite_accept": (
            "get",
            reverse("staff:staff_invite_accept", args=["MQ", "set-password"]),
            {},
        ),
        "staff:shop_settings": (
            "post",
            reverse("staff:shop_settings"),
            {"name": "Taken over", "domain": "", "currency": "EUR", "language": "en"},
        ),
        "staff:order_list": (
            "get",
            reverse("staff:order_list"),
            {
                "q": other.order.number,  # shop B's order, by its number
                "account_manager": other.owner.pk,
            },
        ),
        "staff:order_detail": ("get", reverse("staff:order_detail", args=[other.order.pk]), {}),
        "staff:order_status": (
            "post",
            reverse("staff:order_status", args=[other.order.pk]),
            {"status": "paid"},
        ),
        "staff:order_cancel": ("post", reverse("staff:order_cancel", args=[other.order.pk]), {}),
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
        "staff:customer_assisted_login": (
            "post",
            reverse("staff:customer_assisted_login", args=[other.customer.pk]),
            {"reason": "Help with an order"},
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
        "staff:discount_list": (
            "get",
            reverse("staff:discount_list"),
            {"q": "Discount", "status": "active"},  # would find "Discount <sentinel>"
        ),
        "staff:discount_create": (
            "post",
            reverse("staff:discount_create"),
            {
                "name": "Mine",
                "kind": "percent",
                "value": "10",
                "scope": "categories",
                "categories": [theirs.category.pk],
                "product_skus": other.product.sku,
                "audience": "groups",
                "groups": [other.group.pk],
                "priority": 0,
                "coupons-TOTAL_FORMS": 1,
                "coupons-INITIAL_FORMS": 0,
                "coupons-0-id": theirs.coupon.pk,  # another shop's coupon, to take over
                "coupons-0-code": theirs.coupon.code.lower(),  # echoed back; their code
            },
        ),
        "staff:discount_edit": (
            "post",
            reverse("staff:discount_edit", args=[theirs.discount.pk]),
            {
                "name": "Taken over",
                "kind": "percent",
                "value": "99",
                "scope": "catalogue",
                "audience": "everyone",
                "priority": 0,
            },
        ),
        "staff:discount_toggle": (
            "post",
            reverse("staff:discount_toggle", args=[theirs.discount.pk]),
            {"active": "0"},
        ),
        "staff:discount_delete": (
            "post",
            reverse("staff:discount_delete", args=[theirs.discount.pk]),
            {},
        ),
        "staff:pricing_template_list": ("get", reverse("staff:pricing_template_list"), {}),
        "staff:pricing_template_create": (
            "post",
            reverse("staff:pricing_template_create"),
            {
                "name": theirs.template.name.replace(SENTINEL, "mine"),
                "base": "list_price",
                "adjustment_percent": "5",
                "min_margin_percent": "0",
            },
        ),
        "staff:pricing_template_edit": (
            "post",
            reverse("staff:pricing_template_edit", args=[theirs.template.pk]),
            {
                "name": "Taken over",
                "base": "cost",
                "adjustment_percent": "1",
                "min_margin_percent": "0",
            },
        ),
        "staff:pricing_template_delete": (
            "post",
            reverse("staff:pricing_template_delete", args=[theirs.template.pk]),
            {},
        ),
        # Groups: shop B's group, customers and pricing template.
        "staff:group_list": ("get", reverse("staff:group_list"), {"q": "Group", "sort": "name"}),
        "staff:group_create": (
            "post",
            reverse("staff:group_create"),
            {
                "name": "Made in A",
                "tag_colour": "#123456",
                "pricing_template": theirs.template.pk,
            },
        ),
        "staff:group_edit": (
            "post",
            reverse("staff:group_edit", args=[other.group.pk]),
            {"name": "Taken over", "tag_colour": "#123456", "pricing_template": theirs.template.pk},
        ),
        "staff:group_delete": ("post", reverse("staff:group_delete", args=[other.group.pk]), {}),
        "staff:group_members": (
            "get",
            reverse("staff:group_members", args=[other.group.pk]),
            {"q": "Customer"},
        ),
        "staff:group_members_add": (
            "post",
            reverse("staff:group_members_add", args=[other.group.pk]),
            {"ids": [other.customer.pk, other.guest.pk]},
        ),
        "staff:group_members_remove": (
            "post",
            reverse("staff:group_members_remove", args=[other.group.pk]),
            {"ids": [other.customer.pk]},
        ),
        "staff:group_requests_decide": (
            "post",
            reverse("staff:group_requests_decide", args=[other.group.pk]),
            {"ids": [other.customer.pk], "decision": "approve"},
        ),
        "staff:order_create": (
            "post",
            reverse("staff:order_create", args=[other.customer.pk]),
            {
                **ORDER_FORMSET_MANAGEMENT,
                "lines-0-sku": other.product.sku,
                "lines-0-quantity": 1,
                "coupon_code": theirs.coupon.code.lower(),  # echoed back in the error
            },
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


FIRST_MISSING_ID = 2**62  # beyond every table's ids, and still a bigint


def _shop_b_with_missing_ids(other_shop):
    """A stand-in for shop B to make its cases from: its rows with the same names and codes,
    but each with an id that exists in no table; and a function that turns those ids, in a
    text, back into shop B's own ids."""
    real_id_of = {}

    def stand_in_for(row):
        stand_in = copy.copy(row)
        stand_in.pk = FIRST_MISSING_ID + len(real_id_of)
        real_id_of[str(stand_in.pk)] = str(row.pk)
        return stand_in

    def with_stand_ins(data):
        return dataclasses.replace(
            data,
            **{f.name: stand_in_for(getattr(data, f.name)) for f in dataclasses.fields(data)},
        )

    theirs = discount_data_of(other_shop)  # made now, on shop B itself
    stand_in = stand_in_for(other_shop)
    stand_in.demo = with_stand_ins(other_shop.demo)
    stand_in.discount_demo = with_stand_ins(theirs)

    def as_shop_bs(text: str) -> str:
        for missing, real in real_id_of.items():
            text = text.replace(missing, real)
        return text

    return stand_in, as_shop_bs


# New on every page: the form's CSRF token and the nonce of the <style> block.
PER_PAGE_TOKEN = re.compile(r'((?:name="csrfmiddlewaretoken" value|nonce)=")[^"]*"')


def body_of(response) -> str:
    """The response's text, streamed (an export) or not; a streamed one is read once."""
    if not getattr(response, "streaming", False):
        return response.content.decode()
    if not hasattr(response, "read_body"):
        response.read_body = b"".join(response.streaming_content).decode()
    return response.read_body


def _outcome(response, as_shop_bs=str) -> dict:
    """All a response tells its reader: where it redirected, its status, type and text (less
    the per-page tokens). After a redirect the text is another request's, a page of shop A's
    own (the row a form just made, with a new id from its sequence), so it is left out."""
    text = PER_PAGE_TOKEN.sub(r'\1…"', as_shop_bs(body_of(response)))
    return {
        "redirects": [(as_shop_bs(url), status) for url, status in response.redirect_chain],
        "status": response.status_code,
        "type": response["Content-Type"],
        "text": None if response.redirect_chain else text,
    }


def _outcome_with_missing_ids(user, url_name, other_shop) -> dict:
    """The outcome of the case as `user` with ids that exist nowhere in place of shop B's,
    written with shop B's ids: what shop B's ids must get, to say nothing of shop B. Asked
    by a client of its own, in a transaction rolled back after, so it leaves no trace."""
    stand_in, as_shop_bs = _shop_b_with_missing_ids(other_shop)
    method, path, data = _staff_cases(stand_in)[url_name]
    client = Client()
    with transaction.atomic():
        client.force_login(user)
        response = getattr(client, method)(path, data, follow=True)
        transaction.set_rollback(True)
    return _outcome(response, as_shop_bs)


def test_every_staff_url_is_exercised(other_shop):
    assert staff_url_names() == set(_staff_cases(other_shop))
    # Each case made from the stand-in is the same request but for shop B's ids, and a URL
    # that takes an id in its path is aimed at a row of shop B's (not one found otherwise).
    cases = _staff_cases(other_shop)
    stand_in, as_shop_bs = _shop_b_with_missing_ids(other_shop)
    with_missing_ids = _staff_cases(stand_in)
    for route, name in _url_names(get_resolver().url_patterns):
        if route.startswith("staff/"):
            assert as_shop_bs(repr(with_missing_ids[name])) == repr(cases[name]), name
            if "<int:" in route:
                assert with_missing_ids[name][1] != cases[name][1], name


@pytest.mark.parametrize("url_name", sorted(staff_url_names()))
def test_no_staff_page_shows_shop_a_anything_of_shop_b(client, shop, other_shop, url_name):
    method, path, data = _staff_cases(other_shop)[url_name]
    as_if_missing = _outcome_with_missing_ids(shop.demo.owner, url_name, other_shop)
    client.force_login(shop.demo.owner)
    response = getattr(client, method)(path, data, follow=True)
    assert response.status_code in {200, 404}
    assert _outcome(response) == as_if_missing
    assert SENTINEL not in body_of(response)


@pytest.fixture
def without_row_level_security(committed_db):
    """Row-level security off on every tenant table (by the owner, committed) for one test:
    the web app's own shop filters are then all that keeps shop B's rows out. On again after."""
    tables = [model._meta.db_table for model in apps.get_models() if is_tenant_model(model)]

    def switch(state: str) -> None:
        with connections["owner"].cursor() as cursor:
            for table in tables:
                cursor.execute(f'ALTER TABLE "{table}" {state} ROW LEVEL SECURITY')

    switch("DISABLE")
    try:
        yield tables
    finally:
        switch("ENABLE")


def fingerprint_of(shop, tables) -> dict:
    """Every tenant row of `shop`, as text, table by table (read by the owner)."""
    rows = {}
    with connections["owner"].cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{table}" AS t WHERE shop_id = %s',
                [shop.pk],
            )
            rows[table] = cursor.fetchone()[0]
    return rows


@pytest.mark.parametrize("url_name", sorted(staff_url_names()))
def test_without_row_level_security_the_app_alone_keeps_shop_b_out(
    client, url_name, without_row_level_security
):
    """The first wall on its own: with the database's policies off, no staff page shows shop A
    anything of shop B, and no action changes a row of shop B."""
    shop = make_shop_with_data(name="Sklep Testowy Łódź", slug="sklep-testowy", marker="Alpha")
    other_shop = make_shop_with_data(name=f"Other {SENTINEL}", slug="other-shop", marker=SENTINEL)
    method, path, data = _staff_cases(other_shop)[url_name]
    before = fingerprint_of(other_shop, without_row_level_security)
    as_if_missing = _outcome_with_missing_ids(shop.demo.owner, url_name, other_shop)
    client.force_login(shop.demo.owner)
    response = getattr(client, method)(path, data, follow=True)
    assert response.status_code in {200, 404}
    assert _outcome(response) == as_if_missing
    assert SENTINEL not in body_of(response)
    assert fingerprint_of(other_shop, without_row_level_security) == before


def _probes_past_the_404s(shop, other_shop) -> dict:
    """Requests on shop A's own customer, product and forms that carry one piece of shop B (a
    customer's email, a group id, a coupon code, a name typed in lower case): the cases above
    404 on shop B's ids before such a piece is ever looked up. Each names what shop A must
    have afterwards (a table and a name), or None when nothing is to be made."""
    mine, other = shop.demo, other_shop.demo
    theirs = discount_data_of(other_shop)
    preview = reverse("staff:price_preview")
    line = {
        "lines-TOTAL_FORMS": 1,
        "lines-INITIAL_FORMS": 0,
        "lines-0-sku": mine.product.sku,
        "lines-0-quantity": 1,
    }
    their_code = theirs.coupon.code.lower()  # as typed: only a leak writes it in capitals
    return {
        "preview for their customer": (
            "get",
            preview,
            {**line, "customer": other.customer.email},
            None,
        ),
        "preview for their group": ("get", preview, {**line, "group": other.group.pk}, None),
        "preview with their coupon": ("get", preview, {**line, "coupon_code": their_code}, None),
        "order with their coupon": (
            "post",
            reverse("staff:order_create", args=[mine.customer.pk]),
            {
                **ORDER_FORMSET_MANAGEMENT,
                "lines-0-sku": mine.product.sku,
                "lines-0-quantity": 1,
                "coupon_code": their_code,
            },
            None,
        ),
        "discount with their coupon's code": (
            "post",
            reverse("staff:discount_create"),
            {
                "name": "Mine",
                "kind": "percent",
                "value": "10",
                "scope": "catalogue",
                "audience": "everyone",
                "priority": 0,
                "is_active": "on",
                "coupons-TOTAL_FORMS": 1,
                "coupons-INITIAL_FORMS": 0,
                "coupons-0-code": their_code,
                "coupons-0-is_active": "on",
            },
            ("discounts_coupon", "code", their_code),
        ),
        "group with their group's name": (
            "post",
            reverse("staff:group_create"),
            {"name": other.group.name.lower(), "tag_colour": "#123456"},
            ("groups_customergroup", "name", other.group.name.lower()),
        ),
        "pricing template with their template's name": (
            "post",
            reverse("staff:pricing_template_create"),
            {
                "name": theirs.template.name.lower(),
                "base": "list_price",
                "adjustment_percent": "5",
                "min_margin_percent": "0",
            },
            ("groups_pricingtemplate", "name", theirs.template.name.lower()),
        ),
    }


PROBES = [
    "preview for their customer",
    "preview for their group",
    "preview with their coupon",
    "order with their coupon",
    "discount with their coupon's code",
    "group with their group's name",
    "pricing template with their template's name",
]


@pytest.mark.parametrize("probe", PROBES)
def test_shop_bs_people_groups_codes_and_names_mean_nothing_in_shop_a(
    client, probe, without_row_level_security
):
    """With row-level security off: shop B's customer, group or coupon is not found from shop
    A's pages, and shop B's names and codes are free in shop A (the "taken" checks are the
    shop's own)."""
    shop = make_shop_with_data(name="Sklep Testowy Łódź", slug="sklep-testowy", marker="Alpha")
    other_shop = make_shop_with_data(name=f"Other {SENTINEL}", slug="other-shop", marker=SENTINEL)
    probes = _probes_past_the_404s(shop, other_shop)
    assert sorted(probes) == sorted(PROBES)
    method, path, data, made = probes[probe]
    before = fingerprint_of(other_shop, without_row_level_security)
    client.force_login(shop.demo.owner)
    response = getattr(client, method)(path, data, follow=True)
    assert response.status_code == 200
    assert SENTINEL not in body_of(response)
    assert fingerprint_of(other_shop, without_row_level_security) == before
    if made is not None:
        table, column, value = made
        with connections["owner"].cursor() as cursor:
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE shop_id = %s AND "{column}" = %s',
                [shop.pk, value],
            )
            assert cursor.fetchone()[0] == 1, f"shop A has no {table} row named {value}"
