from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shopadmin.models import Shop
from shopadmin.services import ServiceError, create_shop


class Command(BaseCommand):
    help = _("Create a shop. Running it again with the same slug and name changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True)
        parser.add_argument("--domain", default=None)
        parser.add_argument("--currency", default="PLN")
        parser.add_argument("--language", default="pl")

    def handle(self, *args, name, slug, domain, currency, language, **options):
        existing = Shop.objects.filter(slug=slug).first()
        if existing is not None:
            if existing.name == name and (domain is None or existing.domain == domain):
                self.stdout.write(
                    _("Shop “%(slug)s” already exists; nothing to do.") % {"slug": slug}
                )
                return
            raise CommandError(
                _("The slug “%(slug)s” is taken by the shop “%(name)s”.")
                % {"slug": slug, "name": existing.name}
            )
        try:
            shop = create_shop(
                name=name, slug=slug, domain=domain, currency=currency.upper(), language=language
            )
        except ServiceError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Created shop “%(name)s” (%(slug)s).") % {"name": shop.name, "slug": slug}
            )
        )
