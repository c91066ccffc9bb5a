"""Saved filters (private or shared, apply, rename, delete) and each staff member's columns
and filter panel."""

import re

from django.urls import reverse

from customers.models import ListPreference, SavedFilter
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory

LIST = reverse("staff:customer_list")


def saved_names(client) -> list[str]:
    html = client.get(LIST).content.decode()
    return re.findall(r'<li data-saved-filter="\d+">\s*<a href="[^"]*">([^<]+)</a>', html)


def save(client, name, query, shared=False):
    data = {"name": name, "query": query}
    if shared:
        data["shared"] = "on"
    return client.post(reverse("staff:saved_filter_create"), data)


def own_filter(shop, name) -> SavedFilter:
    with shop_context(shop):
        return SavedFilter.objects.get(shop=shop, name=name)


def test_save_the_current_search_filters_and_sort_then_apply_it(staff_client, shop):
    CustomerFactory(shop=shop, first_name="Wiesław", newsletter=True)
    response = save(
        staff_client, "  Newsletter   Wiesławy ", "q=wies&newsletter=true&sort=name&page=3"
    )
    saved = own_filter(shop, "Newsletter Wiesławy")
    assert saved.query == {"q": ["wies"], "newsletter": ["true"], "sort": ["name"]}
    assert response["Location"] == f"{LIST}?q=wies&newsletter=true&sort=name"
    page = staff_client.get(response["Location"]).content.decode()
    assert "Saved the filter “Newsletter Wiesławy”." in page
    assert "1 customer" in page and "Wiesław" in page


def test_a_private_filter_is_only_its_authors_a_shared_one_is_everyones(
    staff_client, support_client, shop
):
    save(staff_client, "Mine", "status=blocked")
    save(staff_client, "Ours", "newsletter=true", shared=True)
    assert saved_names(staff_client) == ["Filter Alpha", "Mine", "Ours"]
    assert saved_names(support_client) == ["Filter Alpha", "Ours"]
    mine = own_filter(shop, "Mine")
    assert support_client.get(LIST, {"saved_filter": mine.pk}).status_code == 200
    assert (
        "Select a valid choice."
        in support_client.get(LIST, {"saved_filter": mine.pk}).content.decode()
    )
    assert (
        support_client.post(reverse("staff:saved_filter_delete", args=[mine.pk])).status_code == 404
    )


def test_only_the_author_or_the_shop_owner_may_rename_or_delete_a_shared_filter(
    staff_client, support_client, shop
):
    save(support_client, "Support's list", "status=active", shared=True)
    theirs = own_filter(shop, "Support's list")
    owners_one = own_filter(shop, "Filter Alpha")
    rename = reverse("staff:saved_filter_rename", args=[owners_one.pk])
    assert support_client.post(rename, {"name": "Hijacked"}).status_code == 403
    # The shop's owner manages the shop, so may tidy up a support_client's shared filter.
    staff_client.post(reverse("staff:saved_filter_rename", args=[theirs.pk]), {"name": "Active"})
    assert own_filter(shop, "Active").pk == theirs.pk


def test_rename_refuses_a_name_already_taken(staff_client, shop):
    save(staff_client, "First", "status=active")
    second = save(staff_client, "Second", "status=blocked") and own_filter(shop, "Second")
    response = staff_client.post(
        reverse("staff:saved_filter_rename", args=[second.pk]), {"name": "First"}
    )
    assert response.status_code == 200
    assert "A saved filter with this name already exists." in response.content.decode()


def test_delete_asks_first_then_deletes(staff_client, shop):
    save(staff_client, "Old", "status=active")
    old = own_filter(shop, "Old")
    url = reverse("staff:saved_filter_delete", args=[old.pk])
    assert "Delete the saved filter “Old”?" in staff_client.get(url).content.decode()
    assert own_filter(shop, "Old")  # still there after the question
    staff_client.post(url)
    assert "Old" not in saved_names(staff_client)


def test_a_saved_filter_works_as_a_criterion_beside_others(staff_client, shop):
    CustomerFactory(shop=shop, first_name="Jan", last_name="Blocked", status="blocked")
    CustomerFactory(shop=shop, first_name="Jan", last_name="Active", newsletter=True)
    CustomerFactory(shop=shop, first_name="Ola", last_name="Active", newsletter=True)
    save(staff_client, "Newsletter", "newsletter=true")
    saved = own_filter(shop, "Newsletter")
    html = staff_client.get(LIST, {"saved_filter": saved.pk, "q": "jan"}).content.decode()
    assert "1 customer" in html and "Jan Active" in html


def test_a_filter_without_a_name_is_refused_with_a_message(staff_client):
    response = save(staff_client, "   ", "status=active")
    assert "Give the filter a name." in staff_client.get(response["Location"]).content.decode()


# --- Columns and the filter panel ------------------------------------------------------------


def headers(client, **params) -> list[str]:
    return re.findall(
        r'<th scope="col" data-column="(\w+)"', client.get(LIST, params).content.decode()
    )


def test_the_default_columns(staff_client):
    assert headers(staff_client) == [
        "name",
        "email",
        "orders_count",
        "orders_value_gross",
        "orders_value_net",
        "registered_at",
        "last_visit_at",
        "newsletter",
        "status",
        "last_order_at",
        "options",
    ]


def test_chosen_columns_keep_their_order_per_user_and_shop(staff_client, support_client, shop):
    url = reverse("staff:customer_list_columns")
    staff_client.post(url, {"columns": ["points_balance", "name", "city", "groups"]})
    assert headers(staff_client) == ["points_balance", "name", "city", "groups"]
    assert headers(support_client)[0] == "name"  # a support_client keeps the default
    staff_client.post(url, {"reset": "1"})
    assert headers(staff_client)[:2] == ["name", "email"]


def test_an_unknown_column_is_refused_with_a_message(staff_client, shop):
    response = staff_client.post(
        reverse("staff:customer_list_columns"), {"columns": ["name", "password"]}, follow=True
    )
    assert "Unknown column: password" in response.content.decode()
    with shop_context(shop):
        assert not ListPreference.objects.filter(shop=shop).exists()


def test_the_filter_panel_shows_the_chosen_filters(staff_client):
    staff_client.post(
        reverse("staff:customer_list_filters"), {"filters": ["points_min", "account_type"]}
    )
    html = staff_client.get(LIST).content.decode()
    assert re.findall(r'data-filter="(\w+)"', html) == ["points_min", "account_type"]


def test_a_saved_filter_whose_group_is_gone_matches_nobody_rather_than_everybody(
    staff_client, shop
):
    group = shop.demo.group
    saved = shop.demo.saved_filter  # "Customer Alpha" in that group
    with shop_context(shop):
        group.delete()
    page = staff_client.get(LIST, {"saved_filter": saved.pk})
    assert page.context["page"].total.count == 0
    bulk = staff_client.get(
        reverse("staff:customer_bulk"),
        {"action": "block", "scope": "all", "query": f"saved_filter={saved.pk}"},
    )
    assert "No customer of this shop is selected." in bulk.content.decode()
