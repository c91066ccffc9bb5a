from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "customers"

    def ready(self):
        from customers.campaigns import CampaignSending
        from customers.services import EMAIL_CAMPAIGN
        from shopadmin.jobs import register_job_kind

        register_job_kind(EMAIL_CAMPAIGN, CampaignSending())

        from customers.services import hand_on_managed_customers
        from shopadmin.staff import register_staff_removal_hook

        register_staff_removal_hook(hand_on_managed_customers)
