from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "loyalty"

    def ready(self):
        from loyalty.models import PointsEntry
        from loyalty.services import settle_order_points
        from orders.services import register_status_change_hook
        from shopadmin.db_roles import register_append_only

        register_append_only(PointsEntry)  # the points ledger: entries are added, never changed
        # An order that reaches the rule's status earns its points; a cancelled one gives
        # them back, in the transaction that changes the status.
        register_status_change_hook(settle_order_points)
