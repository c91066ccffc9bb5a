"""An audit event in words, as staff read it: "Anna Zielińska added 129 customers to VIP; 21
guests skipped". Events without words of their own read as their kind and target."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shopadmin.formatting import counted

# What each kind of event is, for the filter and for events without words of their own.
ACTION_LABELS = {
    "customer.created": gettext_lazy("customer added"),
    "customer.updated": gettext_lazy("customer changed"),
    "customer.registered": gettext_lazy("customer registered"),
    "customer.card_printed": gettext_lazy("card printed"),
    "customer.groups_chosen": gettext_lazy("groups chosen by the customer"),
    "customer.password_reset_link_sent": gettext_lazy("password link sent"),
    "customer.password_link_requested": gettext_lazy("password link asked for"),
    "customer.assisted_login_started": gettext_lazy("logged in as the customer"),
    "customer.assisted_login_ended": gettext_lazy("back from the customer's account"),
    "customers.deleted": gettext_lazy("customers deleted"),
    "customers.account_manager_assigned": gettext_lazy("account manager assigned"),
    "customers.email_started": gettext_lazy("email sent"),
    "customers.cards_printed": gettext_lazy("cards printed"),
    "group.created": gettext_lazy("group created"),
    "group.updated": gettext_lazy("group changed"),
    "group.deleted": gettext_lazy("group deleted"),
    "group.members_added": gettext_lazy("customers added to a group"),
    "group.members_removed": gettext_lazy("customers removed from a group"),
    "group.memberships_replaced": gettext_lazy("groups replaced"),
    "group.requests_approved": gettext_lazy("requests to join approved"),
    "group.requests_rejected": gettext_lazy("requests to join rejected"),
    "discount.created": gettext_lazy("discount created"),
    "discount.updated": gettext_lazy("discount changed"),
    "discount.deleted": gettext_lazy("discount deleted"),
    "coupon.given": gettext_lazy("coupon given"),
    "order.created": gettext_lazy("order entered"),
    "order.status_changed": gettext_lazy("order status changed"),
    "loyalty.rule_set": gettext_lazy("loyalty rule set"),
    "customer.email_confirmed": gettext_lazy("email address confirmed"),
    "customer.email_change_requested": gettext_lazy("new email address asked for"),
    "customer.password_changed": gettext_lazy("password changed by the customer"),
    "customer.assisted_login_consent": gettext_lazy("assisted-login consent changed"),
    "coupon.created": gettext_lazy("coupon created"),
    "discounts.group_removed": gettext_lazy("group taken off discounts"),
    "orders.account_manager_assigned": gettext_lazy("orders given to an account manager"),
    "points.order_settled": gettext_lazy("points for an order"),
    "pricing_template.created": gettext_lazy("pricing template created"),
    "pricing_template.updated": gettext_lazy("pricing template changed"),
    "pricing_template.deleted": gettext_lazy("pricing template deleted"),
    "saved_filter.created": gettext_lazy("saved filter created"),
    "saved_filter.renamed": gettext_lazy("saved filter renamed"),
    "saved_filter.deleted": gettext_lazy("saved filter deleted"),
    "shop.created": gettext_lazy("shop created"),
    "demo.seeded": gettext_lazy("demo data made"),
    "shop.settings_changed": gettext_lazy("settings changed"),
    "staff.role_granted": gettext_lazy("staff role given"),
    "staff.invited": gettext_lazy("staff member invited"),
    "staff.role_changed": gettext_lazy("staff role changed"),
    "staff.removed": gettext_lazy("staff member removed"),
}


def action_label(action: str) -> str:
    if action.startswith("job.started."):
        return _("job started")
    return str(ACTION_LABELS.get(action, action))


def in_words(event, actor: str, target: str) -> str:
    """The event as a sentence: who did what, to how many, to which row."""
    data, count = event.data or {}, event.count
    values = {"actor": actor, "target": target, "count": count}
    action = event.action
    if action == "group.members_added":
        said = counted(
            "%(actor)s added %(count)s customer to %(target)s",
            "%(actor)s added %(count)s customers to %(target)s",
            count,
            actor=actor,
            target=target,
        )
        skipped = data.get("guests_skipped") or 0
        if skipped:
            said += "; " + counted("%(count)s guest skipped", "%(count)s guests skipped", skipped)
        return said
    if action == "group.members_removed":
        return counted(
            "%(actor)s removed %(count)s customer from %(target)s",
            "%(actor)s removed %(count)s customers from %(target)s",
            count,
            actor=actor,
            target=target,
        )
    if action == "customers.deleted":
        return counted(
            "%(actor)s deleted %(count)s customer",
            "%(actor)s deleted %(count)s customers",
            count,
            actor=actor,
        )
    if action == "customers.account_manager_assigned":
        return counted(
            "%(actor)s gave %(count)s customer an account manager",
            "%(actor)s gave %(count)s customers an account manager",
            count,
            actor=actor,
        )
    if action == "customer.assisted_login_started":
        return _("%(actor)s logged in as %(target)s: “%(reason)s”") % {
            **values,
            "reason": data.get("reason", ""),
        }
    if action == "order.status_changed":
        before, after = data.get("changed", {}).get("status", ["", ""])
        return _(
            "%(actor)s changed the status of order %(target)s from %(before)s to %(after)s"
        ) % {
            **values,
            "before": before,
            "after": after,
        }
    label = action_label(action)
    if target:
        return _("%(actor)s: %(what)s, %(target)s") % {**values, "what": label}
    return _("%(actor)s: %(what)s") % {**values, "what": label}
