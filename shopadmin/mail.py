"""Email in the shop's name: its sender name and address, its reply-to, and its footer (the
shop's settings), for every message a shop sends a customer."""

from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage


def shop_sender(shop) -> str:
    """ "Sklep Kraków <sklep@example.pl>": the shop's sender name and address, else its name
    and the site's address (the setting may carry a name of its own)."""
    address = shop.email_sender_address or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    name = " ".join((shop.email_sender_name or shop.name).split())  # one line, whatever came in
    return str(Address(display_name=name, addr_spec=address))


def shop_message(shop, subject: str, body: str, to: list[str], *, connection=None) -> EmailMessage:
    """A message from the shop: its sender, reply-to, and the footer and address below."""
    foot = "\n".join(part for part in (shop.email_footer.strip(), shop.address.strip()) if part)
    if foot:
        body = f"{body.rstrip()}\n\n-- \n{foot}\n"
    return EmailMessage(
        " ".join(subject.split()),
        body,
        shop_sender(shop),
        to,
        reply_to=[shop.email_reply_to] if shop.email_reply_to else None,
        connection=connection,
    )
