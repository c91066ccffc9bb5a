"""'Forgot your password?' on the storefront: a link goes to the address if it has an account
in this shop, and the page says the same whatever the address; requests are limited."""

from django.core import mail

from tests.helpers import audit, text

LINK = "/s/{slug}/account/password/"
SAME_ANSWER = "a link to choose a new password is on its way."


def ask(client, shop, email, capture):
    with capture(execute=True):
        return client.post(LINK.format(slug=shop.slug), {"email": email}, follow=True)


def test_the_login_page_offers_it(client, shop):
    page = text(client.get(f"/s/{shop.slug}/account/login/"))
    assert f'href="/s/{shop.slug}/account/password/"' in page
    assert f'href="/s/{shop.slug}/account/register/"' in page


def test_an_account_of_this_shop_gets_the_link(client, shop, django_capture_on_commit_callbacks):
    page = ask(client, shop, "C@Sklep-Testowy.example", django_capture_on_commit_callbacks)

    assert SAME_ANSWER in text(page)
    assert page.redirect_chain[-1][0] == f"/s/{shop.slug}/account/login/"
    (link,) = mail.outbox
    assert link.to == ["c@sklep-testowy.example"]
    assert f"/s/{shop.slug}/account/reset/" in link.body
    assert [event["target_id"] for event in audit(shop, "customer.password_link_requested")] == [
        str(shop.demo.customer.pk)
    ]


def test_nobody_here_gets_the_same_answer_and_no_mail(
    client, shop, other_shop, django_capture_on_commit_callbacks
):
    for email in [
        "nobody@example.com",
        shop.demo.guest.email,  # a guest has no account
        other_shop.demo.customer.email,  # a customer of another shop is nobody here
        shop.demo.owner.email,  # nor is staff
    ]:
        page = ask(client, shop, email, django_capture_on_commit_callbacks)
        assert SAME_ANSWER in text(page)
    assert mail.outbox == []


def test_a_bad_address_is_said_and_too_many_requests_are_refused(
    client, shop, settings, django_capture_on_commit_callbacks
):
    page = client.post(LINK.format(slug=shop.slug), {"email": "not an email"})
    assert "Enter a valid email address." in text(page)
    page = client.post(LINK.format(slug=shop.slug), {"email": "c@sklep-testowy.example\x00"})
    assert "Null characters are not allowed." in text(page)

    settings.STOREFRONT_RATES = {**settings.STOREFRONT_RATES, "password_reset": ("100/h", "2/h")}
    for _attempt in range(2):
        ask(client, shop, shop.demo.customer.email, django_capture_on_commit_callbacks)
    page = ask(client, shop, shop.demo.customer.email, django_capture_on_commit_callbacks)
    assert "Too many attempts. Please wait an hour and try again." in text(page)
    assert len(mail.outbox) == 2
