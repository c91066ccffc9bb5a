from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"

    def ready(self):
        from customers.bulk.running import BULK_ACTION, BulkActionJob
        from customers.campaigns import CampaignSending
        from customers.exports import CustomerExport
        from customers.selectors import customers_of_shop
        from customers.services import CUSTOMER_EXPORT, EMAIL_CAMPAIGN
        from shopadmin.home_tiles import HomeTile, register_home_tile
        from shopadmin.jobs import register_job_kind

        register_home_tile(HomeTile("customers", _("Customers"), customers_of_shop, order=10))
        register_job_kind(CUSTOMER_EXPORT, CustomerExport())
        register_job_kind(EMAIL_CAMPAIGN, CampaignSending())
        register_job_kind(BULK_ACTION, BulkActionJob())
