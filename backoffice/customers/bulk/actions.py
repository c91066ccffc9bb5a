"""The bulk actions: the permission each needs, its options form, and what it does and says.

Each action is a small class over BulkAction, whose hooks do nothing until an action says
otherwise. Most actions change the selection chunk by chunk (ChangeAction): `apply` does it to
some customers and returns counts, summed over the chunks; `describe` says what the sums mean.
A selection over BULK_INLINE_LIMIT customers is done that way by a job (bulk/running.py).
Export, email and the cards' PDF are jobs of their own (StartsJob): `start` starts it and says so.
"""

from dataclasses import asdict

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from backoffice.customers.bulk.forms import (
    CouponForm,
    EmailForm,
    ExistingGroupForm,
    ExportForm,
    GroupForm,
    GroupsForm,
    ManagerForm,
    PointsForm,
    RequestedGroupForm,
)
from backoffice.customers.bulk.selection import SCOPE_SELECTED
from backoffice.customers.exports import export_columns
from backoffice.customers.tables import DEFAULT_COLUMNS
from customers import services
from customers.campaigns import message_for
from customers.models import EmailCampaign
from customers.selectors import list_preference_for
from customers.services import start_customer_export
from discounts import services as discount_services
from groups import services as group_services
from groups.selectors import requests_of_customers
from loyalty import services as loyalty_services
from orders import services as order_services
from orders.selectors import orders_of_customers
from shopadmin.formatting import counted, grouped
from shopadmin.permissions import Perm


class BulkAction:
    name: str
    label: str
    perm: str
    form_class: type[forms.Form] | None = None  # the action's options, if it has any
    danger = False  # the confirmation's button is red
    starts_own_job = False
    can_preview = False

    def preview(self, shop, selection, options) -> dict:
        """What the action would do for one customer, shown before it runs."""
        return {}


class ChangeAction(BulkAction):
    """Changes the selection chunk by chunk, in the request or in a job."""

    def prepare(self, shop, actor, options) -> dict:
        """What the options ask to create (a new group, a new coupon), made once before any
        chunk: {option name: the object made}."""
        return {}

    def apply(self, shop, actor, customers, options) -> dict[str, int]:
        raise NotImplementedError

    def describe(self, counts, options) -> str:
        """The message that says what the summed `counts` mean."""
        raise NotImplementedError

    def after(self, shop, actor, selection, options) -> str:
        """Done once after the last chunk, over the whole selection (emailing the coupon):
        more message, or nothing."""
        return ""


class StartsJob(BulkAction):
    """Starts a job of its own (export, email), whatever the selection's size."""

    starts_own_job = True

    def start(self, shop, actor, selection, options) -> str:
        """Start the job; the message that says so."""
        raise NotImplementedError


def _guests(counts) -> str:
    if not counts.get("guests_skipped"):
        return ""
    return " " + counted(
        "%(count)s guest skipped: guests cannot join groups.",
        "%(count)s guests skipped: guests cannot join groups.",
        counts["guests_skipped"],
    )


class AddToGroup(ChangeAction):
    name = "add_to_group"
    label = _("Add to a group")
    perm = Perm.CHANGE_GROUPS
    form_class = GroupForm

    def prepare(self, shop, actor, options):
        if options["group"]:
            return {}
        group = group_services.create_group(
            shop=shop,
            actor=actor,
            name=options["new_group"],
            tag_colour=(options["new_group_colour"] or "#1E88E5").upper(),
        )
        return {"group": group}

    def apply(self, shop, actor, customers, options):
        change = group_services.add_customers_to_group(
            shop=shop, actor=actor, customers=customers, group=options["group"]
        )
        return asdict(change)

    def describe(self, counts, options):
        message = counted(
            "%(count)s customer added to %(group)s.",
            "%(count)s customers added to %(group)s.",
            counts["added"],
            group=options["group"].name,
        )
        return message + _guests(counts)


