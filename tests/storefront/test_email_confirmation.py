"""A shop that confirms addresses: the new customer cannot log in until they open the link
emailed to them and press its button (opening it alone changes nothing: mail scanners open
links); logging in before that sends a new one; a link that expired or was used says so, and
one shop's link is nothing in another."""

import re
import time

import pytest
from django.core import mail

from customers.models import CustomerStanding
from shopadmin.models import Shop
from shopadmin.tenancy import shop_context
from tests.helpers import audit, plain_text
from tests.storefront.test_registration import customer_with, register

LOGIN = "/s/sklep-testowy/account/login/"
PASSWORD = "Wisniowa-77-sad"


def words(response) -> str:
    return plain_text(response.content.decode())


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).replace("http://testserver", "")


@pytest.fixture
def confirming(shop):
    Shop.objects.filter(pk=shop.pk).update(registration_confirms_email=True)
    shop.refresh_from_db()
    return shop


def test_the_customer_logs_in_only_after_opening_the_link(
    client, confirming, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = register(client, confirming, email="zofia@poczta.example")
    assert "Almost done: open the link we sent to zofia@poczta.example" in words(page)
    assert "_auth_user_id" not in client.session
    [message] = mail.outbox
    assert message.subject == f"Confirm your email address at {confirming.name}"
    assert customer_with(confirming, "zofia@poczta.example").email_confirmation_needed

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(
            LOGIN, {"email": "zofia@poczta.example", "password": PASSWORD}, follow=True
        )
    assert "Confirm your email address first: open the link we sent to zofia@poczta.example." in (
        words(refused)
    )
    assert len(mail.outbox) == 2  # a new link, as the page says
    # A wrong password sends nothing and says nothing of the confirmation.
    wrong = client.post(LOGIN, {"email": "zofia@poczta.example", "password": "nope"})
    assert "Confirm your email" not in words(wrong) and len(mail.outbox) == 2

    link = link_in(mail.outbox[1])
    opened = client.get(link)
    assert "One click and your account is ready" in words(opened)
    assert customer_with(confirming, "zofia@poczta.example").email_confirmation_needed
    done = client.post(link, follow=True)
    assert "Your address is confirmed. Log in with your password." in words(done)
    assert "_auth_user_id" not in client.session  # the link is no password
    assert not customer_with(confirming, "zofia@poczta.example").email_confirmation_needed
    assert len(audit(confirming, "customer.email_confirmed")) == 1
    logged_in = client.post(
        LOGIN, {"email": "zofia@poczta.example", "password": PASSWORD}, follow=True
    )
    assert "Hello, Zofia Wiśniewska" in words(logged_in)

    client.logout()
    used = client.post(link_in(mail.outbox[0]), follow=True)
    assert "This link has been used already: your address is confirmed." in words(used)


def test_an_expired_or_foreign_link_says_so(
    client, confirming, other_shop, monkeypatch, django_capture_on_commit_callbacks
):
    four_days_ago = time.time() - 4 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: four_days_ago)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, confirming, email="zofia@poczta.example")
    monkeypatch.undo()
    link = link_in(mail.outbox[0])
    expired = words(client.post(link, follow=True))
    assert "This link has expired." in expired
    assert "Log in with your email and password: if your address still needs confirming" in (
        expired
    )
    token = link.rstrip("/").rsplit("/", 1)[1]
    foreign = client.post(f"/s/other-shop/account/confirm/{token}/", follow=True)
    assert "This link is not valid in this shop." in words(foreign)
    garbage = client.post("/s/sklep-testowy/account/confirm/%3Cscript%3E/", follow=True)
    assert "This link is not valid in this shop." in words(garbage)
    assert customer_with(confirming, "zofia@poczta.example").email_confirmation_needed


def test_without_the_setting_the_customer_is_logged_in_at_once(
    client, shop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = register(client, shop, email="zofia@poczta.example")
    assert "Welcome! Your account is ready." in words(page)
    assert mail.outbox[0].subject == f"Welcome to {shop.name}"
    assert not customer_with(shop, "zofia@poczta.example").email_confirmation_needed


def test_a_blocked_customer_confirms_but_still_cannot_log_in(
    client, confirming, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, confirming, email="zofia@poczta.example")
    customer = customer_with(confirming, "zofia@poczta.example")
    with shop_context(confirming):
        CustomerStanding.objects.filter(customer=customer).update(status="blocked")
    client.post(link_in(mail.outbox[0]), follow=True)
    assert "_auth_user_id" not in client.session
    refused = client.post(
        LOGIN, {"email": "zofia@poczta.example", "password": PASSWORD}, follow=True
    )
    assert "This account is blocked. Please contact the shop." in words(refused)
