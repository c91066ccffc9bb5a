from loyalty.models import LoyaltyRule, PointsEntry


def points_entries_of_customer(shop, customer):
    """The customer's points ledger, newest first, with the order and the staff member of each
    entry (index pointsentry_customer_idx)."""
    entries = PointsEntry.objects.filter(shop=shop, customer=customer)
    return entries.select_related("order", "actor").order_by("-created_at", "-pk")


def active_rule(shop) -> LoyaltyRule | None:
    """The shop's one active loyalty rule, if it has one."""
    return LoyaltyRule.objects.filter(shop=shop, is_active=True).first()


def past_rules(shop):
    return LoyaltyRule.objects.filter(shop=shop, is_active=False).order_by("-created_at", "-pk")
