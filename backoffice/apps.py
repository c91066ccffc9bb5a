from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    """The staff back-office: every page under /staff/, with its forms, tables, filter sets,
    templates and scripts. It registers the job kinds whose steps bind its own forms again."""

    name = "backoffice"

    def ready(self):
        from backoffice.customers.bulk.running import BULK_ACTION, BulkActionJob
        from backoffice.customers.card_pdfs import CustomerCardsPdf
        from backoffice.customers.exports import CustomerExport
        from backoffice.links import staff_page_absolute_url
        from customers.services import CUSTOMER_CARDS_PDF, CUSTOMER_EXPORT
        from shopadmin.jobs import register_job_kind
        from shopadmin.links import register_staff_page_url

        register_staff_page_url(staff_page_absolute_url)
        register_job_kind(CUSTOMER_EXPORT, CustomerExport())
        register_job_kind(CUSTOMER_CARDS_PDF, CustomerCardsPdf())
        register_job_kind(BULK_ACTION, BulkActionJob())
