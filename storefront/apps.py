from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"

    def ready(self):
        from shopadmin.links import register_customer_page_url
        from storefront.urls_for import absolute_url

        register_customer_page_url(absolute_url)
