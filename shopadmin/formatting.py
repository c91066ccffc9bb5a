"""Numbers in messages, written the way the reader's language groups them (1,203 / 1 203)."""

from django.utils import formats


def grouped(number: int) -> str:
    return formats.number_format(number, force_grouping=True)
