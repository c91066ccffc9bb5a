"""The bulk actions: the permission each needs, its options form, and what it does and says."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from customers import services
from customers.bulk.forms import (
    CouponForm,
    EmailForm,
    ExistingGroupForm,
    ExportForm,
    GroupForm,
    GroupsForm,
    ManagerForm,
    PointsForm,
)
from customers.bulk.selection import SCOPE_SELECTED
from customers.campaigns import message_for
from customers.exports import export_columns
from customers.models import EmailCampaign
from customers.services import start_customer_export
from discounts import services as discount_services
from groups import services as group_services
from loyalty import services as loyalty_services
from shopadmin.permissions import Perm


@dataclass(frozen=True)
class BulkAction:
    name: str
    label: str
    perm: str
    run: Callable  # (shop, actor, selection, options) -> the message that says what happened
    form_class: type[forms.Form] | None = None
    danger: bool = False
    then: str = ""  # where to go afterwards (a URL name); the list when empty
    # (shop, selection, options) -> what the action would do for one customer, shown before
    # it runs (the email's preview)
    preview: Callable | None = None


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
    group = options["group"] or group_services.create_group(
        shop=shop, actor=actor, name=options["new_group"],
        tag_colour=(options["new_group_colour"] or "#1E88E5").upper(),
    )  # fmt: skip
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
    if options["email"]:
        started = services.start_email_campaign(
            shop=shop, actor=actor, customers=selection.customers, coupon=coupon,
            subject=_("Your coupon from %(shop)s") % {"shop": shop.name},
            body=COUPON_EMAIL_BODY % {"shop": shop.name},
            service_message=options["service_message"],
        )  # fmt: skip
        message += " " + _email_started(started)
    return message


# The coupon email: placeholders are filled per customer when it is sent.
COUPON_EMAIL_BODY = _(
    "Hello {{ first_name }},\n\n"
    "here is a coupon for you: {{ coupon_code }}. Enter it at checkout.\n\n"
    "%(shop)s"
)


def _email_started(started) -> str:
    if started.job is None:
        return _("Nobody to email: none of them is subscribed to the newsletter.")
    message = ngettext(
        "Email #%(job)d is being sent to %(count)d customer.",
        "Email #%(job)d is being sent to %(count)d customers.",
        started.recipients,
    ) % {"job": started.job.pk, "count": started.recipients}
    if started.skipped:
        message += " " + ngettext(
            "%(count)d skipped: not subscribed to the newsletter.",
            "%(count)d skipped: not subscribed to the newsletter.",
            started.skipped,
        ) % {"count": started.skipped}
    return message


def _send_email(shop, actor, selection, options):
    started = services.start_email_campaign(
        shop=shop, actor=actor, customers=selection.customers, subject=options["subject"],
        body=options["body"], service_message=options["service_message"],
        coupon=options["coupon"],
    )  # fmt: skip
    return _email_started(started)


def _preview_email(shop, selection, options) -> dict:
    customer = options["preview_for"]
    if customer is None:
        return {}
    campaign = EmailCampaign(
        subject=options["subject"], body=options["body"],
        coupon_code=options["coupon"].code if options["coupon"] else "",
    )  # fmt: skip
    subject, body = message_for(campaign, customer)
    return {"customer": customer, "subject": subject, "body": body,
            "skipped": not (customer.newsletter or options["service_message"])}  # fmt: skip


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
        ids=list(selection.customers.values_list("pk", flat=True)) if ticked else None,
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
            "send_email",
            _("Send an email"),
            Perm.SEND_EMAIL,
            _send_email,
            EmailForm,
            then="staff:jobs",
            preview=_preview_email,
        ),  # fmt: skip
        BulkAction(
            "export", _("Export to CSV"), Perm.EXPORT, _export, ExportForm, then="staff:jobs"
        ),
        BulkAction("delete", _("Delete"), Perm.DELETE, _delete, danger=True),
    ]
}
