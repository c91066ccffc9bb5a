"""Amounts with the decimals of the currency's minor unit: {{ amount|money:currency }} gives
"1,500.00 PLN" or "1,500 JPY"; {{ amount|amount:currency }} the number alone (table cells)."""

from django import template
from django.utils import formats

from backoffice.discounts.tables import money as money_text
from discounts.pricing import MINOR_UNIT_DIGITS

register = template.Library()


@register.filter
def money(value, currency: str) -> str:
    return money_text(value, currency)


@register.filter
def amount(value, currency: str) -> str:
    places = MINOR_UNIT_DIGITS.get(currency, 2)
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)
