"""The discount and pricing-template lists. Cells are rendered here, with each row's URLs
filled into one reversed pattern (RowUrl), from what the list's queries fetched already."""

import django_tables2 as tables
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from backoffice.navigation import RowUrl
from discounts.models import Discount
from discounts.selectors import Status, status_of
from groups.models import PricingTemplate
from shopadmin.formatting import percent_number
from shopadmin.money import format_money


def percent(value) -> str:
    return f"{percent_number(value)} %"


def discount_value(discount, currency: str) -> str:
    if discount.kind == Discount.Kind.PERCENT:
        return percent(discount.value)
    return format_money(discount.value, currency)


def applies_to(discount) -> str:
    if discount.scope == Discount.Scope.PRODUCTS:
        count = discount.products_count
        return ngettext("%(count)d product", "%(count)d products", count) % {"count": count}
    if discount.scope == Discount.Scope.CATEGORIES:
        count = discount.categories_count
        return ngettext("%(count)d category", "%(count)d categories", count) % {"count": count}
    if discount.scope == Discount.Scope.MANUFACTURERS:
        count = discount.manufacturers_count
        return ngettext("%(count)d manufacturer", "%(count)d manufacturers", count) % {
            "count": count
        }
    return gettext("whole catalogue")


def _when(value) -> str:
    """A moment in the shop's time: the date alone at midnight, else the date and time."""
    local = timezone.localtime(value)
    at_midnight = (local.hour, local.minute, local.second) == (0, 0, 0)
    return formats.date_format(
        local, "SHORT_DATE_FORMAT" if at_midnight else "SHORT_DATETIME_FORMAT"
    )


def group_tags(groups):
    """The groups as tags in their colours, named in full (a tag's short label, as the
    customer list shows it, could not tell two groups apart here)."""
    return format_html_join(
        " ",
        '<span class="tag tag-group-{}" title="{}">{}</span>',
        ((group.pk, group.name, group.name) for group in groups),
    )


class DiscountTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"))
    value = tables.Column(verbose_name=_("Discount"), empty_values=())
    scope = tables.Column(verbose_name=_("Applies to"), empty_values=())
    audience = tables.Column(verbose_name=_("For"), empty_values=())
    min_subtotal = tables.Column(verbose_name=_("Minimum subtotal"), empty_values=())
    period = tables.Column(verbose_name=_("Active from – to"), empty_values=())
    priority = tables.Column(verbose_name=_("Priority"))
    status = tables.Column(verbose_name=_("Status"), empty_values=())
    coupons = tables.Column(verbose_name=_("Coupons (used/limit)"), empty_values=())
    actions = tables.Column(verbose_name=_("Actions"), empty_values=())

    class Meta:
        template_name = "includes/data_table.html"
        orderable = False
        attrs = {"class": "data-table discount-table"}

    def __init__(self, data, *, currency: str):
        super().__init__(data)
        self.currency = currency
        self.now = timezone.now()
        self.edit_url = RowUrl("staff:discount_edit")
        self.toggle_url = RowUrl("staff:discount_toggle")
        self.delete_url = RowUrl("staff:discount_delete")

    def render_name(self, record):
        return format_html('<a href="{}">{}</a>', self.edit_url(record.pk), record.name)

    def render_value(self, record):
        return discount_value(record, self.currency)

    def render_scope(self, record):
        return applies_to(record)

    def render_audience(self, record):
        if record.audience == Discount.Audience.EVERYONE:
            return gettext("everyone")
        return group_tags(link.group for link in record.group_links.all())

    def render_min_subtotal(self, record):
        if record.min_subtotal is None:
            return "—"
        return format_money(record.min_subtotal, self.currency)

    def render_period(self, record):
        start, end = record.active_from, record.active_to
        if start is None and end is None:
            return gettext("always")
        if end is None:
            return gettext("from %(start)s") % {"start": _when(start)}
        if start is None:
            return gettext("until %(end)s") % {"end": _when(end)}
        return format_html(
            "{}<br>{}",
            gettext("from %(start)s") % {"start": _when(start)},
            gettext("to %(end)s") % {"end": _when(end)},
        )

    def render_status(self, record):
        status = status_of(record, self.now)
        return format_html(
            '<span class="status status-{}">{}</span>', status, Status.LABELS[status]
        )

    def render_coupons(self, record):
        coupons = record.coupons.all()
        if not coupons:
            return "—"
        return format_html_join(
            "",
            '<span class="coupon"><code>{}</code> {}/{}{}</span>',
            (
                (
                    coupon.code,
                    coupon.uses_count,
                    coupon.max_uses_total if coupon.max_uses_total is not None else "∞",
                    _per_customer(coupon),
                )
                for coupon in coupons
            ),
        )

    def render_actions(self, record):
        toggle = ("0", gettext("Deactivate")) if record.is_active else ("1", gettext("Activate"))
        return format_html(
            '<div class="row-actions"><a href="{}">{}</a>'
            '<button type="submit" class="link-button" form="discount-toggle" formaction="{}" '
            'name="active" value="{}">{}</button>'
            '<a class="danger-link" href="{}">{}</a></div>',
            self.edit_url(record.pk),
            gettext("Edit"),
            self.toggle_url(record.pk),
            *toggle,
            self.delete_url(record.pk),
            gettext("Delete"),
        )


def _per_customer(coupon) -> str:
    if coupon.max_uses_per_customer is None:
        return ""
    text = ngettext(
        "%(count)d use per customer", "%(count)d uses per customer", coupon.max_uses_per_customer
    ) % {"count": coupon.max_uses_per_customer}
    return format_html(' <span class="muted">({})</span>', text)


class PricingTemplateTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"))
    base = tables.Column(verbose_name=_("Price"), empty_values=())
    min_margin_percent = tables.Column(verbose_name=_("Minimum margin over cost"))
    groups = tables.Column(verbose_name=_("Used by groups"), empty_values=())
    actions = tables.Column(verbose_name=_("Actions"), empty_values=())

    class Meta:
        template_name = "includes/data_table.html"
        orderable = False
        attrs = {"class": "data-table template-table"}

    def __init__(self, data):
        super().__init__(data)
        self.edit_url = RowUrl("staff:pricing_template_edit")
        self.delete_url = RowUrl("staff:pricing_template_delete")

    def render_name(self, record):
        return format_html('<a href="{}">{}</a>', self.edit_url(record.pk), record.name)

    def render_base(self, record):
        if record.base == PricingTemplate.Base.COST:
            return gettext("cost plus %(percent)s") % {
                "percent": percent(record.adjustment_percent)
            }
        return gettext("list price minus %(percent)s") % {
            "percent": percent(record.adjustment_percent)
        }

    def render_min_margin_percent(self, value):
        return percent(value)

    def render_groups(self, record):
        return group_tags(record.groups) if record.groups else "—"

    def render_actions(self, record):
        return format_html(
            '<div class="row-actions"><a href="{}">{}</a><a class="danger-link" href="{}">{}</a>'
            "</div>",
            self.edit_url(record.pk),
            gettext("Edit"),
            self.delete_url(record.pk),
            gettext("Delete"),
        )
