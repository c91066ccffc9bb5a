from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        from orders.selectors import orders_of_shop
        from shopadmin.home_tiles import HomeTile, register_home_tile

        register_home_tile(HomeTile("orders", _("Orders"), orders_of_shop, order=30))
