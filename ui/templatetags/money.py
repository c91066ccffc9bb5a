"""Amounts with the decimals of the currency's minor unit, for the active language:
{{ amount|money:currency }} gives "1,500.00 PLN" or "1,500 JPY"; {{ amount|amount:currency }}
the number alone (table cells). Both are shopadmin.money's."""

from django import template

from shopadmin.money import format_amount, format_money

register = template.Library()


@register.filter
def money(value, currency: str) -> str:
    return format_money(value, currency) if value is not None else ""


@register.filter
def amount(value, currency: str) -> str:
    return format_amount(value, currency) if value is not None else ""
