"""Numbers in messages, written the way the reader's language groups them (1,203 / 1 203), and
lengths of time."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def grouped(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


def counted(singular: str, plural: str, count: int, **values) -> str:
    """The plural form for `count`, with `%(count)s` grouped as people read it: "1,203 customers
    blocked." (For makemessages: --keyword=counted:1,2.)"""
    return ngettext(singular, plural, count) % {"count": grouped(count), **values}


def duration(seconds: float) -> str:
    """A job's running time, as precise as is useful: "8 s", "3 min 12 s", "2 h 5 min"."""
    seconds = int(seconds)
    if seconds < 60:
        return _("%(s)d s") % {"s": seconds}
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return _("%(min)d min %(s)d s") % {"min": minutes, "s": seconds}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)d h %(min)d min") % {"h": hours, "min": minutes}


def percent_number(value) -> str:
    """A percentage's number as the active language writes it, without trailing zeros:
    "10", "12.5" (or "12,5")."""
    return formats.number_format(value.normalize() if value % 1 else int(value), use_l10n=True)
