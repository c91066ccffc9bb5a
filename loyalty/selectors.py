from loyalty.models import PointsEntry


def points_entries_of_customer(shop, customer):
    """The customer's points ledger, newest first, with the order and the staff member of each
    entry (index pointsentry_customer_idx)."""
    entries = PointsEntry.objects.filter(shop=shop, customer=customer)
    return entries.select_related("order", "actor").order_by("-created_at", "-pk")
