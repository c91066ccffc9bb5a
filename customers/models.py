from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Cast, Lower
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shopadmin.models import ShopForeignKey, ShopOneToOneField, TenantModel

# The fields the staff list's search box matches any part of.
SEARCHED_FIELDS = (
    "first_name",
    "last_name",
    "company_name",
    "email",
    "phone",
    "vat_number",
    "street",
    "city",
)


class Customer(TenantModel):
    """A shop's customer. A guest has no User and cannot join groups or log in."""

    class AccountType(models.TextChoices):
        LOGIN = "login", _("account")
        GUEST = "guest", _("guest")

    # A user belongs to one shop, so (shop, user) is unique: at most one customer per login.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customers",
    )
    account_type = models.CharField(
        _("account type"), max_length=5, choices=AccountType.choices, default=AccountType.LOGIN
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    company_name = models.CharField(_("company"), max_length=255, blank=True)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=32, blank=True)
    street = models.CharField(_("street"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, default="PL")
    newsletter = models.BooleanField(_("newsletter"), default=False)
    # When the customer said yes to the newsletter (proof of consent); empty while they have not.
    newsletter_consent_at = models.DateTimeField(
        _("newsletter consent given"), null=True, blank=True
    )
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    last_visit_at = models.DateTimeField(_("last visit"), null=True, blank=True)
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account manager"),
    )
    note = models.TextField(_("note"), blank=True, max_length=5000, db_default="")
    assisted_login_consent = models.BooleanField(
        _("consents to assisted login by staff"), default=False
    )
    assisted_login_consent_at = models.DateTimeField(
        _("assisted login consent changed at"), null=True, blank=True
    )
    # The address the customer asked to change to, until they follow the link sent to it; a
    # newer request replaces it, so only the latest link works (customers/self_service.py).
    pending_email = models.EmailField(
        _("new email, not confirmed yet"), max_length=254, blank=True, db_default=""
    )
    # Registered in a shop that confirms addresses, and has not used the emailed link yet:
    # the storefront refuses the login until they have (customers/self_service.py).
    email_confirmation_needed = models.BooleanField(
        _("email not confirmed yet"), default=False, db_default=False
    )
    # What the list's search box looks in, folded to lower case without accents ("Łódź" is
    # stored as "lodz"); kept by PostgreSQL itself (migration customers.0003, customers/search.py).
    search_document = models.GeneratedField(
        expression=models.Func(
            *(models.F(name) for name in SEARCHED_FIELDS),
            function="customer_search_document",
            output_field=models.TextField(),
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "email"], name="customer_email_unique_per_shop"
            ),
            models.UniqueConstraint(fields=["shop", "user"], name="customer_user_unique_per_shop"),
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="customer_email_lowercase"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(account_type="login", user__isnull=False)
                    | models.Q(account_type="guest", user__isnull=True)
                ),
                name="customer_account_type_matches_user",
            ),
        ]
        # The sort keys of the customer list, each ending in the primary key as a tie-breaker
        # so that keyset pagination is stable. Search indexes come with the list (issue 3).
        indexes = [
            models.Index(fields=["shop", "-registered_at", "-id"], name="customer_registered_idx"),
            models.Index(
                fields=["shop", "last_name", "first_name", "id"], name="customer_name_idx"
            ),
            # "Never visited" sorts as the oldest visit: first going up, last going down.
            models.Index(
                models.F("shop"),
                models.F("last_visit_at").asc(nulls_first=True),
                models.F("id"),
                name="customer_last_visit_idx",
            ),
            models.Index(fields=["shop", "account_manager"], name="customer_manager_idx"),
            # Trigram search within one shop (btree_gin puts shop_id in the same index). Under
            # row-level security only customers.search can use it (DESIGN.md, traps).
            GinIndex(
                fields=["shop", "search_document"],
                opclasses=["int8_ops", "gin_trgm_ops"],
                name="customer_search_idx",
            ),
        ]
        # Editing a customer rewrites a wide row; room on the page allows HOT updates.
        db_table_comment = (
            "Customers of a shop; order figures live in customers_customerstats, status and "
            "points in customers_customerstanding."
        )

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.company_name or self.email

    @property
    def is_guest(self) -> bool:
        return self.account_type == self.AccountType.GUEST


