import re

import pytest
from django.test import Client
from django.urls import reverse

from shopadmin.services import add_staff_member, create_shop
from tests.factories import PASSWORD, CustomerFactory


def figures(response) -> dict[str, str]:
    html = response.content.decode()
    pairs = re.findall(
        r'data-testid="figure-(\w+)">\s*<span class="figure-count">([^<]+)</span>', html
    )
    return {key: value.strip() for key, value in pairs}


def test_staff_log_in_with_email_and_password_and_land_on_their_shop(client, shop):
    response = client.post(
        reverse("staff:login"), {"email": "OWNER@sklep-testowy.example", "password": PASSWORD}
    )
    home = client.get(response["Location"])
    assert response.status_code == 302
    assert "<h1>Sklep Testowy Łódź</h1>" in home.content.decode()


def test_a_wrong_password_shows_a_message_on_the_form(client, shop):
    response = client.post(
        reverse("staff:login"), {"email": "owner@sklep-testowy.example", "password": "nope"}
    )
    assert response.status_code == 200
    assert "That email and password do not match a staff account." in response.content.decode()


def test_a_customer_cannot_log_in_as_staff(client, shop):
    response = client.post(
        reverse("staff:login"), {"email": "c@sklep-testowy.example", "password": PASSWORD}
    )
    assert "do not match a staff account" in response.content.decode()


def test_the_staff_pages_need_a_login(client, shop):
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


def test_log_out_is_a_post(staff_client):
    assert staff_client.get(reverse("staff:logout")).status_code == 405
    staff_client.post(reverse("staff:logout"))
    assert staff_client.get(reverse("staff:home")).status_code == 302


def test_the_home_page_shows_the_shops_own_counts(staff_client, shop):
    CustomerFactory(shop=shop)
    response = staff_client.get(reverse("staff:home"))
    assert figures(response) == {"customers": "3", "groups": "1", "orders": "1", "jobs": "1"}
    # Where the day starts: a new customer, the list, the orders.
    html = response.content.decode()
    assert (
        f'<a class="button primary" href="{reverse("staff:customer_create")}">New customer</a>'
        in html
    )
    assert f'href="{reverse("staff:order_list")}">Orders</a>' in html


def test_staff_of_two_shops_switch_and_see_each_shops_name_and_counts(client, shop, other_shop):
    both, _ = add_staff_member(
        shop=shop, email="anna@example.com", role="manager", password=PASSWORD
    )
    add_staff_member(shop=other_shop, email="anna@example.com", role="support")
    CustomerFactory(shop=other_shop)
    client.force_login(both)

    client.post(reverse("staff:switch_shop"), {"shop": shop.pk})
    first = client.get(reverse("staff:home"))
    client.post(reverse("staff:switch_shop"), {"shop": other_shop.pk})
    second = client.get(reverse("staff:home"))

    assert "<h1>Sklep Testowy Łódź</h1>" in first.content.decode()
    assert figures(first) == {"customers": "2", "groups": "1", "orders": "1", "jobs": "1"}
    assert "<h1>Other ZQX-OTHER-SHOP-SENTINEL</h1>" in second.content.decode()
    assert figures(second) == {"customers": "3", "groups": "1", "orders": "1", "jobs": "1"}


def test_switching_to_a_shop_without_membership_is_refused(staff_client, shop, other_shop):
    response = staff_client.post(reverse("staff:switch_shop"), {"shop": other_shop.pk}, follow=True)
    html = response.content.decode()
    assert "You are not a member of that shop." in html
    assert "<h1>Sklep Testowy Łódź</h1>" in html


def test_a_membership_removed_mid_session_takes_effect_on_the_next_request(
    client, shop, other_shop
):
    from shopadmin.models import StaffMembership
    from shopadmin.tenancy import shop_context

    both, _ = add_staff_member(
        shop=shop, email="anna@example.com", role="manager", password=PASSWORD
    )
    add_staff_member(shop=other_shop, email="anna@example.com", role="support")
    client.force_login(both)
    client.post(reverse("staff:switch_shop"), {"shop": other_shop.pk})
    with shop_context(other_shop):
        StaffMembership.objects.filter(user=both).delete()
    html = client.get(reverse("staff:home")).content.decode()
    assert "<h1>Sklep Testowy Łódź</h1>" in html


