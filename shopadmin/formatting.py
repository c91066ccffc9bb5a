"""Numbers in messages, written the way the reader's language groups them (1,203 / 1 203)."""

from django.utils import formats
from django.utils.translation import ngettext


def grouped(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


def counted(singular: str, plural: str, count: int, **values) -> str:
    """The plural form for `count`, with `%(count)s` grouped as people read it: "1,203 customers
    blocked." (For makemessages: --keyword=counted:1,2.)"""
    return ngettext(singular, plural, count) % {"count": grouped(count), **values}