class CustomerStats(TenantModel):
    """Order figures kept per customer and updated with F() expressions, on a companion row
    rather than the wide, heavily indexed customer row (DESIGN.md, traps). Each is a sort key
    of the list, so each has an index; what bulk actions rewrite is on CustomerStanding."""

    customer = ShopOneToOneField(
        Customer, on_delete=models.CASCADE, primary_key=True, related_name="stats"
    )
    orders_count = models.PositiveIntegerField(_("orders"), default=0)
    orders_value_gross = models.DecimalField(
        _("orders value (gross)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    orders_value_net = models.DecimalField(
        _("orders value (net)"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    last_order_at = models.DateTimeField(_("last order"), null=True, blank=True)
    # The gross value in cents, kept by PostgreSQL, for the list's range filter and sort:
    # numeric comparisons are not leakproof, so under row-level security the planner may use
    # neither their statistics nor their index; bigint ones it may.
    orders_value_gross_cents = models.GeneratedField(
        expression=Cast(models.F("orders_value_gross") * 100, models.BigIntegerField()),
        output_field=models.BigIntegerField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("customer statistics")
        verbose_name_plural = _("customer statistics")
        indexes = [
            models.Index(
                fields=["shop", "orders_count", "customer"], name="stats_orders_count_idx"
            ),
            models.Index(
                fields=["shop", "orders_value_gross_cents", "customer"],
                name="stats_orders_value_idx",
            ),
            # "Never ordered" sorts as the oldest order: first going up, last going down.
            models.Index(
                models.F("shop"),
                models.F("last_order_at").asc(nulls_first=True),
                models.F("customer"),
                name="stats_last_order_idx",
            ),
            models.Index(
                fields=["shop", "orders_value_net", "customer"], name="stats_orders_net_idx"
            ),
        ]


class CustomerStanding(TenantModel):
    """Whether a customer may log in, and their loyalty points balance: the two values that
    bulk actions rewrite for 100,000 customers at once, on a narrow row of their own.

    On the wide customer row a block had to write every search and sort index again (most
    updates could not stay on the page); on the statistics row +10 points wrote seven indexes.
    Here blocking touches no index (status is not indexed, and the fillfactor leaves room, so
    the update is HOT) and a points change writes three small ones.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        BLOCKED = "blocked", _("blocked")

    customer = ShopOneToOneField(
        Customer, on_delete=models.CASCADE, primary_key=True, related_name="standing"
    )
    status = models.CharField(
        _("status"), max_length=7, choices=Status.choices, default=Status.ACTIVE
    )
    points_balance = models.IntegerField(_("loyalty points"), default=0)

    class Meta:
        verbose_name = _("customer standing")
        verbose_name_plural = _("customer standings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(points_balance__gte=0), name="standing_points_not_negative"
            )
        ]
        indexes = [
            # The list's sort by points, ending in the key for keyset pagination.
            models.Index(fields=["shop", "points_balance", "customer"], name="standing_points_idx"),
        ]

    @property
    def is_blocked(self) -> bool:
        return self.status == self.Status.BLOCKED


class SavedFilter(TenantModel):
    """A named search + filters + sort of a list, private to its owner or shared in the shop."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    list_name = models.CharField(_("list"), max_length=50, default="customers")
    name = models.CharField(_("name"), max_length=100)
    shared = models.BooleanField(_("shared with the shop's staff"), default=False)
    query = models.JSONField(_("query"), default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "owner", "list_name", "name"], name="savedfilter_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    def as_query_dict(self) -> QueryDict:
        """The saved search, filters and sort as the list's query string parameters."""
        query = QueryDict(mutable=True)
        for key, values in self.query.items():
            query.setlist(key, [str(value) for value in values])
        return query


class ListPreference(TenantModel):
    """A staff member's columns (in order) and visible filters for one list in one shop."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    list_name = models.CharField(_("list"), max_length=50, default="customers")
    columns = models.JSONField(_("columns"), default=list)
    filters = models.JSONField(_("visible filters"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("list preference")
        verbose_name_plural = _("list preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "user", "list_name"], name="listpreference_unique"
            )
        ]


class EmailCampaign(TenantModel):
    """An email written on the customer list for a selection of customers. Its deliveries are
    the outbox: one row per customer, claimed before sending, so nobody gets it twice."""

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    service_message = models.BooleanField(
        _("service message (sent also to customers who did not opt in)"), default=False
    )
    # The code as it was when the email was written, for the {{ coupon_code }} placeholder.
    coupon_code = models.CharField(_("coupon code"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The dialog's one-time token: a form submitted twice (a double click, a reload) makes
    # one email, not two.
    form_token = models.CharField(max_length=32, null=True, blank=True)

    class Meta:
        verbose_name = _("email campaign")
        verbose_name_plural = _("email campaigns")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "form_token"], name="emailcampaign_form_token_once"
            )
        ]

    def __str__(self):
        return self.subject


class EmailDelivery(TenantModel):
    """One customer's copy of a campaign: pending -> sending -> sent | failed, or skipped.

    "sending" is committed before the message goes out. A worker killed while sending leaves
    the row "sending"; the campaign's last step turns it into "interrupted" (it may have been
    delivered) and it is never sent again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped")
        INTERRUPTED = "interrupted", _("interrupted, may have been delivered")

    campaign = ShopForeignKey(EmailCampaign, on_delete=models.CASCADE, related_name="deliveries")
    customer = ShopForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("email"), max_length=254)
    status = models.CharField(
        _("status"), max_length=11, choices=Status.choices, default=Status.PENDING
    )
    detail = models.CharField(_("detail"), max_length=255, blank=True)  # why skipped or failed
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "campaign", "customer"], name="emaildelivery_once_per_customer"
            )
        ]
        indexes = [
            models.Index(fields=["shop", "campaign", "status"], name="emaildelivery_status_idx"),
            models.Index(fields=["shop", "customer"], name="emaildelivery_customer_idx"),
        ]

    def __str__(self):
        return f"{self.email} ({self.status})"


