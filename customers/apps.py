from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"

    def ready(self):
        from customers.selectors import customers_of_shop
        from shopadmin.home_tiles import HomeTile, register_home_tile

        register_home_tile(HomeTile("customers", _("Customers"), customers_of_shop, order=10))
