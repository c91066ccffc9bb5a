"""Email that staff actions send to one customer. Built inside the task, from ids: links and
personal data never travel through the broker."""

from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from customers.tokens import address_change_token, registration_token
from shopadmin.links import customer_page_url
from shopadmin.mail import shop_message


def send_password_reset_email(*, shop, customer) -> None:
    """Mail the customer a one-time link to choose a new password on the shop's storefront."""
    user = customer.user
    link = customer_page_url(
        shop,
        "password_reset_confirm",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
    context = {"shop": shop, "customer": customer, "link": link}
    with translation.override(shop.language):
        subject = render_to_string("customers/email/password_reset_subject.txt", context)
        body = render_to_string("customers/email/password_reset_body.txt", context)
    shop_message(shop, subject, body, [customer.email]).send()


def send_welcome_email(*, shop, customer) -> None:
    """Welcome a customer who registered, in the shop's language, with the way to log in."""
    context = {"shop": shop, "customer": customer, "link": customer_page_url(shop, "login")}
    with translation.override(shop.language):
        subject = render_to_string("customers/email/welcome_subject.txt", context)
        body = render_to_string("customers/email/welcome_body.txt", context)
    shop_message(shop, subject, body, [customer.email]).send()


def send_registration_link_email(*, shop, customer) -> None:
    """Welcome a customer who registered in a shop that confirms addresses, with the link
    that confirms theirs (and lets them log in)."""
    link = customer_page_url(shop, "confirm_email", token=registration_token(shop, customer))
    context = {"shop": shop, "customer": customer, "link": link}
    with translation.override(shop.language):
        subject = render_to_string("customers/email/confirm_subject.txt", context)
        body = render_to_string("customers/email/confirm_body.txt", context)
    shop_message(shop, subject, body, [customer.email]).send()


def send_address_change_email(*, shop, customer, new_email: str) -> None:
    """Mail the new address the link that makes it the customer's email."""
    token = address_change_token(shop, customer, new_email)
    link = customer_page_url(shop, "confirm_new_email", token=token)
    context = {"shop": shop, "customer": customer, "link": link, "new_email": new_email}
    with translation.override(shop.language):
        subject = render_to_string("customers/email/address_change_subject.txt", context)
        body = render_to_string("customers/email/address_change_body.txt", context)
    shop_message(shop, subject, body, [new_email]).send()


def send_address_changed_notice(*, shop, customer, old_email: str) -> None:
    """Tell the old address that the account now uses another one: if that was not the
    customer's doing, they know at once whom to ask."""
    context = {"shop": shop, "customer": customer}
    with translation.override(shop.language):
        subject = render_to_string("customers/email/address_changed_subject.txt", context)
        body = render_to_string("customers/email/address_changed_body.txt", context)
    shop_message(shop, subject, body, [old_email]).send()