class RemoveFromGroup(ChangeAction):
    name = "remove_from_group"
    label = _("Remove from a group")
    perm = Perm.CHANGE_GROUPS
    form_class = ExistingGroupForm

    def apply(self, shop, actor, customers, options):
        change = group_services.remove_customers_from_group(
            shop=shop, actor=actor, customers=customers, group=options["group"]
        )
        return asdict(change)

    def describe(self, counts, options):
        return counted(
            "%(count)s customer removed from %(group)s.",
            "%(count)s customers removed from %(group)s.",
            counts["removed"],
            group=options["group"].name,
        )


class ReplaceGroups(ChangeAction):
    name = "replace_groups"
    label = _("Replace all groups")
    perm = Perm.CHANGE_GROUPS
    form_class = GroupsForm

    def apply(self, shop, actor, customers, options):
        change = group_services.replace_customers_groups(
            shop=shop, actor=actor, customers=customers, groups=list(options["groups"])
        )
        return asdict(change)

    def describe(self, counts, options):
        message = _("Groups replaced: %(added)s memberships added, %(removed)s removed.") % {
            "added": grouped(counts["added"]),
            "removed": grouped(counts["removed"]),
        }
        return message + _guests(counts)


def _asked(shop, customers, group) -> dict[str, int]:
    """How many of `customers` there are, and how many asked to join `group`: counted before
    their requests are decided, to say who had not asked."""
    return {
        "selected": customers.count(),
        "asked": requests_of_customers(shop, group, customers).count(),
    }


def _not_asked(counts) -> str:
    not_asked = counts["selected"] - counts["asked"]
    if not not_asked:
        return ""
    return "; " + counted("%(count)s had not asked", "%(count)s had not asked", not_asked)


class ApproveGroupRequests(ChangeAction):
    name = "approve_group_requests"
    label = _("Approve request to join group")
    perm = Perm.CHANGE_GROUPS
    form_class = RequestedGroupForm

    def apply(self, shop, actor, customers, options):
        group = options["group"]
        counts = _asked(shop, customers, group)
        counts["approved"] = group_services.approve_group_requests(
            shop=shop, actor=actor, group=group, customers=customers
        )
        return counts

    def describe(self, counts, options):
        message = counted(
            "%(count)s customer approved into %(group)s",
            "%(count)s customers approved into %(group)s",
            counts["approved"],
            group=options["group"].name,
        )
        # Asked, but a member already (added by staff meanwhile): the request is gone all the same.
        members_already = counts["asked"] - counts["approved"]
        if members_already:
            message += "; " + counted(
                "%(count)s was a member already",
                "%(count)s were members already",
                members_already,
            )
        return message + _not_asked(counts) + "."


class RejectGroupRequests(ChangeAction):
    name = "reject_group_requests"
    label = _("Reject request to join group")
    perm = Perm.CHANGE_GROUPS
    form_class = RequestedGroupForm
    danger = True

    def apply(self, shop, actor, customers, options):
        group = options["group"]
        counts = _asked(shop, customers, group)
        counts["rejected"] = group_services.reject_group_requests(
            shop=shop, actor=actor, group=group, customers=customers
        )
        return counts

    def describe(self, counts, options):
        message = counted(
            "%(count)s request to join %(group)s rejected",
            "%(count)s requests to join %(group)s rejected",
            counts["rejected"],
            group=options["group"].name,
        )
        return message + _not_asked(counts) + "."


class AssignManager(ChangeAction):
    name = "assign_manager"
    label = _("Assign an account manager")
    perm = Perm.EDIT_ORDERS
    form_class = ManagerForm

    def apply(self, shop, actor, customers, options):
        manager = options["manager"]
        changed = services.assign_account_manager(
            shop=shop, actor=actor, customers=customers, manager=manager
        )
        moved = 0
        if options["move_orders"]:
            moved = order_services.reassign_orders(
                shop=shop, actor=actor, customers=customers, manager=manager
            )
        return {"customers": changed, "orders": moved}

    def describe(self, counts, options):
        manager = options["manager"]
        name = manager.get_full_name() or manager.email if manager else _("nobody")
        message = counted(
            "%(count)s customer now managed by %(name)s.",
            "%(count)s customers now managed by %(name)s.",
            counts["customers"],
            name=name,
        )
        if options["move_orders"]:
            orders = counts["orders"]
            message += " " + counted("%(count)s order moved.", "%(count)s orders moved.", orders)
        return message


