from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        from orders.selectors import currency_change_refusal
        from shopadmin.shop_settings import register_settings_check

        register_settings_check(currency_change_refusal)

        from orders.services import hand_on_managed_orders
        from shopadmin.staff import register_staff_removal_hook

        register_staff_removal_hook(hand_on_managed_orders)
