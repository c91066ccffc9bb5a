"""The customer list's row options and the card's actions: send a password-reset link and
delete. Add order is in tests/orders/test_order_entry.py."""

import html
import re
from urllib.parse import parse_qs

from django.core import mail
from django.test import Client
from django.urls import reverse

from customers.models import Customer, CustomerStats
from discounts.models import Coupon, CouponAssignment, Discount
from groups.models import GroupMembership
from loyalty.models import PointsEntry
from orders.models import Order
from shopadmin.models import User
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory
from tests.helpers import audit_event, count_in, text

LIST = reverse("staff:customer_list")


def reset_url(customer):
    return reverse("staff:customer_password_reset", args=[customer.pk])


def delete_url(customer):
    return reverse("staff:customer_delete", args=[customer.pk])


# --- the options menu -------------------------------------------------------------------------


def row_options(client, customer) -> list[str]:
    html = client.get(LIST, {"q": customer.email}).content.decode()
    row = html[html.index(f'data-customer="{customer.pk}"') :]
    menu = row[row.index('<details class="row-menu">') : row.index("</details>")]
    return re.findall(r"<a [^>]*>([^<]+)</a>", menu)


def test_the_options_menu_offers_every_action_the_role_may_use(staff_client, support_client, shop):
    customer = shop.demo.customer
    assert row_options(staff_client, customer) == [
        "Open card",
        "Add order",
        "Orders of this customer",
        "Send password-reset link",
        "Delete",
    ]
    assert row_options(support_client, customer) == [
        "Open card",
        "Orders of this customer",
        "Send password-reset link",
    ]


def test_a_guest_has_no_password_to_reset(staff_client, shop):
    assert "Send password-reset link" not in row_options(staff_client, shop.demo.guest)


def test_the_options_return_to_the_list_as_it_was(staff_client, shop):
    page = staff_client.get(LIST, {"q": "Customer Alpha", "sort": "name"}).content.decode()
    href = html.unescape(re.search(r'href="(/staff/customers/\d+/delete/[^"]*)"', page)[1])
    path, query = href.split("?")
    assert path == delete_url(shop.demo.customer)
    assert parse_qs(query) == {"next": ["/staff/customers/?q=Customer+Alpha&sort=name"]}


# --- password-reset link ------------------------------------------------------------------------


def test_sending_a_reset_link_asks_first_then_mails_a_working_link(
    staff_client, shop, client, django_capture_on_commit_callbacks
):
    customer = shop.demo.customer
    page = staff_client.get(reset_url(customer)).content.decode()
    assert "Send Customer Alpha Kowalska a password-reset link?" in page
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reset_url(customer), {"next": f"{LIST}?q=Alpha"}, follow=True)

    assert response.redirect_chain[-1][0] == f"{LIST}?q=Alpha"
    assert "A password-reset link is on its way to c@sklep-testowy.example." in (
        response.content.decode()
    )
    [message] = mail.outbox
    assert message.to == ["c@sklep-testowy.example"]
    assert message.subject == "Choose a new password for Sklep Testowy Łódź"
    # SITE_URL + the shop's storefront path (the test shop has no domain of its own)
    link = re.search(r"http://127.0.0.1:8000(/s/sklep-testowy/account/reset/\S+/)", message.body)[1]

    # The customer follows the link on the storefront and chooses a new password.
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url,
        {"new_password1": "Nowe-haslo-2026!", "new_password2": "Nowe-haslo-2026!"},
        follow=True,
    )
    assert "Your new password is set. Log in with it." in done.content.decode()
    login = client.post(
        "/s/sklep-testowy/account/login/",
        {"email": "c@sklep-testowy.example", "password": "Nowe-haslo-2026!"},
        follow=True,
    )
    assert "Hello, Customer Alpha Kowalska" in login.content.decode()
    # The link worked once; it is spent now.
    again = client.get(link, follow=True).content.decode()
    assert "This link is invalid or has expired" in again
    event = audit_event(shop, "customer.password_reset_link_sent")
    assert event.target_id == str(customer.pk)


def test_a_reset_link_for_another_shops_customer_does_not_work_here(
    staff_client, shop, other_shop, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reset_url(shop.demo.customer))
    path = re.search(r"http://127.0.0.1:8000(\S+)", mail.outbox[0].body)[1]
    on_the_other_storefront = path.replace("/s/sklep-testowy/", "/s/other-shop/")
    page = client.get(on_the_other_storefront, follow=True).content.decode()
    assert "This link is invalid or has expired" in page


