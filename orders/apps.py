from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        from orders.selectors import currency_change_refusal
        from shopadmin.shop_settings import register_settings_check

        register_settings_check(currency_change_refusal)