class EditPoints(ChangeAction):
    name = "points"
    label = _("Edit loyalty points")
    perm = Perm.ADJUST_POINTS
    form_class = PointsForm

    def apply(self, shop, actor, customers, options):
        change = loyalty_services.adjust_points(
            shop=shop,
            actor=actor,
            customers=customers,
            mode=options["mode"],
            points=options["points"],
            reason=options["reason"],
        )
        return asdict(change)

    def describe(self, counts, options):
        message = counted(
            "Points changed for %(count)s customer.",
            "Points changed for %(count)s customers.",
            counts["changed"],
        )
        if counts["skipped"]:
            message += " " + counted(
                "%(count)s skipped: their balance would go below zero.",
                "%(count)s skipped: their balance would go below zero.",
                counts["skipped"],
            )
        return message


class Block(ChangeAction):
    name = "block"
    label = _("Block")
    perm = Perm.EDIT_CUSTOMERS

    def apply(self, shop, actor, customers, options):
        return {"count": services.block_customers(shop=shop, actor=actor, customers=customers)}

    def describe(self, counts, options):
        return counted(
            "%(count)s customer blocked.", "%(count)s customers blocked.", counts["count"]
        )


class Unblock(ChangeAction):
    name = "unblock"
    label = _("Unblock")
    perm = Perm.EDIT_CUSTOMERS

    def apply(self, shop, actor, customers, options):
        return {"count": services.unblock_customers(shop=shop, actor=actor, customers=customers)}

    def describe(self, counts, options):
        return counted(
            "%(count)s customer unblocked.", "%(count)s customers unblocked.", counts["count"]
        )


class GiveCoupon(ChangeAction):
    name = "give_coupon"
    label = _("Give a coupon")
    perm = Perm.MANAGE_DISCOUNTS
    form_class = CouponForm

    def prepare(self, shop, actor, options):
        if options["coupon"]:
            return {}
        coupon = discount_services.create_percent_coupon(
            shop=shop, actor=actor, code=options["new_code"], percent=options["new_percent"]
        )
        return {"coupon": coupon}

    def apply(self, shop, actor, customers, options):
        result = discount_services.give_coupon(
            shop=shop, actor=actor, customers=customers, coupon=options["coupon"]
        )
        return asdict(result)

    def describe(self, counts, options):
        message = counted(
            "Coupon %(code)s given to %(count)s customer.",
            "Coupon %(code)s given to %(count)s customers.",
            counts["given"],
            code=options["coupon"].code,
        )
        if counts["had_it"]:
            message += " " + counted(
                "%(count)s had it already.", "%(count)s had it already.", counts["had_it"]
            )
        return message

    def after(self, shop, actor, selection, options):
        """Email the coupon to those of the selection who hold it, if asked."""
        if not options["email"]:
            return ""
        coupon = options["coupon"]
        with translation.override(shop.language):  # the customers' language, not the staff's
            subject = _("Your coupon from %(shop)s") % {"shop": shop.name}
            body = COUPON_EMAIL_BODY % {"shop": shop.name}
        started = services.start_email_campaign(
            shop=shop,
            actor=actor,
            coupon=coupon,
            subject=subject,
            body=body,
            # Those of the selection who hold the coupon now: not someone who came to match later.
            customers=selection.customers.filter(coupon_assignments__coupon=coupon),
            service_message=options["service_message"],
        )
        return _email_started(started)


# The coupon email: placeholders are filled per customer when it is sent.
COUPON_EMAIL_BODY = _(
    "Hello {{ first_name }},\n\n"
    "here is a coupon for you: {{ coupon_code }}. Enter it at checkout.\n\n"
    "%(shop)s"
)


