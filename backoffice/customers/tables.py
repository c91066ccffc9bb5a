"""The customer list's columns. Which of them show, and in which order, is each staff
member's choice (ListPreference); sorting is done by list_page.SORTS, not here."""

from urllib.parse import urlencode

import django_tables2 as tables
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backoffice.navigation import RowUrl
from shopadmin.money import format_amount
from shopadmin.permissions import Perm

DEFAULT_COLUMNS = [
    "name",
    "email",
    "orders_count",
    "orders_value_gross",
    "orders_value_net",
    "registered_at",
    "last_visit_at",
    "newsletter",
    "status",
    "last_order_at",
    "options",
]


class MoneyColumn(tables.Column):
    """An amount in the shop's currency (the table's), with that currency's decimals."""

    def render(self, value, table):
        return format_amount(value, table.currency)


class DateColumn(tables.Column):
    """A date in the active language's short format; "—" for never."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, empty_values=(), **kwargs)

    def render(self, value):
        return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


class SelectColumn(tables.Column):
    """A row's tick box, in the table's form (table.select_form): the customer list's action
    bar (bulk actions), or the members page's "Remove from group"."""

    def __init__(self, **kwargs):
        super().__init__(empty_values=(), orderable=False, **kwargs)

    def render(self, record, table):
        label = gettext("Select %(name)s") % {"name": record.display_name}
        return format_html(
            '<input type="checkbox" name="ids" value="{}" form="{}" aria-label="{}">',
            record.pk,
            table.select_form,
            label,
        )


class OptionsColumn(tables.Column):
    """The row menu. Rendered in Python with URLs reversed once per table (RowUrl): through
    the template engine, five links a row cost more than the rest of the row."""

    def __init__(self, **kwargs):
        super().__init__(empty_values=(), **kwargs)

    def render(self, record, table):
        links = format_html_join(
            "",
            '<li><a href="{}"{}>{}</a></li>',
            (
                (url(record.pk) + suffix, attrs, label)
                for label, url, suffix, attrs, guests_too in table.row_options
                if guests_too or not record.is_guest
            ),
        )
        summary = gettext("Options for %(name)s") % {"name": record.display_name}
        return format_html(
            '<details class="row-menu"><summary aria-label="{}">⋯</summary><ul>{}</ul></details>',
            summary,
            links,
        )


class CustomerTable(tables.Table):
    # Always first and never in the chooser: ticks rows for the action bar (bulk actions).
    select = SelectColumn(verbose_name=_("Select"))
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
    status = tables.Column(accessor="standing__status", verbose_name=_("Status"))
    account_type = tables.Column(verbose_name=_("Account type"))
    account_manager = tables.Column(verbose_name=_("Account manager"))
    points_balance = tables.Column(accessor="standing__points_balance", verbose_name=_("Points"))
    terms_accepted_at = DateColumn(verbose_name=_("Terms accepted"))
    options = OptionsColumn(verbose_name=_("Options"))

    # What customers/table.html offers around the cells (the members page's table differs).
    testid = "customer-table"
    reorderable = True  # headers are dragged to a new order (the list's column chooser)
    select_form = "bulk-form"  # the form the row boxes are sent with
    select_all_label = _("Select every customer on this page")

    class Meta:
        template_name = "customers/table.html"
        orderable = False  # the header links come from backoffice.customers.list_page.SORTS
        attrs = {"class": "data-table customer-table"}

    def __init__(
        self, data, *, currency: str, columns: list[str], perms=frozenset(), list_url: str = ""
    ):
        hidden = [name for name in self.base_columns if name not in columns and name != "select"]
        super().__init__(data, sequence=["select", *columns, "..."], exclude=hidden)
        self.currency = currency
        self.row_options = _row_options(perms, list_url)

    def render_status(self, record):
        return record.standing.get_status_display()

    def render_account_type(self, record):
        return record.get_account_type_display()


def _row_options(perms, list_url: str) -> list:
    """(label, url, suffix, attributes, also for guests) of each entry the role may use."""
    back = "?" + urlencode({"next": list_url}) if list_url else ""
    card = RowUrl("staff:customer_card")
    options = [(gettext("Open card"), card, "", "", True)]
    if Perm.EDIT_ORDERS in perms:
        options.append((gettext("Add order"), RowUrl("staff:order_create"), back, "", True))
    options.append((gettext("Orders of this customer"), card, "#orders", "", True))
    if Perm.EDIT_CUSTOMERS in perms:
        reset = RowUrl("staff:customer_password_reset")
        options.append((gettext("Send password-reset link"), reset, back, "", False))
    if Perm.DELETE in perms:
        delete = RowUrl("staff:customer_delete")
        options.append((gettext("Delete"), delete, back, mark_safe(' class="danger-link"'), True))
    return options


# The columns a staff member can choose from, in the chooser's order.
COLUMN_CHOICES = {
    name: column.verbose_name
    for name, column in CustomerTable.base_columns.items()
    if name != "select"
}
