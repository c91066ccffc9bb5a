"""The group list's table and the members page's table of customers."""

from decimal import Decimal

import django_tables2 as tables
from django.db.models.functions import Lower
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backoffice.customers.tables import CustomerTable
from backoffice.navigation import RowUrl
from shopadmin.permissions import Perm


class YesNoColumn(tables.Column):
    def render(self, value):
        return gettext("Yes") if value else gettext("No")


class GroupActionsColumn(tables.Column):
    """Links to the group's pages the role may use, reversed once per table (RowUrl)."""

    def __init__(self, **kwargs):
        super().__init__(empty_values=(), orderable=False, **kwargs)

    def render(self, record, table):
        links = format_html_join(
            " ",
            '<a href="{}"{}>{}</a>',
            ((url(record.pk), attrs, label) for label, url, attrs in table.row_links),
        )
        return format_html('<span class="row-links">{}</span>', links)


class GroupTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"))
    tag = tables.TemplateColumn(
        template_code='{% include "includes/group_tag.html" with group=record %}',
        verbose_name=_("Tag"),
        accessor="tag_label",
        order_by=("tag_label", "pk"),
    )
    members = tables.Column(
        accessor="members_count", verbose_name=_("Members"), order_by=("members_count", "pk")
    )
    self_selectable = YesNoColumn(
        verbose_name=_("Self-selectable"), order_by=("self_selectable", "pk")
    )
    pricing_template = tables.Column(
        accessor="pricing_template__name",
        verbose_name=_("Pricing template"),
        order_by=("pricing_template__name", "pk"),
    )
    extra_discount = tables.Column(
        accessor="extra_discount_percent",
        verbose_name=_("Extra discount"),
        order_by=("extra_discount_percent", "pk"),
    )
    tax_exempt = YesNoColumn(verbose_name=_("Tax exempt"), order_by=("tax_exempt", "pk"))
    actions = GroupActionsColumn(verbose_name=_("Actions"))
    # includes/data_table.html: <table data-testid="group-table">, <tr data-group="<id>">
    testid, row_attribute = "group-table", "group"

    class Meta:
        template_name = "includes/data_table.html"
        order_by = "name"
        attrs = {"class": "data-table group-table"}
        empty_text = ""

    def __init__(self, data, *, perms=frozenset(), **kwargs):
        super().__init__(data, **kwargs)
        self.row_links = _row_links(perms)
        self.members_url = RowUrl("staff:group_members")

    def order_name(self, queryset, is_descending):
        """Names in alphabetical order whatever their case."""
        name = Lower("name").desc() if is_descending else Lower("name").asc()
        return queryset.order_by(name, "-pk" if is_descending else "pk"), True

    def render_name(self, record):
        return format_html('<a href="{}">{}</a>', self.members_url(record.pk), record.name)

    def render_members(self, record, value):
        return format_html('<a href="{}">{}</a>', self.members_url(record.pk), value)

    def render_extra_discount(self, value):
        return f"{formats.number_format(Decimal(value).normalize())} %"


def _row_links(perms) -> list:
    """(label, url, attributes) of each link the role may use."""
    links = []
    if Perm.MANAGE_GROUPS in perms:
        links.append((gettext("Edit"), RowUrl("staff:group_edit"), ""))
    links.append((gettext("Members"), RowUrl("staff:group_members"), ""))
    if Perm.MANAGE_GROUPS in perms:
        links.append(
            (gettext("Delete"), RowUrl("staff:group_delete"), mark_safe(' class="danger-link"'))
        )
    return links


# The customer list's columns that the members page shows.
MEMBER_COLUMNS = ["name", "email", "city", "orders_count", "registered_at", "status"]


class MemberTable(CustomerTable):
    """The group's customers, with the customer list's cells (name with its tags, figures)."""

    testid = "member-table"
    reorderable = False
    select_form = "remove-members"
    select_all_label = _("Select every member on this page")

    class Meta(CustomerTable.Meta):
        attrs = {"class": "data-table member-table"}

    def __init__(self, data, *, currency: str, perms=frozenset()):
        super().__init__(data, currency=currency, columns=MEMBER_COLUMNS, perms=perms)
        if Perm.CHANGE_GROUPS not in perms:
            self.columns.hide("select")
