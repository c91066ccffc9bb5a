"""The figures on the staff home page: each tile counts one thing in the current shop."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from customers.selectors import customers_of_shop
from groups.selectors import groups_of_shop
from orders.selectors import orders_of_shop
from shopadmin.querying import bounded_count
from shopadmin.selectors import jobs_of_shop


@dataclass(frozen=True)
class HomeTile:
    key: str
    label: str
    queryset: Callable  # (shop) -> QuerySet of that shop's rows


TILES = (
    HomeTile("customers", _("Customers"), customers_of_shop),
    HomeTile("groups", _("Customer groups"), groups_of_shop),
    HomeTile("orders", _("Orders"), orders_of_shop),
    HomeTile("jobs", _("Background jobs"), jobs_of_shop),
)


def home_figures(shop) -> list[dict]:
    figures = []
    for tile in TILES:
        count, exact = bounded_count(tile.queryset(shop))
        figures.append({"key": tile.key, "label": tile.label, "count": count, "exact": exact})
    return figures
