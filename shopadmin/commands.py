"""A base for management commands that work inside one shop (`--shop <slug>`)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shopadmin.models import Shop
from shopadmin.tenancy import shop_context


def get_shop_by_slug(slug: str) -> Shop:
    shop = Shop.objects.filter(slug=slug).first()
    if shop is None:
        raise CommandError(_("There is no shop with the slug “%(slug)s”.") % {"slug": slug})
    return shop


class ShopCommand(BaseCommand):
    """Subclasses implement handle_in_shop(shop, **options); it runs inside shop_context."""

    def add_arguments(self, parser):
        parser.add_argument("--shop", required=True, help=_("the shop's slug"))

    def handle(self, *args, **options):
        shop = get_shop_by_slug(options.pop("shop"))
        with shop_context(shop):
            return self.handle_in_shop(shop, **options)

    def handle_in_shop(self, shop, **options):
        raise NotImplementedError
