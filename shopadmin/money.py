"""Money in one place: how many decimals a currency has (Babel's copy of the CLDR data:
JPY 0, PLN 2, KWD 3), rounding an amount to them, and writing it for the active language.
Pages (the `money` template filters in ui/templatetags), CSV files and messages all use these.
"""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision
from django.utils import formats


def minor_unit_digits(currency: str) -> int:
    """The decimals of the currency's minor unit; an unknown code has two."""
    return get_currency_precision(currency)


def minor_unit(currency: str) -> Decimal:
    """1 for JPY, 0.01 for PLN: the smallest amount a price can have."""
    return Decimal(1).scaleb(-minor_unit_digits(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """`amount` rounded half up to the currency's minor unit."""
    return Decimal(amount).quantize(minor_unit(currency), ROUND_HALF_UP)


def format_amount(amount, currency: str) -> str:
    """The number alone, rounded to the currency's decimals and grouped the way the active
    language writes numbers: "1,500.00" for PLN in English, "1 500,00" in Polish, "1,500" for
    JPY. For table cells, where the column says the currency."""
    digits = minor_unit_digits(currency)
    return formats.number_format(
        round_money(amount, currency), digits, use_l10n=True, force_grouping=True
    )


def format_money(amount, currency: str) -> str:
    """The amount with its currency code: "1,500.00 PLN", "1,500 JPY"."""
    return f"{format_amount(amount, currency)} {currency}"
