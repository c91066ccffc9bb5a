"""List every tenant table that is not walled in, and fail (exit 1) if there is one.

A tenant table is any table of the public schema with a shop_id column. Each must have row
level security enabled and forced, a policy that reads app.shop_id, no unique constraint
without shop_id (apart from the primary key), and a same-shop twin for every foreign key to
another tenant table. The runtime role must be neither superuser nor BYPASSRLS nor owner.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from shopadmin.tenancy_audit import find_tenancy_problems


class Command(BaseCommand):
    help = _("Check that every table with a shop_id column is protected by row-level security.")

    def handle(self, *args, **options):
        problems, tables = find_tenancy_problems(connections["owner"], settings.DATABASE_APP_ROLE)
        for problem in problems:
            self.stderr.write(f"- {problem}")
        if problems:
            raise CommandError(
                _("%(count)d tenancy problem(s) in %(tables)d tenant tables.")
                % {"count": len(problems), "tables": len(tables)}
            )
        self.stdout.write(
            _("All %(tables)d tenant tables have row-level security, forced, with a shop policy.")
            % {"tables": len(tables)}
        )