def test_a_guest_is_told_there_is_no_account(
    staff_client, shop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reset_url(shop.demo.guest), follow=True)
    assert "is a guest and has no account to reset." in response.content.decode()
    assert mail.outbox == []


def test_sending_a_reset_link_is_a_post_with_a_csrf_token(shop):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shop.demo.owner)
    assert client.post(reset_url(shop.demo.customer)).status_code == 403
    assert mail.outbox == []


# --- delete -------------------------------------------------------------------------------------


def test_a_customer_is_deleted_with_login_memberships_and_coupons(staff_client, shop):
    customer = CustomerFactory(shop=shop, first_name="Zofia", email="zofia@example.com")
    with shop_context(shop):
        GroupMembership.objects.create(shop=shop, customer=customer, group=shop.demo.group)
        discount = Discount.objects.create(shop=shop, name="Welcome", kind="percent", value=10)
        coupon = Coupon.objects.create(shop=shop, discount=discount, code="HELLO")
        CouponAssignment.objects.create(shop=shop, coupon=coupon, customer=customer)
    user_id = customer.user_id

    page = text(staff_client.get(delete_url(customer)))
    assert "Delete Zofia Kowalska?" in page and "This cannot be undone." in page
    assert "stay in the shop's records" not in page  # Zofia has no orders
    response = staff_client.post(delete_url(customer), {"next": f"{LIST}?q=zofia"}, follow=True)

    assert response.redirect_chain[-1][0] == f"{LIST}?q=zofia"
    assert "Deleted Zofia Kowalska." in response.content.decode()
    assert count_in(shop, Customer, pk=customer.pk) == 0
    assert count_in(shop, CustomerStats, customer_id=customer.pk) == 0
    assert count_in(shop, GroupMembership, customer_id=customer.pk) == 0
    assert count_in(shop, CouponAssignment, customer_id=customer.pk) == 0
    with shop_context(shop):
        assert not User.objects.filter(pk=user_id).exists()
    event = audit_event(shop, "customers.deleted")
    assert (event.actor, event.count, event.data) == (shop.demo.owner, 1, {})


def test_a_deleted_customers_orders_and_points_history_stay(staff_client, shop, other_shop):
    customer = shop.demo.customer  # has an order
    with shop_context(shop):
        entry = PointsEntry.objects.create(shop=shop, customer=customer, delta=50, reason="hi")
    page = text(staff_client.get(delete_url(customer)))
    assert "Their 1 order stays in the shop's records, without a customer" in page

    response = staff_client.post(delete_url(customer), follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert "Deleted Customer Alpha Kowalska. Their order stays in the shop's records." in text(
        response
    )
    with shop_context(shop):
        order = Order.objects.get(pk=shop.demo.order.pk)
        entry = PointsEntry.objects.get(pk=entry.pk)
        assert not Customer.objects.filter(pk=customer.pk).exists()
        assert not User.objects.filter(pk=customer.user_id).exists()
    assert (order.customer_id, order.gross) == (None, shop.demo.order.gross)
    assert (entry.customer_id, entry.delta) == (None, 50)
    assert "Customer Alpha" not in staff_client.get(LIST).content.decode()
    # The other shop's customer with the same role in its data is untouched.
    assert count_in(other_shop, Order, customer=other_shop.demo.customer) == 1


def test_deleting_needs_the_delete_permission(support_client, shop):
    customer = shop.demo.customer
    assert support_client.get(delete_url(customer)).status_code == 403
    assert support_client.post(delete_url(customer)).status_code == 403
    assert count_in(shop, Customer, pk=customer.pk) == 1


def test_deleting_is_a_post_with_a_csrf_token(shop):
    client = Client(enforce_csrf_checks=True)
    client.force_login(shop.demo.owner)
    assert client.post(delete_url(shop.demo.customer)).status_code == 403
    assert count_in(shop, Customer, pk=shop.demo.customer.pk) == 1


def test_another_shops_customer_cannot_be_deleted_or_sent_a_link(
    staff_client, shop, other_shop, django_capture_on_commit_callbacks
):
    theirs = other_shop.demo.customer
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(delete_url(theirs)).status_code == 404
        assert staff_client.post(reset_url(theirs)).status_code == 404
    assert count_in(other_shop, Customer, pk=theirs.pk) == 1
    assert mail.outbox == []
