"""Bulk actions on the customer list: which customers a request selects, and the actions.

A selection is either the ticked rows or "all customers matching this search and these
filters", re-evaluated inside the current shop when the action runs. Each action names the
permission it needs, the form for its options (if any) and how it reports what it did.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from customers import services
from customers.exports import export_columns
from customers.filters import CustomerFilter
from customers.selectors import customers_of_shop
from customers.services import start_customer_export
from discounts import services as discount_services
from discounts.selectors import coupons_of_shop
from groups import services as group_services
from groups.selectors import groups_of_shop
from loyalty import services as loyalty_services
from shopadmin.permissions import Perm
from shopadmin.selectors import staff_of_shop

SCOPE_SELECTED = "selected"
SCOPE_ALL = "all"


@dataclass(frozen=True)
class Selection:
    customers: object  # a queryset of the shop's customers
    scope: str
    query: str  # the list's query string, to return to the list as it was
    ids: list[int]  # the ticked rows, when the scope is "selected"


class SelectionForm(forms.Form):
    """What the list's action bar sends: the action, the scope, ticked ids and the list's
    own query string (its search, filters and sort)."""

    action = forms.CharField()
    scope = forms.ChoiceField(choices=[(SCOPE_SELECTED, SCOPE_SELECTED), (SCOPE_ALL, SCOPE_ALL)])
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    query = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer is accepted here; selected() keeps only this shop's customers.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()

    def clean_action(self):
        name = self.cleaned_data["action"]
        if name not in ACTIONS:
            raise forms.ValidationError(_("Choose an action."))
        return ACTIONS[name]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == SCOPE_SELECTED and not cleaned.get("ids"):
            raise forms.ValidationError(
                _("Tick at least one customer, or choose all customers matching the search.")
            )
        return cleaned

    def selection(self, *, shop, user) -> Selection:
        query = QueryDict(self.cleaned_data["query"] or "")
        if self.cleaned_data["scope"] == SCOPE_ALL:
            filterset = CustomerFilter(
                query, queryset=customers_of_shop(shop), shop=shop, user=user
            )
            customers = filterset.qs if filterset.is_valid() else customers_of_shop(shop).none()
        else:
            customers = customers_of_shop(shop).filter(pk__in=self.cleaned_data["ids"])
        return Selection(
            customers=customers,
            scope=self.cleaned_data["scope"],
            query=query.urlencode(),
            ids=self.cleaned_data["ids"] or [],
        )


class ExistingGroupForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=None)

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups_of_shop(shop).order_by("name")


class GroupForm(forms.Form):
    """An existing group, or a new one made here (its name and tag colour)."""

    group = forms.ModelChoiceField(
        label=_("Group"), queryset=None, required=False, empty_label=_("A new group…")
    )
    new_group = forms.CharField(label=_("New group's name"), max_length=100, required=False)
    new_group_colour = forms.CharField(
        label=_("New group's tag colour"),
        initial="#1E88E5",
        max_length=7,
        required=False,
        widget=forms.TextInput(attrs={"type": "color"}),
    )

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups_of_shop(shop).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("group") and not cleaned.get("new_group", "").strip():
            raise forms.ValidationError(_("Choose a group, or name the new one."))
        return cleaned

    @staticmethod
    def chosen_group(shop, actor, options):
        return options["group"] or group_services.create_group(
            shop=shop, actor=actor, name=options["new_group"],
            tag_colour=(options["new_group_colour"] or "#1E88E5").upper(),
        )  # fmt: skip


class GroupsForm(forms.Form):
    groups = forms.ModelMultipleChoiceField(
        label=_("Groups"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to remove the customers from every group."),
    )

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups_of_shop(shop).order_by("name")


class ManagerForm(forms.Form):
    manager = forms.ModelChoiceField(
        label=_("Account manager"), queryset=None, required=False, empty_label=_("Nobody")
    )
    move_orders = forms.BooleanField(
        label=_("Also move their existing orders to this manager"), required=False
    )

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = staff_of_shop(shop)


class PointsForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Change"),
        choices=[
            (loyalty_services.ADD, _("Add points")),
            (loyalty_services.SUBTRACT, _("Subtract points")),
            (loyalty_services.SET, _("Set the balance to")),
        ],
    )
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=10_000_000)
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("points") == 0 and cleaned.get("mode") != loyalty_services.SET:
            self.add_error("points", _("Give a positive number of points."))
        return cleaned


class CouponForm(forms.Form):
    """An existing coupon, or a new one made here: a code and a percentage off."""

    coupon = forms.ModelChoiceField(
        label=_("Coupon"), queryset=None, required=False, empty_label=_("A new coupon…")
    )
    new_code = forms.CharField(label=_("New coupon code"), max_length=40, required=False)
    new_percent = forms.DecimalField(
        label=_("New coupon: % off"), min_value=0.01, max_value=100, decimal_places=2,
        required=False,
    )  # fmt: skip

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coupon"].queryset = coupons_of_shop(shop).order_by("code")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("coupon") and not (
            cleaned.get("new_code") and cleaned.get("new_percent")
        ):
            raise forms.ValidationError(
                _("Choose a coupon, or give the new coupon's code and percentage.")
            )
        return cleaned


class ExportForm(forms.Form):
    columns = forms.ChoiceField(
        label=_("Columns"),
        choices=[("visible", _("The list's columns, in their order")), ("all", _("Every field"))],
        widget=forms.RadioSelect,
        initial="visible",
    )
    bom = forms.BooleanField(
        label=_("For Excel (UTF-8 with a byte order mark)"), required=False, initial=True
    )

    def __init__(self, *args, shop, **kwargs):
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class BulkAction:
    name: str
    label: str
    perm: str
    run: Callable  # (shop, actor, selection, options) -> the message that says what happened
    form_class: type[forms.Form] | None = None
    danger: bool = False
    then: str = ""  # where to go afterwards (a URL name); the list when empty


def _guests(change) -> str:
    if not change.guests_skipped:
        return ""
    return " " + ngettext(
        "%(count)d guest skipped: guests cannot join groups.",
        "%(count)d guests skipped: guests cannot join groups.",
        change.guests_skipped,
    ) % {"count": change.guests_skipped}


def _block(shop, actor, selection, options):
    count = services.block_customers(shop=shop, actor=actor, customers=selection.customers)
    return ngettext("%(count)d customer blocked.", "%(count)d customers blocked.", count) % {
        "count": count
    }


def _unblock(shop, actor, selection, options):
    count = services.unblock_customers(shop=shop, actor=actor, customers=selection.customers)
    return ngettext("%(count)d customer unblocked.", "%(count)d customers unblocked.", count) % {
        "count": count
    }


def _add_to_group(shop, actor, selection, options):
    group = GroupForm.chosen_group(shop, actor, options)
    change = group_services.add_customers_to_group(
        shop=shop, actor=actor, customers=selection.customers, group=group
    )
    message = ngettext(
        "%(count)d customer added to %(group)s.",
        "%(count)d customers added to %(group)s.",
        change.added,
    ) % {"count": change.added, "group": group.name}
    return message + _guests(change)


def _remove_from_group(shop, actor, selection, options):
    group = options["group"]
    change = group_services.remove_customers_from_group(
        shop=shop, actor=actor, customers=selection.customers, group=group
    )
    return ngettext(
        "%(count)d customer removed from %(group)s.",
        "%(count)d customers removed from %(group)s.",
        change.removed,
    ) % {"count": change.removed, "group": group.name}


def _replace_groups(shop, actor, selection, options):
    change = group_services.replace_customers_groups(
        shop=shop, actor=actor, customers=selection.customers, groups=list(options["groups"])
    )
    message = _("Groups replaced: %(added)d memberships added, %(removed)d removed.") % {
        "added": change.added,
        "removed": change.removed,
    }
    return message + _guests(change)


def _assign_manager(shop, actor, selection, options):
    manager = options["manager"]
    change = services.assign_account_manager(
        shop=shop, actor=actor, customers=selection.customers, manager=manager,
        move_orders=options["move_orders"],
    )  # fmt: skip
    name = manager.get_full_name() or manager.email if manager else _("nobody")
    message = ngettext(
        "%(count)d customer now managed by %(name)s.",
        "%(count)d customers now managed by %(name)s.",
        change.customers,
    ) % {"count": change.customers, "name": name}
    if options["move_orders"]:
        message += " " + ngettext(
            "%(count)d order moved.", "%(count)d orders moved.", change.orders
        ) % {"count": change.orders}
    return message


def _points(shop, actor, selection, options):
    change = loyalty_services.adjust_points(
        shop=shop, actor=actor, customers=selection.customers, mode=options["mode"],
        points=options["points"], reason=options["reason"],
    )  # fmt: skip
    message = ngettext(
        "Points changed for %(count)d customer.",
        "Points changed for %(count)d customers.",
        change.changed,
    ) % {"count": change.changed}
    if change.skipped:
        message += " " + ngettext(
            "%(count)d skipped: their balance would go below zero.",
            "%(count)d skipped: their balance would go below zero.",
            change.skipped,
        ) % {"count": change.skipped}
    return message


def _give_coupon(shop, actor, selection, options):
    coupon = options["coupon"] or discount_services.create_percent_coupon(
        shop=shop, actor=actor, code=options["new_code"], percent=options["new_percent"]
    )
    result = discount_services.give_coupon(
        shop=shop, actor=actor, customers=selection.customers, coupon=coupon
    )
    message = ngettext(
        "Coupon %(code)s given to %(count)d customer.",
        "Coupon %(code)s given to %(count)d customers.",
        result.given,
    ) % {"code": coupon.code, "count": result.given}
    if result.had_it:
        message += " " + ngettext(
            "%(count)d had it already.", "%(count)d had it already.", result.had_it
        ) % {"count": result.had_it}
    return message


def _export(shop, actor, selection, options):
    from customers.selectors import list_preference_for
    from customers.tables import DEFAULT_COLUMNS

    if options["columns"] == "all":
        columns = export_columns(None)
    else:
        preference = list_preference_for(shop=shop, user=actor)
        columns = export_columns((preference and preference.columns) or DEFAULT_COLUMNS)
    ticked = selection.scope == SCOPE_SELECTED
    job = start_customer_export(
        shop=shop,
        actor=actor,
        query="" if ticked else selection.query,
        ids=selection.ids if ticked else None,
        columns=columns,
        bom=options["bom"],
    )
    return _("Export #%(job)d started: %(count)d customers. It appears here when ready.") % {
        "job": job.pk,
        "count": job.progress_total,
    }


def _delete(shop, actor, selection, options):
    result = services.delete_customers(shop=shop, actor=actor, customers=selection.customers)
    message = ngettext(
        "%(count)d customer deleted.", "%(count)d customers deleted.", result.deleted
    ) % {"count": result.deleted}
    if result.orders_kept:
        message += " " + ngettext(
            "Their %(count)d order stays in the shop's records.",
            "Their %(count)d orders stay in the shop's records.",
            result.orders_kept,
        ) % {"count": result.orders_kept}
    return message


ACTIONS = {
    action.name: action
    for action in [
        BulkAction(
            "add_to_group", _("Add to a group"), Perm.CHANGE_GROUPS, _add_to_group, GroupForm
        ),
        BulkAction(
            "remove_from_group",
            _("Remove from a group"),
            Perm.CHANGE_GROUPS,
            _remove_from_group,
            ExistingGroupForm,
        ),
        BulkAction(
            "replace_groups",
            _("Replace all groups"),
            Perm.CHANGE_GROUPS,
            _replace_groups,
            GroupsForm,
        ),
        BulkAction(
            "assign_manager",
            _("Assign an account manager"),
            Perm.EDIT_ORDERS,
            _assign_manager,
            ManagerForm,
        ),
        BulkAction("points", _("Edit loyalty points"), Perm.ADJUST_POINTS, _points, PointsForm),
        BulkAction("block", _("Block"), Perm.EDIT_CUSTOMERS, _block),
        BulkAction("unblock", _("Unblock"), Perm.EDIT_CUSTOMERS, _unblock),
        BulkAction(
            "give_coupon", _("Give a coupon"), Perm.MANAGE_DISCOUNTS, _give_coupon, CouponForm
        ),
        BulkAction(
            "export", _("Export to CSV"), Perm.EXPORT, _export, ExportForm, then="staff:jobs"
        ),
        BulkAction("delete", _("Delete"), Perm.DELETE, _delete, danger=True),
    ]
}
