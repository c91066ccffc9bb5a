from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"

    def ready(self):
        from groups.selectors import groups_of_shop
        from shopadmin.home_tiles import HomeTile, register_home_tile

        register_home_tile(HomeTile("groups", _("Customer groups"), groups_of_shop, order=20))