class AssistedLogin(TenantModel):
    """A staff member logged in to a customer's account to help them ("log in as the
    customer"): who, whom, why, from where, and for how long. Started and ended only by
    customers.assisted_login; the card and the customer's privacy page list them."""

    class Ending(models.TextChoices):
        STOPPED = "stopped", _("back to the card")
        EXPIRED = "expired", _("time was up")
        LOGGED_OUT = "logged_out", _("logged out")
        NOT_ALLOWED = "not_allowed", _("no longer allowed")
        REPLACED = "replaced", _("another visit started")

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff"),
    )
    staff_name = models.CharField(_("staff member"), max_length=300)  # as they were named then
    customer = ShopForeignKey(
        # The database deletes a deleted customer's assisted logins (migration 0010).
        Customer,
        on_delete=models.DO_NOTHING,
        related_name="assisted_logins",
    )
    reason = models.CharField(_("reason"), max_length=500)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    expires_at = models.DateTimeField(_("ends at the latest"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ending = models.CharField(_("ended by"), max_length=12, choices=Ending.choices, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("assisted login")
        verbose_name_plural = _("assisted logins")
        constraints = [
            # One at a time per staff member (in a shop: row-level security keeps each shop's
            # rows to itself).
            models.UniqueConstraint(
                fields=["shop", "staff"],
                condition=models.Q(ended_at__isnull=True),
                name="assistedlogin_one_open_per_staff",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("started_at")),
                name="assistedlogin_expires_after_start",
            ),
        ]
        indexes = [
            models.Index(
                fields=["shop", "customer", "-started_at"], name="assistedlogin_customer_idx"
            ),
            models.Index(fields=["shop", "staff"], name="assistedlogin_staff_idx"),
        ]

    @property
    def ended_or_expired_at(self):
        return self.ended_at or self.expires_at

    @property
    def is_open(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()
