from django.apps import AppConfig


class LoyaltyConfig(AppConfig):
    name = "loyalty"

    def ready(self):
        from loyalty.models import PointsEntry
        from shopadmin.db_roles import register_append_only

        register_append_only(PointsEntry)  # the points ledger: entries are added, never changed