def _email_started(started) -> str:
    if started.job is None and started.skipped:
        return _("Nobody to email: none of them is subscribed to the newsletter.")
    if started.job is None:
        return _("Nobody to email.")
    message = counted(
        "Email #%(job)d is being sent to %(count)s customer.",
        "Email #%(job)d is being sent to %(count)s customers.",
        started.recipients,
        job=started.job.number,
    )
    if started.skipped:
        message += " " + counted(
            "%(count)s skipped: not subscribed to the newsletter.",
            "%(count)s skipped: not subscribed to the newsletter.",
            started.skipped,
        )
    return message


class SendEmail(StartsJob):
    name = "send_email"
    label = _("Send an email")
    perm = Perm.SEND_EMAIL
    form_class = EmailForm
    can_preview = True

    def start(self, shop, actor, selection, options):
        started = services.start_email_campaign(
            shop=shop,
            actor=actor,
            customers=selection.customers,
            subject=options["subject"],
            body=options["body"],
            service_message=options["service_message"],
            coupon=options["coupon"],
            form_token=options["form_token"],
        )
        return _email_started(started)

    def preview(self, shop, selection, options):
        customer = options["preview_for"]
        if customer is None:
            return {}
        campaign = EmailCampaign(
            subject=options["subject"],
            body=options["body"],
            coupon_code=options["coupon"].code if options["coupon"] else "",
        )
        subject, body = message_for(campaign, customer)
        return {
            "customer": customer,
            "subject": subject,
            "body": body,
            "skipped": not (customer.newsletter or options["service_message"]),
        }


class Export(StartsJob):
    name = "export"
    label = _("Export to CSV")
    perm = Perm.EXPORT
    form_class = ExportForm

    def start(self, shop, actor, selection, options):
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
        return counted(
            "Export #%(job)d started: %(count)s customer. It appears here when ready.",
            "Export #%(job)d started: %(count)s customers. It appears here when ready.",
            job.progress_total,
            job=job.number,
        )


class PrintCards(StartsJob):
    name = "print_cards"
    label = _("Print cards (PDF)")
    perm = Perm.EXPORT  # many customers' records leaving at once, as an export does
    max_cards = services.MAX_CARDS_PER_PDF

    def start(self, shop, actor, selection, options):
        ticked = selection.scope == SCOPE_SELECTED
        job = services.start_customer_cards_pdf(
            shop=shop,
            actor=actor,
            query="" if ticked else selection.query,
            ids=list(selection.customers.values_list("pk", flat=True)) if ticked else None,
            count=selection.customers.count(),
        )
        return counted(
            "Cards #%(job)d started: %(count)s customer. The PDF appears here when ready.",
            "Cards #%(job)d started: %(count)s customers. The PDF appears here when ready.",
            job.progress_total,
            job=job.number,
        )


class Delete(ChangeAction):
    name = "delete"
    label = _("Delete")
    perm = Perm.DELETE
    danger = True

    def apply(self, shop, actor, customers, options):
        # Their orders stay, without a customer: count them first, to say so.
        orders_kept = orders_of_customers(shop, customers).count()
        deleted = services.delete_customers(shop=shop, actor=actor, customers=customers)
        return {"deleted": deleted, "orders_kept": orders_kept}

    def describe(self, counts, options):
        message = counted(
            "%(count)s customer deleted.", "%(count)s customers deleted.", counts["deleted"]
        )
        if counts["orders_kept"]:
            message += " " + counted(
                "Their %(count)s order stays in the shop's records.",
                "Their %(count)s orders stay in the shop's records.",
                counts["orders_kept"],
            )
        return message


# In the action bar's order.
ACTIONS = {
    action.name: action
    for action in (
        AddToGroup(),
        RemoveFromGroup(),
        ReplaceGroups(),
        ApproveGroupRequests(),
        RejectGroupRequests(),
        AssignManager(),
        EditPoints(),
        Block(),
        Unblock(),
        GiveCoupon(),
        SendEmail(),
        Export(),
        PrintCards(),
        Delete(),
    )
}
