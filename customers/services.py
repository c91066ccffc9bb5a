from django.db import transaction

from customers.models import Customer, CustomerStats
from shopadmin.models import User
from shopadmin.permissions import Perm, require
from shopadmin.services import record_audit_event


def create_customer(*, shop, actor=None, email, password=None, guest=False, **fields) -> Customer:
    """A customer with their statistics row; with a login account unless `guest`."""
    if actor is not None:
        require(actor, shop, Perm.EDIT_CUSTOMERS)
    email = User.objects.normalize_email(email)
    with transaction.atomic():
        user = None
        if not guest:
            user = User.objects.create_user(
                email,
                password,
                shop=shop,
                first_name=fields.get("first_name", ""),
                last_name=fields.get("last_name", ""),
            )
        customer = Customer.objects.create(
            shop=shop,
            user=user,
            account_type=Customer.AccountType.GUEST if guest else Customer.AccountType.LOGIN,
            email=email,
            **fields,
        )
        CustomerStats.objects.create(shop=shop, customer=customer)
        record_audit_event(shop=shop, actor=actor, action="customer.created", target=customer)
    return customer
