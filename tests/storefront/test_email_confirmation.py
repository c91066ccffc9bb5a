"""A shop that confirms addresses: the new customer cannot log in until they open the link
emailed to them; logging in before that sends a new one; a link that expired or was used
says so, and one shop's link is nothing in another."""

import re
import time

import pytest
from django.core import mail

from shopadmin.models import Shop
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

    done = client.get(link_in(mail.outbox[1]), follow=True)
    assert "Your address is confirmed. Welcome! Your account is ready." in words(done)
    assert "Hello, Zofia Wiśniewska" in words(done)
    assert not customer_with(confirming, "zofia@poczta.example").email_confirmation_needed
    assert len(audit(confirming, "customer.email_confirmed")) == 1

    client.logout()
    used = client.get(link_in(mail.outbox[0]), follow=True)
    assert "This link has been used already: your address is confirmed." in words(used)
    assert "_auth_user_id" not in client.session


def test_an_expired_or_foreign_link_says_so(
    client, confirming, other_shop, monkeypatch, django_capture_on_commit_callbacks
):
    four_days_ago = time.time() - 4 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: four_days_ago)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, confirming, email="zofia@poczta.example")
    monkeypatch.undo()
    link = link_in(mail.outbox[0])
    expired = words(client.get(link, follow=True))
    assert "This link has expired." in expired
    assert "Log in with your email and password: if your address still needs confirming" in (
        expired
    )
    token = link.rstrip("/").rsplit("/", 1)[1]
    foreign = client.get(f"/s/other-shop/account/confirm/{token}/", follow=True)
    assert "This link is not valid in this shop." in words(foreign)
    garbage = client.get("/s/sklep-testowy/account/confirm/%3Cscript%3E/", follow=True)
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
