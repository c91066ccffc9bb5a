"""`migrate` runs as the schema's owner (the "owner" database) unless told otherwise: the
runtime role the app connects as may not change the schema."""

from django.core.management.commands.migrate import Command as DjangoMigrate


class Command(DjangoMigrate):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(database="owner")
