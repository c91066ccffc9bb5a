"""Customers log in on their own shop's storefront only; a blocked account is refused."""

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from customers.models import CustomerStanding
from shopadmin.models import Shop
from shopadmin.tenancy import shop_context
from tests.factories import PASSWORD

LOGIN = "/s/{slug}/account/login/"


def log_in(client, slug, email, password=PASSWORD):
    return client.post(LOGIN.format(slug=slug), {"email": email, "password": password}, follow=True)


def test_a_customer_logs_in_and_sees_their_groups_and_figures(client, shop, other_shop):
    page = log_in(client, "sklep-testowy", "c@sklep-testowy.example").content.decode()
    assert "Hello, Customer Alpha Kowalska" in page
    assert "Tag Alpha" in page  # the group tag
    logout = client.post("/s/sklep-testowy/account/logout/", follow=True)
    assert "You have logged out." in logout.content.decode()
    assert client.get("/s/sklep-testowy/account/").status_code == 302


def test_a_customer_of_another_shop_cannot_log_in_here(client, shop, other_shop):
    page = log_in(client, "sklep-testowy", "c@other-shop.example").content.decode()
    assert "That email and password do not match an account in this shop." in page
    # ... and a session from the other shop is nobody here.
    log_in(client, "other-shop", "c@other-shop.example")
    assert client.get("/s/sklep-testowy/account/").status_code == 302
    header = client.get("/s/sklep-testowy/").content.decode()
    assert ">Log in</a>" in header and ">Your account</a>" not in header


def test_staff_cannot_log_in_on_a_storefront(client, shop):
    page = log_in(client, "sklep-testowy", shop.demo.owner.email).content.decode()
    assert "That email and password do not match an account in this shop." in page


def test_a_blocked_customer_cannot_log_in(client, shop):
    with shop_context(shop):
        CustomerStanding.objects.filter(customer=shop.demo.customer).update(status="blocked")
    page = log_in(client, "sklep-testowy", "c@sklep-testowy.example").content.decode()
    assert "This account is blocked. Please contact the shop." in page


def test_a_customer_blocked_while_logged_in_is_logged_out(client, shop):
    log_in(client, "sklep-testowy", "c@sklep-testowy.example")
    with shop_context(shop):
        CustomerStanding.objects.filter(customer=shop.demo.customer).update(status="blocked")
    page = client.get("/s/sklep-testowy/account/", follow=True).content.decode()
    assert "This account is blocked. Please contact the shop." in page
    assert client.get("/s/sklep-testowy/account/").status_code == 302  # to the login page


def test_a_reset_link_for_a_staff_account_does_not_work_on_a_storefront(client, shop):
    owner = shop.demo.owner  # a staff account: no shop, visible to every shop's queries
    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    token = default_token_generator.make_token(owner)
    page = client.get(f"/s/sklep-testowy/account/reset/{uid}/{token}/", follow=True)
    assert "This link is invalid or has expired" in page.content.decode()


def test_another_shops_slug_on_a_shops_own_domain_is_not_found(client, shop, other_shop, settings):
    settings.ALLOWED_HOSTS = ["*"]
    Shop.objects.filter(pk=shop.pk).update(domain="sklep.example")
    assert client.get("/s/other-shop/account/login/", HTTP_HOST="sklep.example").status_code == 404
    assert client.get("/s/other-shop/", HTTP_HOST="sklep.example").status_code == 404
    assert client.get("/account/login/", HTTP_HOST="sklep.example").status_code == 200
