"""Email that staff actions send to one customer. Built inside the task, from ids: links and
personal data never travel through the broker."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from shopadmin.links import customer_page_url


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
    send_mail(" ".join(subject.split()), body, None, [customer.email])


def send_welcome_email(*, shop, customer) -> None:
    """Welcome a customer who registered, in the shop's language, with the way to log in."""
    context = {"shop": shop, "customer": customer, "link": customer_page_url(shop, "login")}
    with translation.override(shop.language):
        subject = render_to_string("customers/email/welcome_subject.txt", context)
        body = render_to_string("customers/email/welcome_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [customer.email])
