"""What customers change in their own account on the storefront: details, password, email,
consents, and the confirmation of their address. The customer is the actor: the audit events
name no staff member (actor None) and say `by="customer"`.
The links that confirm an address are customers/tokens.py's."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer
from customers.selectors import customers_of_shop
from customers.services import (
    CUSTOMER_FIELDS,
    email_taken_error,
    normalise_vat_number,
    set_fields,
)
from customers.tasks import (
    email_address_change_link,
    email_address_changed_notice,
    email_registration_link,
)
from customers.tokens import ADDRESS_CHANGE, REGISTRATION, LinkProblem, read_token
from shopadmin.models import User
from shopadmin.permissions import require_of_shop
from shopadmin.services import (
    ServiceError,
    audit_text,
    change_customer_login_email,
    changed_values,
    record_audit_event,
)

# What a customer edits on their details page.
OWN_DETAILS = (
    "first_name",
    "last_name",
    "company_name",
    "vat_number",
    "phone",
    "street",
    "postal_code",
    "city",
    "country",
    "newsletter",
)


def update_own_details(*, shop, customer, actor=None, **fields) -> Customer:
    """The customer's own changes to OWN_DETAILS, audited with each field's before and after
    (the newsletter's consent time kept as staff's edits keep it). `actor`: the staff member
    logged in as the customer, who is then the one audited."""
    unknown = set(fields) - set(OWN_DETAILS)
    if unknown:
        raise TypeError(f"update_own_details() got unknown fields: {', '.join(sorted(unknown))}")
    require_of_shop(shop, customer)
    if "vat_number" in fields:
        fields["vat_number"] = normalise_vat_number(fields["vat_number"])
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(shop=shop, pk=customer.pk)
        before = audit_text(customer, CUSTOMER_FIELDS)
        set_fields(customer, fields)
        customer.save()
        changed = changed_values(before, audit_text(customer, CUSTOMER_FIELDS))
        if changed:
            _audit(shop, "customer.updated", customer, actor=actor, changed=changed)
    return customer


def change_own_password(*, shop, customer, current: str, new: str) -> None:
    """A new password for the customer's login, given the current one (the form has checked
    the new one against the password validators)."""
    require_of_shop(shop, customer)
    user = User.objects.get(shop=shop, pk=customer.user_id)
    if not user.check_password(current):
        raise ServiceError(_("Your current password is not right."))
    user.set_password(new)
    user.save(update_fields=["password"])
    _audit(shop, "customer.password_changed", customer)


def set_assisted_login_consent(*, shop, customer, consent: bool) -> Customer:
    """Whether the shop's staff may log in to the customer's account to help them; the time
    of the last change is kept."""
    require_of_shop(shop, customer)
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(shop=shop, pk=customer.pk)
        if customer.assisted_login_consent == consent:
            return customer
        customer.assisted_login_consent = consent
        customer.assisted_login_consent_at = timezone.now()
        customer.save(update_fields=["assisted_login_consent", "assisted_login_consent_at"])
        _audit(
            shop,
            "customer.assisted_login_consent",
            customer,
            changed={"assisted_login_consent": [str(not consent), str(consent)]},
        )
    return customer


# --- Links that confirm an address -------------------------------------------------------


def send_registration_link(*, shop, customer) -> None:
    """Email a (new) link that confirms the address the customer registered with."""
    require_of_shop(shop, customer)
    if customer.email_confirmation_needed:
        transaction.on_commit(lambda: email_registration_link.delay(shop.pk, customer.pk))


def confirm_registration(*, shop, token: str) -> Customer:
    """The customer followed the link from their registration email: the address is theirs,
    and they may log in (the login page still refuses a blocked account)."""
    customer_id, email = read_token(shop, REGISTRATION, token)
    with transaction.atomic():
        customer = (
            customers_of_shop(shop)
            .select_for_update()
            .filter(pk=customer_id, email=email)
            .exclude(user=None)
            .first()
        )
        if customer is None:
            raise LinkProblem(_("This link is not valid in this shop."))
        if not customer.email_confirmation_needed:
            raise LinkProblem(_("This link has been used already: your address is confirmed."))
        customer.email_confirmation_needed = False
        customer.save(update_fields=["email_confirmation_needed"])
        _audit(shop, "customer.email_confirmed", customer)
    return customer


def request_address_change(*, shop, customer, email: str) -> str:
    """Send a link to `email` that makes it the customer's address once followed; until then
    the address stays as it is, and the link of any earlier request stops working. Returns
    the address as it will be kept."""
    require_of_shop(shop, customer)
    email = User.objects.normalize_email(email).strip().lower()
    if email == customer.email:
        raise ServiceError(_("That is your address already."))
    if email_taken_error(shop, email, customer=customer):
        # Says no more than the registration page does about who has an account here.
        raise ServiceError(_("This email cannot be used in this shop. Choose another one."))
    with transaction.atomic():
        Customer.objects.filter(shop=shop, pk=customer.pk).update(pending_email=email)
        _audit(shop, "customer.email_change_requested", customer, new_email=email)
        transaction.on_commit(lambda: email_address_change_link.delay(shop.pk, customer.pk, email))
    return email


def confirm_address_change(*, shop, token: str) -> Customer:
    """The customer followed the link sent to their new address: it becomes their email and
    their login, and the old address is told. Only the latest request's link works, once."""
    customer_id, new_email = read_token(shop, ADDRESS_CHANGE, token)
    try:
        with transaction.atomic():
            customer = (
                customers_of_shop(shop)
                .select_for_update()
                .filter(pk=customer_id)
                .exclude(user=None)
                .first()
            )
            if customer is None:
                raise LinkProblem(_("This link is not valid in this shop."))
            if customer.pending_email != new_email:
                if customer.email == new_email and not customer.pending_email:
                    raise LinkProblem(_("This link has been used already: the address is changed."))
                raise LinkProblem(
                    _("This link is no longer valid: a newer one was sent, or the address changed.")
                )
            if email_taken_error(shop, new_email, customer=customer):
                raise LinkProblem(_("This email cannot be used in this shop any more."))
            old_email = customer.email
            before = audit_text(customer, ["email"])
            customer.email, customer.pending_email = new_email, ""
            customer.save(update_fields=["email", "pending_email"])
            change_customer_login_email(shop=shop, user=customer.user, email=new_email)
            _audit(
                shop,
                "customer.updated",
                customer,
                changed=changed_values(before, audit_text(customer, ["email"])),
            )
            transaction.on_commit(
                lambda: email_address_changed_notice.delay(shop.pk, customer.pk, old_email)
            )
    except IntegrityError:  # the address taken a moment ago
        raise LinkProblem(_("This email cannot be used in this shop any more.")) from None
    return customer


def _audit(shop, action: str, customer, *, actor=None, **data) -> None:
    """Audited as the customer's own doing, or as the staff member's logged in as them."""
    by = "customer" if actor is None else "staff_as_customer"
    record_audit_event(shop=shop, actor=actor, action=action, target=customer, by=by, **data)
