"""Thin Celery wrappers: they receive ids, load the rows inside the shop and call the work."""

from customers.emails import (
    send_address_change_email,
    send_address_changed_notice,
    send_password_reset_email,
    send_registration_link_email,
    send_welcome_email,
)
from customers.selectors import customers_of_shop
from shopadmin.tasks import shop_task


@shop_task()
def email_password_reset_link(shop, customer_id: int) -> None:
    customer = customers_of_shop(shop).select_related("user").filter(pk=customer_id).first()
    if customer is None or customer.user is None:
        return  # deleted or turned into a guest since the link was asked for
    send_password_reset_email(shop=shop, customer=customer)


@shop_task()
def email_welcome(shop, customer_id: int) -> None:
    customer = customers_of_shop(shop).filter(pk=customer_id).first()
    if customer is None or customer.user_id is None:
        return  # deleted since they registered
    send_welcome_email(shop=shop, customer=customer)


@shop_task()
def email_registration_link(shop, customer_id: int) -> None:
    customer = customers_of_shop(shop).filter(pk=customer_id).first()
    if customer is None or not customer.email_confirmation_needed:
        return  # deleted, or confirmed meanwhile
    send_registration_link_email(shop=shop, customer=customer)


@shop_task()
def email_address_change_link(shop, customer_id: int, new_email: str) -> None:
    customer = customers_of_shop(shop).filter(pk=customer_id).exclude(user=None).first()
    if customer is None or customer.pending_email != new_email:
        return  # deleted since, or a newer request replaced this one
    send_address_change_email(shop=shop, customer=customer, new_email=new_email)


@shop_task()
def email_address_changed_notice(shop, customer_id: int, old_email: str) -> None:
    customer = customers_of_shop(shop).filter(pk=customer_id).first()
    if customer is None:
        return
    send_address_changed_notice(shop=shop, customer=customer, old_email=old_email)