def test_staff_without_any_shop_are_told_so(client, db):
    from shopadmin.models import User

    lonely = User.objects.create_user("lonely@example.com", PASSWORD)
    client.force_login(lonely)
    response = client.get(reverse("staff:home"))
    assert response.status_code == 403
    assert "Your account is not a member of any shop." in response.content.decode()


def test_switching_shops_needs_a_csrf_token(shop, other_shop):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shop.demo.owner)
    assert client.post(reverse("staff:switch_shop"), {"shop": shop.pk}).status_code == 403


@pytest.mark.parametrize("which", ["other_shops_customer", "missing_customer"])
def test_another_shops_customer_id_looks_exactly_like_a_missing_one(
    staff_client, other_shop, which
):
    pk = other_shop.demo.customer.pk if which == "other_shops_customer" else 987654321
    response = staff_client.get(reverse("staff:customer_card", args=[pk]))
    missing = staff_client.get(reverse("staff:customer_card", args=[987654322]))
    assert response.status_code == 404
    assert response.content == missing.content.replace(b"987654322", str(pk).encode())


def test_the_customer_card_shows_the_customer_with_group_tags(staff_client, shop):
    response = staff_client.get(reverse("staff:customer_card", args=[shop.demo.customer.pk]))
    html = response.content.decode()
    assert "<h1>Customer Alpha Kowalska" in html
    assert f'class="tag tag-group-{shop.demo.group.pk}"' in html
    assert f".tag-group-{shop.demo.group.pk}{{background:#D4AF37;color:#000000}}" in html


def test_the_customer_card_lists_the_customers_latest_orders(staff_client, shop, other_shop):
    html = staff_client.get(
        reverse("staff:customer_card", args=[shop.demo.customer.pk])
    ).content.decode()
    assert '<section id="orders"' in html
    order = shop.demo.order
    assert f'<td><a href="/staff/orders/{order.pk}/">{order.number}</a></td>' in html
    assert other_shop.demo.order.number not in html


def test_the_storefront_finds_its_shop_by_path_and_by_domain(client, db, settings):
    settings.ALLOWED_HOSTS = ["testserver", "shop.negoce.example"]
    create_shop(name="Négoce Lyon", slug="negoce", domain="shop.negoce.example", language="fr")
    by_path = client.get("/s/negoce/")
    by_domain = client.get("/", HTTP_HOST="shop.negoce.example")
    unknown = client.get("/s/nowhere/")
    assert "Bienvenue chez Négoce Lyon" in by_path.content.decode()  # in the shop's language
    assert "Bienvenue chez Négoce Lyon" in by_domain.content.decode()
    assert unknown.status_code == 404


def test_the_home_page_runs_the_same_queries_for_a_small_and_a_larger_shop(staff_client, shop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        staff_client.get(reverse("staff:home"))
    for _ in range(15):
        CustomerFactory(shop=shop)
    with CaptureQueriesContext(connection) as larger:
        staff_client.get(reverse("staff:home"))
    # 25 = 21 for any staff page (session, user, staff membership and shop, the role check,
    # app.user_id / app.shop_id read, set and cleared in savepoints) + the capped counts of
    # customers, groups, orders and jobs.
    assert len(larger.captured_queries) == len(small.captured_queries) == 25


def test_the_sections_menu_links_only_to_what_the_role_may_open(staff_client, support_client):
    """Support staff may not manage discounts: the menu shows the section without a link."""
    discounts = reverse("staff:discount_list")
    assert f'href="{discounts}"' in staff_client.get(reverse("staff:home")).content.decode()
    menu = support_client.get(reverse("staff:home")).content.decode()
    assert f'href="{discounts}"' not in menu
    assert support_client.get(discounts).status_code == 403
