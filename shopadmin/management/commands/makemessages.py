from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages, also told that counted(singular, plural, count, ...) in
    shopadmin.formatting is a plural gettext: its two forms go into the catalogue together."""

    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=counted:1,2"]
