from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A staff member's role in a shop (StaffMembership.role); what each may do is
    shopadmin.permissions.ROLE_PERMISSIONS."""

    OWNER = "owner", _("owner")
    MANAGER = "manager", _("manager")
    SUPPORT = "support", _("support")


class Shop(models.Model):
    """The tenant. Not itself row-level secured: the storefront resolves it from the host."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    domain = models.CharField(_("domain"), max_length=253, unique=True, null=True, blank=True)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="PLN",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code."))],
    )
    language = models.CharField(
        _("language"), max_length=10, default="pl", choices=settings.LANGUAGES
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Warsaw", db_default="Europe/Warsaw"
    )
    address = models.TextField(
        _("address"),
        blank=True,
        db_default="",
        help_text=_("Printed on the customer card and at the foot of the shop's emails."),
    )
    registration_offers_groups = models.BooleanField(
        _("customers choose groups at registration"), default=True, db_default=True
    )
    customers_may_choose_several_groups = models.BooleanField(
        _("customers may choose several groups at registration"), default=False
    )
    registration_confirms_email = models.BooleanField(
        _("new customers confirm their email address before logging in"),
        default=False,
        db_default=False,
    )
    orders_go_to_account_manager = models.BooleanField(
        _("new orders go to the customer's account manager"), default=True
    )
    assisted_login_needs_consent = models.BooleanField(
        _("logging in as a customer needs the customer's consent"), default=True
    )
    assisted_login_minutes = models.PositiveSmallIntegerField(
        _("minutes staff stay logged in as a customer"), default=30, db_default=30
    )
    email_sender_name = models.CharField(
        _("sender name"), max_length=100, blank=True, db_default=""
    )
    email_sender_address = models.EmailField(
        _("sender address"), max_length=254, blank=True, db_default=""
    )
    email_reply_to = models.EmailField(
        _("reply-to address"), max_length=254, blank=True, db_default=""
    )
    email_footer = models.TextField(_("email footer"), blank=True, db_default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")

    def __str__(self):
        return self.name


class ShopForeignKey(models.ForeignKey):
    """A foreign key from a tenant table to another tenant table.

    Its database constraint is the same-shop key (shop_id, fk) -> (shop_id, pk) that the
    EnableTenancy migration adds, which implies the plain one; so Django's single-column
    constraint and index are left out (they would double every check and index write of bulk
    work). Each model declares an index starting with (shop, fk) instead; check_tenancy
    verifies both.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("db_constraint", False)
        kwargs.setdefault("db_index", False)
        super().__init__(*args, **kwargs)


class ShopOneToOneField(models.OneToOneField):
    """A one-to-one link between tenant tables; see ShopForeignKey."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("db_constraint", False)
        super().__init__(*args, **kwargs)


class TenantModel(models.Model):
    """Base of every tenant table: a required shop, first in every unique constraint."""

    # No index of its own: EnableTenancy gives every tenant table UNIQUE (shop_id, pk), and
    # every other index of a tenant table starts with shop_id too.
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        abstract = True


class UserManager(BaseUserManager):
    def create_user(self, email, password=None, *, shop=None, **fields):
        user = self.model(email=self.normalize_email(email), shop=shop, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    @classmethod
    def normalize_email(cls, email):
        return (email or "").strip().lower()


class User(AbstractBaseUser):
    """A person who logs in. Staff have no shop (they enter shops through memberships);
    a customer with an account has the shop set. The email is unique per shop."""

    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("email"), max_length=254)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # A staff member's current "log in as the customer" visit, as a random key that the
    # visit's session also holds (ui/impersonation.py): one visit at a time in every shop, a
    # new one ends the old on its next request.
    assisting = models.CharField(max_length=64, blank=True, default="", db_default="")
    # In how many shops this staff member works (the staff page marks those in more than
    # one; another shop's memberships are not readable from a shop). shopadmin/staff.py.
    staff_shops = models.PositiveSmallIntegerField(default=0, db_default=0)
    # The staff pages' language this staff member chose; empty: the current shop's.
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        default="",
        db_default="",
        choices=settings.LANGUAGES,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # NULLS NOT DISTINCT: two staff accounts (no shop) cannot share an email either.
            models.UniqueConstraint(
                fields=["shop", "email"], name="user_email_unique_per_shop", nulls_distinct=False
            ),
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="user_email_lowercase"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_staff_user(self) -> bool:
        return self.shop_id is None

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class StaffMembership(TenantModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["shop", "user"], name="staffmembership_unique_per_shop")
        ]
        indexes = [models.Index(fields=["user", "shop"], name="staffmembership_user_idx")]

    def __str__(self):
        return f"{self.user} @ {self.shop_id} ({self.role})"


class AuditEvent(TenantModel):
    """Who did what to which rows, written by every service. Append-only for the app role."""

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=100)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=100, blank=True)
    count = models.PositiveIntegerField(_("rows affected"), default=1)
    data = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            # The audit log, newest first, paged by (at, id) (backoffice/audit).
            models.Index(fields=["shop", "-at", "-id"], name="auditevent_shop_at_id_idx"),
            # A staff member's own actions, as the log shows them to anyone but the owner.
            models.Index(fields=["shop", "actor", "-at", "-id"], name="auditevent_actor_at_idx"),
            # One kind of action.
            models.Index(fields=["shop", "action", "-at", "-id"], name="auditevent_action_at_idx"),
            # A row's history (the customer card's), newest first.
            models.Index(
                fields=["shop", "target_type", "target_id", "-at"], name="auditevent_target_idx"
            ),
        ]

    def __str__(self):
        return f"{self.action} ×{self.count} by {self.actor_id or 'system'}"


class ShopCounter(TenantModel):
    """A number that counts per shop (its jobs, its staff-entered orders): shopadmin.counters.
    A shop's numbers tell nothing of how busy the other shops are."""

    name = models.CharField(max_length=30)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shop", "name"], name="shopcounter_unique_name")
        ]

    def __str__(self):
        return f"{self.name}: {self.value}"


class Job(TenantModel):
    """Background work with progress: queued -> running -> done | failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    # Still to do, and over for good: what the runner, the reaper and the jobs page ask.
    ACTIVE = (Status.QUEUED, Status.RUNNING)
    FINISHED = (Status.DONE, Status.FAILED)

    kind = models.CharField(_("kind"), max_length=50)
    number = models.PositiveIntegerField(_("number"), null=True)  # the shop's own count
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    result_file = models.CharField(_("result file"), max_length=500, blank=True)
    result_message = models.TextField(_("result"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["shop", "-created_at"], name="job_shop_created_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total"))
                | models.Q(progress_total=0),
                name="job_progress_within_total",
            )
        ]

    def __str__(self):
        return f"{self.kind} #{self.number or self.pk}"

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.progress_done * 100 // self.progress_total)


class JobChunk(TenantModel):
    """The ids one step of a job works on. A job that works through a selection takes it
    once, when it starts, as numbered chunks: every step then acts on who matched at the
    start, and asks for its chunk with a subquery rather than a list of thousands of ids."""

    # Indexed by (shop, job, number) below, as every index of a tenant table starts with shop.
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="+", db_index=False)
    number = models.PositiveIntegerField(_("number"))
    ids = ArrayField(models.BigIntegerField(), verbose_name=_("ids"))

    class Meta:
        verbose_name = _("job chunk")
        verbose_name_plural = _("job chunks")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "job", "number"], name="jobchunk_job_number_uniq"
            )
        ]

    def __str__(self):
        return f"chunk {self.number} of job #{self.job_id}"
