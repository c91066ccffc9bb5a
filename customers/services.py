import re
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.campaigns import unknown_placeholders_error
from customers.models import (
    Customer,
    CustomerStanding,
    CustomerStats,
    EmailCampaign,
    EmailDelivery,
    ListPreference,
    SavedFilter,
)
from customers.selectors import (
    CUSTOMER_LIST,
    customers_of_shop,
    delivery_counts,
    selected_customers,
)
from customers.tasks import email_password_reset_link, email_registration_link, email_welcome
from shopadmin.jobs import start_job
from shopadmin.models import Job, User
from shopadmin.permissions import Perm, PermissionDeniedForShop, can, require, require_of_shop
from shopadmin.querying import insert_select
from shopadmin.selectors import staff_of_shop
from shopadmin.services import (
    ServiceError,
    audit_text,
    change_customer_login_email,
    changed_values,
    create_customer_login,
    delete_customer_logins,
    record_audit_event,
)


def create_customer(*, shop, actor=None, email, password=None, guest=False, **fields) -> Customer:
    """A customer with their statistics and standing rows; with a login account unless `guest`."""
    if actor is not None:
        require(actor, shop, Perm.EDIT_CUSTOMERS)
    email = User.objects.normalize_email(email)
    with transaction.atomic():
        user = None
        if not guest:
            user = create_customer_login(
                shop=shop,
                email=email,
                password=password,
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
        CustomerStanding.objects.create(shop=shop, customer=customer)
        record_audit_event(shop=shop, actor=actor, action="customer.created", target=customer)
    return customer


# What staff edit on a customer's card, in the form's order; audited with before and after.
CUSTOMER_FIELDS = [
    "first_name",
    "last_name",
    "company_name",
    "email",
    "phone",
    "vat_number",
    "street",
    "postal_code",
    "city",
    "country",
    "newsletter",
    "account_manager_id",
    "note",
    "newsletter_consent_at",  # set and cleared with the newsletter box, and audited with it
]


def normalise_vat_number(value: str) -> str:
    """A VAT number as it is stored: spaces, dashes, dots and slashes dropped, letters upper
    case ("pl 548-124-13-31" -> "PL5481241331")."""
    return re.sub(r"[\s./-]+", "", value).upper()


def add_customer(*, shop, actor, guest: bool, **fields) -> Customer:
    """A customer entered by staff. A login account gets a link to choose its password (the
    storefront's reset path): staff never type a customer's password."""
    require(actor, shop, Perm.EDIT_CUSTOMERS)
    fields = _tidy(shop, fields, actor=actor)
    try:
        with transaction.atomic():
            customer = create_customer(shop=shop, actor=actor, guest=guest, **fields)
            if not guest:
                send_password_reset_link(shop=shop, actor=actor, customer=customer)
    except IntegrityError:  # the same email, saved by someone else a moment ago
        raise ServiceError(_email_taken_meanwhile(shop, fields["email"])) from None
    return customer


def update_customer(*, shop, actor, customer, make_login: bool = False, **fields) -> Customer:
    """Change what staff edit on the card (CUSTOMER_FIELDS), audited with each changed field's
    before and after. `make_login` turns a guest into a login account (same customer, so their
    orders stay) and sends the link to choose a password."""
    require(actor, shop, Perm.EDIT_CUSTOMERS)
    require_of_shop(shop, customer)
    fields = _tidy(shop, fields, actor=actor, customer=customer)
    try:
        return _update_customer(shop, actor, customer, fields, make_login=make_login)
    except IntegrityError:  # the same email, saved by someone else a moment ago
        raise ServiceError(_email_taken_meanwhile(shop, fields["email"])) from None


class CannotRegister(ServiceError):
    """The email has an account in this shop already. The message says no more than that the
    address cannot register (the page offers logging in and a new password)."""

    def __init__(self):
        super().__init__(
            _(
                "This email cannot be used to register here. If it is yours, log in, or ask "
                "for a link to choose a new password."
            )
        )


# What a customer fills in when registering, besides email, password and consents.
REGISTRATION_FIELDS = ("first_name", "last_name", "company_name", "vat_number", "phone")
# What registering may change on a guest's record, audited with before and after.
REGISTRATION_AUDITED = [*CUSTOMER_FIELDS, "account_type", "terms_accepted_at", "registered_at"]


def register_customer(*, shop, email: str, password: str, newsletter: bool, **fields) -> Customer:
    """A customer who registers on the storefront, having accepted the shop's terms (the time
    is kept). A guest of this shop with that email becomes the account and keeps their orders;
    a login account with it already is refused (CannotRegister). The customer is the actor.
    A welcome email goes once this commits; in a shop that confirms addresses, it carries
    the link that confirms, and the account cannot log in until it is followed."""
    unknown = set(fields) - set(REGISTRATION_FIELDS)
    if unknown:
        raise TypeError(f"register_customer() got unknown fields: {', '.join(sorted(unknown))}")
    email = User.objects.normalize_email(email).strip().lower()
    fields["vat_number"] = normalise_vat_number(fields.get("vat_number", ""))
    now = timezone.now()
    consents = {
        "newsletter": newsletter,
        "newsletter_consent_at": now if newsletter else None,
        "terms_accepted_at": now,
        "registered_at": now,
        "email_confirmation_needed": shop.registration_confirms_email,
    }
    try:
        with transaction.atomic():
            guest = customers_of_shop(shop).select_for_update().filter(email=email).first()
            if guest is not None and not guest.is_guest:
                raise CannotRegister()
            changed = {}
            if guest is None:
                customer = create_customer(
                    shop=shop, email=email, password=password, **fields, **consents
                )
            else:
                before = audit_text(guest, REGISTRATION_AUDITED)
                customer = _register_guest(shop, guest, password, {**fields, **consents})
                changed = changed_values(before, audit_text(customer, REGISTRATION_AUDITED))
            record_audit_event(
                shop=shop,
                actor=None,
                action="customer.registered",
                target=customer,
                was_guest=guest is not None,
                changed=changed,
            )
            # With the shop's confirmation on, the welcome carries the link that confirms.
            welcome = (
                email_registration_link if customer.email_confirmation_needed else email_welcome
            )
            transaction.on_commit(lambda: welcome.delay(shop.pk, customer.pk))
    except IntegrityError:  # the same email registered a moment ago
        raise CannotRegister() from None
    return customer


def _register_guest(shop, guest: Customer, password: str, fields: dict) -> Customer:
    """The guest's record becomes the account: same customer, so their orders stay theirs."""
    guest.user = create_customer_login(
        shop=shop,
        email=guest.email,
        password=password,
        first_name=fields["first_name"],
        last_name=fields["last_name"],
    )
    guest.account_type = Customer.AccountType.LOGIN
    for name, value in fields.items():
        if value or name not in REGISTRATION_FIELDS:  # an empty box keeps what the guest gave
            setattr(guest, name, value)
    guest.save()
    return guest


def _email_taken_meanwhile(shop, email: str) -> str:
    return email_taken_error(shop, email) or _("That email was taken a moment ago.")


def _update_customer(shop, actor, customer, fields: dict, *, make_login: bool) -> Customer:
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(shop=shop, pk=customer.pk)
        before = audit_text(customer, CUSTOMER_FIELDS)
        set_fields(customer, fields)
        became_login = make_login and customer.is_guest
        if became_login:
            customer.user = create_customer_login(
                shop=shop,
                email=customer.email,
                password=None,
                first_name=customer.first_name,
                last_name=customer.last_name,
            )
            customer.account_type = Customer.AccountType.LOGIN
        elif customer.user_id and before["email"] != customer.email:
            change_customer_login_email(shop=shop, user=customer.user, email=customer.email)
        customer.save()
        changed = changed_values(before, audit_text(customer, CUSTOMER_FIELDS))
        if became_login:
            changed["account_type"] = [Customer.AccountType.GUEST, Customer.AccountType.LOGIN]
        record_audit_event(
            shop=shop, actor=actor, action="customer.updated", target=customer, changed=changed
        )
        if became_login:
            send_password_reset_link(shop=shop, actor=actor, customer=customer)
    return customer


def set_fields(customer: Customer, fields: dict) -> None:
    """Set `fields` on the customer (not saved). Ticking the newsletter keeps the time of the
    consent; unticking clears it."""
    if fields.get("newsletter") and not customer.newsletter:
        customer.newsletter_consent_at = timezone.now()
    elif "newsletter" in fields and not fields["newsletter"]:
        customer.newsletter_consent_at = None
    for name, value in fields.items():
        setattr(customer, name, value)


def email_taken_error(shop, email: str, *, customer=None) -> str:
    """What to say when another customer of the shop has `email` (in any case); else ""."""
    taken = customers_of_shop(shop).filter(email=email.strip().lower())
    if customer is not None:
        taken = taken.exclude(pk=customer.pk)
    if other := taken.first():
        message = _("Another customer of this shop, %(name)s, has the email %(email)s.")
        return message % {"name": other.display_name, "email": other.email}
    return ""


def _tidy(shop, fields: dict, *, actor=None, customer=None) -> dict:
    """The fields as they are kept, checked: the email lower case and free in the shop (the
    message names who has it), the VAT number normalised, the account manager one of the
    shop's staff."""
    fields = dict(fields)
    if "email" in fields:
        fields["email"] = User.objects.normalize_email(fields["email"]).strip().lower()
        if error := email_taken_error(shop, fields["email"], customer=customer):
            raise ServiceError(error)
    if "vat_number" in fields:
        fields["vat_number"] = normalise_vat_number(fields["vat_number"])
    if "account_manager" in fields:
        manager = fields.pop("account_manager")
        current = customer.account_manager_id if customer is not None else None
        if (manager.pk if manager else None) != current:
            require(actor, shop, Perm.EDIT_ORDERS)  # as the bulk action asks
        if manager is not None and not staff_of_shop(shop).filter(pk=manager.pk).exists():
            raise ServiceError(_("The account manager must be a staff member of this shop."))
        fields["account_manager_id"] = manager.pk if manager is not None else None
    if fields.get("newsletter") and customer is None:
        fields.setdefault("newsletter_consent_at", timezone.now())
    return fields


def record_card_printed(*, shop, actor, customer) -> None:
    """A customer's card left the system as a PDF: personal data, so it is audited."""
    require(actor, shop, Perm.VIEW_CUSTOMERS)
    require_of_shop(shop, customer)
    record_audit_event(shop=shop, actor=actor, action="customer.card_printed", target=customer)


def add_order_to_stats(*, shop, customer, order) -> None:
    """Count a new order in the customer's statistics (orders.services.place_order calls
    this in the order's transaction): F() expressions, so concurrent orders all count."""
    CustomerStats.objects.filter(shop=shop, customer=customer).update(
        orders_count=F("orders_count") + 1,
        orders_value_gross=F("orders_value_gross") + order.gross,
        orders_value_net=F("orders_value_net") + order.net,
        last_order_at=Greatest(Coalesce("last_order_at", order.placed_at), order.placed_at),
    )


def lock_stats(*, shop, customer_id: int) -> None:
    """Lock the customer's statistics row until the transaction ends (orders' cancellation
    reads the latest order in between)."""
    list(CustomerStats.objects.select_for_update().filter(shop=shop, customer_id=customer_id))


def remove_order_from_stats(*, shop, customer, order, last_order_at) -> None:
    """Stop counting a cancelled order in the customer's statistics (orders.services calls
    this in the cancellation's transaction). `last_order_at`: when the customer's latest order
    still counted was placed (None: none is left), which only the orders app can tell."""
    CustomerStats.objects.filter(shop=shop, customer=customer).update(
        orders_count=Greatest(F("orders_count") - 1, 0),
        orders_value_gross=F("orders_value_gross") - order.gross,
        orders_value_net=F("orders_value_net") - order.net,
        last_order_at=last_order_at,
    )


def send_password_reset_link(*, shop, actor, customer: Customer) -> None:
    """Email the customer a link to choose a new password on the storefront (after commit)."""
    require(actor, shop, Perm.EDIT_CUSTOMERS)
    require_of_shop(shop, customer)
    if customer.is_guest:
        raise ServiceError(
            _("%(name)s is a guest and has no account to reset.") % {"name": customer}
        )
    record_audit_event(
        shop=shop, actor=actor, action="customer.password_reset_link_sent", target=customer
    )
    transaction.on_commit(lambda: email_password_reset_link.delay(shop.pk, customer.pk))


def send_password_link_on_request(*, shop, email: str) -> None:
    """A visitor asked for a link to choose a new password: it goes to the shop's customer
    account with that email, if there is one (the page says the same either way)."""
    email = User.objects.normalize_email(email).strip().lower()
    customer = (
        customers_of_shop(shop)
        .filter(email=email, account_type=Customer.AccountType.LOGIN)
        .exclude(user=None)
        .first()
    )
    if customer is None:
        return
    record_audit_event(
        shop=shop, actor=None, action="customer.password_link_requested", target=customer
    )
    transaction.on_commit(lambda: email_password_reset_link.delay(shop.pk, customer.pk))


def block_customers(*, shop, actor, customers) -> int:
    """Block the selected customers: they can no longer log in on the storefront."""
    blocked = CustomerStanding.Status.BLOCKED
    return _set_status(shop=shop, actor=actor, customers=customers, status=blocked)


def unblock_customers(*, shop, actor, customers) -> int:
    active = CustomerStanding.Status.ACTIVE
    return _set_status(shop=shop, actor=actor, customers=customers, status=active)


def _set_status(*, shop, actor, customers, status) -> int:
    require(actor, shop, Perm.EDIT_CUSTOMERS)
    with transaction.atomic():
        # On the narrow standing row, where the update touches no index (CustomerStanding). Its
        # own shop_id scopes the selection: a standing row has its customer's shop (same-shop
        # key), so another shop's ids match nothing. Re-scoping the customers as well
        # (selected_customers) would nest a subquery that slows a large block.
        changed = (
            CustomerStanding.objects.filter(shop=shop, customer__in=customers.values("pk"))
            .exclude(status=status)
            .update(status=status)
        )
        record_audit_event(
            shop=shop, actor=actor, action=f"customers.status_{status}", count=changed
        )
    return changed


@dataclass(frozen=True)
class BalancesMoved:
    customer_ids: list[int]  # whose balance changed
    deltas: list[int]  # by how much, in the same order
    skipped: int  # selected, but a subtraction would have taken them below zero


# Add or subtract: every balance moves by the same delta, so one UPDATE does it (its own row
# locks see concurrent changes). When subtracting, the skipped are the selected rows the
# UPDATE left alone: counted as the selection minus the changed, because a balance another
# change lowered meanwhile is re-checked by the UPDATE on its newest version but would still
# look high enough to a count of its own (the statement's snapshot). When adding nobody is
# skipped, and the CASE never runs the count.
_MOVE_BALANCES = """
WITH changed AS (
    UPDATE customers_customerstanding SET points_balance = points_balance + %s
    WHERE shop_id = %s AND customer_id IN ({selection}) AND points_balance + %s >= 0
    RETURNING customer_id
)
SELECT (SELECT array_agg(customer_id) FROM changed),
       CASE WHEN %s < 0 THEN (
           SELECT count(*) FROM customers_customerstanding
           WHERE shop_id = %s AND customer_id IN ({selection})
       ) - (SELECT count(*) FROM changed) ELSE 0 END
"""

# Set: each delta depends on the old balance, so the balances are locked and read first.
_SET_BALANCES = """
WITH old AS (
    SELECT customer_id, points_balance FROM customers_customerstanding
    WHERE shop_id = %s AND customer_id IN ({selection})
    FOR UPDATE
), changed AS (
    UPDATE customers_customerstanding AS standing SET points_balance = %s
    FROM old
    WHERE standing.shop_id = %s AND standing.customer_id = old.customer_id
      AND old.points_balance <> %s
    RETURNING standing.customer_id, standing.points_balance - old.points_balance AS delta
)
SELECT array_agg(customer_id), array_agg(delta) FROM changed
"""


def move_points_balances(
    *, shop, actor, customers, delta: int = 0, set_to: int | None = None
) -> BalancesMoved:
    """Move the selected customers' points balances by `delta`, or set them to `set_to`,
    never below zero, in one statement under the rows' locks. `loyalty.services.adjust_points`
    calls this and writes the ledger entries and the audit event in the same transaction."""
    require(actor, shop, Perm.ADJUST_POINTS)
    # The standing rows' own shop_id scopes the selection, as in _set_status: re-scoping the
    # customers too would slow a large change.
    selection_sql, selection_params = customers.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        if set_to is not None:
            sql = _SET_BALANCES
            params = [shop.pk, *selection_params, set_to, shop.pk, set_to]
        else:
            sql = _MOVE_BALANCES
            params = [delta, shop.pk, *selection_params, delta, delta, shop.pk, *selection_params]
        cursor.execute(sql.replace("{selection}", selection_sql), params)
        ids, second = cursor.fetchone()
    ids = ids or []
    if set_to is not None:
        return BalancesMoved(customer_ids=ids, deltas=second or [], skipped=0)
    return BalancesMoved(customer_ids=ids, deltas=[delta] * len(ids), skipped=second)


def hand_on_managed_customers(*, shop, member, successor) -> int:
    """A staff member leaves the shop: the customers they managed go to `successor`, or keep
    no manager (one UPDATE; shopadmin.staff audits the removal)."""
    return Customer.objects.filter(shop=shop, account_manager=member).update(
        account_manager=successor
    )


def assign_account_manager(*, shop, actor, customers, manager) -> int:
    """Make `manager` (a staff member of the shop, or None) the selected customers' account
    manager; returns how many changed. Their orders follow with
    `orders.services.reassign_orders`."""
    require(actor, shop, Perm.EDIT_ORDERS)
    if manager is not None and not staff_of_shop(shop).filter(pk=manager.pk).exists():
        raise ServiceError(_("The account manager must be a staff member of this shop."))
    selection = selected_customers(shop, customers)
    with transaction.atomic():
        changed = selection.exclude(account_manager=manager).update(account_manager=manager)
        record_audit_event(
            shop=shop,
            actor=actor,
            action="customers.account_manager_assigned",
            count=changed,
            manager=manager.pk if manager else None,
        )
    return changed


def start_customer_export(*, shop, actor, query: str, ids, columns: list[str], bom: bool):
    """A job that writes the customers of the list's query (or the ticked `ids`) to CSV."""
    require(actor, shop, Perm.EXPORT)
    if not columns:
        raise ServiceError(_("Choose at least one column to export."))
    params = {"query": query, "ids": ids, "columns": columns, "bom": bom}
    return start_job(shop=shop, actor=actor, kind=CUSTOMER_EXPORT, params=params)


# A PDF of more cards than this is not for printing (5,000 cards take about five minutes).
MAX_CARDS_PER_PDF = 5_000


def start_customer_cards_pdf(*, shop, actor, query: str, ids, count: int):
    """A job that prints the cards of the customers of the list's query (or the ticked `ids`)
    as one PDF; `count`: how many they are now. Audited: personal data leaves the system."""
    require(actor, shop, Perm.EXPORT)
    if count == 0:
        raise ServiceError(_("No customer to print."))
    if count > MAX_CARDS_PER_PDF:
        message = _(
            "%(count)s cards are more than one PDF takes (at most %(max)s): narrow the search "
            "or the filters, or export the customers to CSV."
        )
        raise ServiceError(message % {"count": f"{count:,}", "max": f"{MAX_CARDS_PER_PDF:,}"})
    params = {"query": query, "ids": ids}
    job = start_job(shop=shop, actor=actor, kind=CUSTOMER_CARDS_PDF, params=params, total=count)
    record_audit_event(
        shop=shop, actor=actor, action="customers.cards_printed", target=job, count=count
    )
    return job


@dataclass(frozen=True)
class CampaignStart:
    job: Job | None  # None when nobody is to receive it
    recipients: int
    skipped: int  # not subscribed to the newsletter (a marketing message)


def start_email_campaign(
    *,
    shop,
    actor,
    customers,
    subject: str,
    body: str,
    service_message: bool,
    coupon=None,
    form_token: str | None = None,
) -> CampaignStart:
    """Write the email and its outbox (one delivery per selected customer, by one INSERT ...
    SELECT), then send it with a job. Marketing goes only to customers subscribed to the
    newsletter; a service message goes to all of them. The others' rows say "skipped"."""
    require(actor, shop, Perm.SEND_EMAIL)
    if coupon is not None:
        require_of_shop(shop, coupon)
    error = unknown_placeholders_error(subject + body)
    if error:
        raise ServiceError(error)
    try:
        with transaction.atomic():  # a second submission of the same form waits, then fails
            campaign = EmailCampaign.objects.create(
                shop=shop,
                subject=subject,
                body=body,
                service_message=service_message,
                coupon_code=coupon.code if coupon else "",
                created_by=actor,
                form_token=form_token or None,
            )
    except IntegrityError:
        raise ServiceError(_("This email was sent already: see the jobs page.")) from None
    insert_select(
        EmailDelivery,
        ["shop_id", "campaign_id", "customer_id", "email", "status", "detail"],
        select="%s, %s, selected.id, selected.email, "
        "CASE WHEN %s OR selected.newsletter THEN %s ELSE %s END, ''",
        params=[
            shop.pk,
            campaign.pk,
            service_message,
            EmailDelivery.Status.PENDING,
            EmailDelivery.Status.SKIPPED,
        ],
        source=selected_customers(shop, customers).values("pk", "email", "newsletter"),
        source_columns=["id", "email", "newsletter"],
    )
    counts = delivery_counts(shop, campaign.pk)
    recipients = counts.get(EmailDelivery.Status.PENDING, 0)
    skipped = counts.get(EmailDelivery.Status.SKIPPED, 0)
    record_audit_event(
        shop=shop,
        actor=actor,
        action="customers.email_started",
        target=campaign,
        count=recipients,
        skipped=skipped,
        service_message=service_message,
    )
    job = None
    if recipients:
        job = start_job(
            shop=shop,
            actor=actor,
            kind=EMAIL_CAMPAIGN,
            params={"campaign": campaign.pk},
            total=recipients,
        )
    return CampaignStart(job=job, recipients=recipients, skipped=skipped)


def delete_customers(*, shop, actor, customers) -> int:
    """Delete the customers selected by `customers` (a queryset, re-scoped to `shop` here)
    with their logins, statistics, group memberships and coupons; returns how many.

    Their orders (the shop's accounting records) and points-ledger entries stay: the database
    clears their customer link itself.
    """
    require(actor, shop, Perm.DELETE)
    selection = selected_customers(shop, customers)
    with transaction.atomic():
        login_ids = list(selection.exclude(user=None).values_list("user_id", flat=True))
        _total, per_model = selection.delete()
        deleted = per_model.get(Customer._meta.label, 0)
        delete_customer_logins(shop=shop, user_ids=login_ids)
        record_audit_event(shop=shop, actor=actor, action="customers.deleted", count=deleted)
    return deleted


CUSTOMER_EXPORT = "customer_export"  # the job kind that writes the file: backoffice registers it
CUSTOMER_CARDS_PDF = "customer_cards_pdf"  # the same for the many-cards PDF
EMAIL_CAMPAIGN = "email_campaign"


# --- The list's preferences and saved filters -------------------------------------------
# Choosing columns or saving a filter is part of viewing the list, so VIEW_CUSTOMERS is the
# permission; a saved filter is changed by its author, or by someone who manages the shop.

LIST_QUERY_KEYS_EXCLUDED = {"page", "saved_filter_name", "shared", "csrfmiddlewaretoken"}


def save_list_columns(*, shop, actor, columns: list[str], known, list_name=CUSTOMER_LIST):
    """Keep `actor`'s columns for the list, in this order (each one of the `known` names); an
    empty list means the default."""
    require(actor, shop, Perm.VIEW_CUSTOMERS)
    columns = _unique_known(columns, known, _("Unknown column: %(name)s"))
    return _update_preference(shop=shop, user=actor, list_name=list_name, columns=columns)


def save_list_filters(*, shop, actor, filters: list[str], known, list_name=CUSTOMER_LIST):
    """Keep which filters `actor`'s filter panel shows (each one of the `known` names); an
    empty list means the default."""
    require(actor, shop, Perm.VIEW_CUSTOMERS)
    filters = _unique_known(filters, known, _("Unknown filter: %(name)s"))
    return _update_preference(shop=shop, user=actor, list_name=list_name, filters=filters)


def _unique_known(names, known, message) -> list[str]:
    unique = list(dict.fromkeys(names))
    for name in unique:
        if name not in known:
            raise ServiceError(message % {"name": name})
    return unique


def _update_preference(*, shop, user, list_name, **values) -> ListPreference:
    preference, _created = ListPreference.objects.update_or_create(
        shop=shop, user=user, list_name=list_name, defaults=values
    )
    return preference


def create_saved_filter(
    *, shop, actor, name: str, shared: bool, query: dict, list_name=CUSTOMER_LIST
) -> SavedFilter:
    """Save a search, its filters and its sort (`query`: parameter -> list of values)."""
    require(actor, shop, Perm.VIEW_CUSTOMERS)
    name = _saved_filter_name(shop=shop, owner=actor, list_name=list_name, name=name)
    query = {key: values for key, values in query.items() if key not in LIST_QUERY_KEYS_EXCLUDED}
    saved = SavedFilter.objects.create(
        shop=shop, owner=actor, list_name=list_name, name=name, shared=shared, query=query
    )
    record_audit_event(shop=shop, actor=actor, action="saved_filter.created", target=saved)
    return saved


def rename_saved_filter(*, shop, actor, saved_filter: SavedFilter, name: str) -> SavedFilter:
    _require_may_change(shop=shop, actor=actor, saved_filter=saved_filter)
    saved_filter.name = _saved_filter_name(
        shop=shop,
        owner=saved_filter.owner,
        list_name=saved_filter.list_name,
        name=name,
        exclude_pk=saved_filter.pk,
    )
    saved_filter.save(update_fields=["name", "updated_at"])
    record_audit_event(shop=shop, actor=actor, action="saved_filter.renamed", target=saved_filter)
    return saved_filter


def delete_saved_filter(*, shop, actor, saved_filter: SavedFilter) -> None:
    _require_may_change(shop=shop, actor=actor, saved_filter=saved_filter)
    record_audit_event(
        shop=shop,
        actor=actor,
        action="saved_filter.deleted",
        target=saved_filter,
        name=saved_filter.name,
    )
    saved_filter.delete()


def may_change_saved_filter(*, shop, user, saved_filter: SavedFilter) -> bool:
    return saved_filter.owner_id == user.pk or can(user, shop, Perm.MANAGE_STAFF)


def _require_may_change(*, shop, actor, saved_filter) -> None:
    require(actor, shop, Perm.VIEW_CUSTOMERS)
    require_of_shop(shop, saved_filter)
    if not may_change_saved_filter(shop=shop, user=actor, saved_filter=saved_filter):
        raise PermissionDeniedForShop(_("Only its author or the shop's owner may change it."))


def _saved_filter_name(*, shop, owner, list_name, name, exclude_pk=None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ServiceError(_("Give the filter a name."))
    if len(name) > SavedFilter._meta.get_field("name").max_length:
        raise ServiceError(_("The name is too long."))
    taken = SavedFilter.objects.filter(
        shop=shop, owner=owner, list_name=list_name, name=name
    ).exclude(pk=exclude_pk)
    if taken.exists():
        raise ServiceError(_("A saved filter with this name already exists."))
    return name
