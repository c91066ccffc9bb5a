import getpass
import os

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from shopadmin.commands import ShopCommand
from shopadmin.models import Role
from shopadmin.services import ServiceError, add_staff_member


class Command(ShopCommand):
    help = _(
        "Create a staff account (or reuse one with that email) and give it a role in a shop. "
        "The password comes from --password, the STAFF_PASSWORD environment variable, or a prompt."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", default=None)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle_in_shop(self, shop, *, email, role, password, first_name, last_name, **options):
        password = password or os.environ.get("STAFF_PASSWORD") or None
        if password is None and options.get("interactive", True) and os.isatty(0):
            password = getpass.getpass(_("Password for %(email)s: ") % {"email": email}) or None
        try:
            user, created = add_staff_member(
                shop=shop,
                email=email,
                role=role,
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
        except ServiceError as error:
            raise CommandError(str(error)) from error
        message = (
            _("Created %(email)s as %(role)s of %(shop)s.")
            if created
            else _("%(email)s is now %(role)s of %(shop)s.")
        )
        self.stdout.write(
            self.style.SUCCESS(message % {"email": user.email, "role": role, "shop": shop.slug})
        )
