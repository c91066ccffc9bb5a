"""The customer list's columns. Which of them show, and in which order, is each staff
member's choice (ListPreference); sorting is done by customers.selectors.SORTS, not here."""

import django_tables2 as tables
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from customers.selectors import SORTS

DEFAULT_COLUMNS = [
    "name", "email", "orders_count", "orders_value_gross", "orders_value_net",
    "registered_at", "last_visit_at", "newsletter", "status", "last_order_at", "options",
]  # fmt: skip


class MoneyColumn(tables.Column):
    def render(self, value):
        return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


class DateColumn(tables.Column):
    """A date in the active language's short format; "—" for never."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, empty_values=(), **kwargs)

    def render(self, value):
        return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


class CustomerTable(tables.Table):
    name = tables.TemplateColumn(
        template_name="customers/cells/name.html", verbose_name=_("Name"), empty_values=()
    )
    email = tables.Column(verbose_name=_("Email"))
    phone = tables.Column(verbose_name=_("Phone"))
    city = tables.Column(verbose_name=_("City"))
    vat_number = tables.Column(verbose_name=_("VAT number"))
    groups = tables.TemplateColumn(
        template_name="customers/cells/groups.html", verbose_name=_("Groups"), empty_values=()
    )
    orders_count = tables.Column(accessor="stats__orders_count", verbose_name=_("Orders"))
    orders_value_gross = MoneyColumn(
        accessor="stats__orders_value_gross", verbose_name=_("Orders value")
    )
    orders_value_net = MoneyColumn(accessor="stats__orders_value_net", verbose_name=_("Net value"))
    last_order_at = DateColumn(accessor="stats__last_order_at", verbose_name=_("Last order"))
    registered_at = DateColumn(verbose_name=_("Registered"))
    last_visit_at = DateColumn(verbose_name=_("Last visit"))
    newsletter = tables.BooleanColumn(verbose_name=_("Newsletter"))
    status = tables.Column(verbose_name=_("Status"))
    account_type = tables.Column(verbose_name=_("Account type"))
    account_manager = tables.Column(verbose_name=_("Account manager"))
    points_balance = tables.Column(accessor="stats__points_balance", verbose_name=_("Points"))
    terms_accepted_at = DateColumn(verbose_name=_("Terms accepted"))
    options = tables.TemplateColumn(
        template_name="customers/cells/options.html", verbose_name=_("Options"), empty_values=()
    )

    class Meta:
        template_name = "customers/table.html"
        orderable = False  # the header links come from customers.selectors.SORTS
        attrs = {"class": "data-table customer-table"}

    def __init__(self, data, *, columns: list[str], **kwargs):
        hidden = [name for name in self.base_columns if name not in columns]
        super().__init__(data, sequence=[*columns, "..."], exclude=hidden, **kwargs)

    @staticmethod
    def is_sortable(name: str) -> bool:
        return name in SORTS

    def render_status(self, record):
        return record.get_status_display()

    def render_account_type(self, record):
        return record.get_account_type_display()


# The columns a staff member can choose from, in the chooser's order.
COLUMN_CHOICES = {name: column.verbose_name for name, column in CustomerTable.base_columns.items()}
