from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from customers.search import matching_customer_ids, search_terms
from customers.selectors import selected_customers
from orders.models import Order, OrderLine
from shopadmin.querying import id_in
from shopadmin.selectors import history_of


def orders_of_shop(shop):
    return Order.objects.filter(shop=shop)


def orders_of_customer(shop, customer):
    return orders_of_shop(shop).filter(customer=customer)


def orders_of_customer_newest_first(shop, customer):
    """The customer's orders, newest first (index order_customer_idx)."""
    return orders_of_customer(shop, customer).order_by("-placed_at", "-pk")


def latest_orders_of_customers(shop, customer_ids, *, each: int) -> dict[int, list]:
    """customer id -> their `each` newest orders, for many customers in one query."""
    newest_first = Window(
        RowNumber(), partition_by=F("customer_id"), order_by=(F("placed_at").desc(), F("pk").desc())
    )
    orders = (
        orders_of_shop(shop)
        .filter(customer_id__in=customer_ids)
        .annotate(rank=newest_first)
        .filter(rank__lte=each)
        .order_by("customer_id", "rank")
    )
    found = {}
    for order in orders:
        found.setdefault(order.customer_id, []).append(order)
    return found


def orders_of_customers(shop, customers):
    """The orders of the customers that the queryset `customers` selects."""
    return orders_of_shop(shop).filter(customer__in=selected_customers(shop, customers))


def order_rows(shop, ids: list[int]) -> list:
    """The orders `ids` in that order, with what the staff list shows of them (customer,
    account manager)."""
    rows = orders_of_shop(shop).filter(pk__in=ids).select_related("customer", "account_manager")
    by_id = {order.pk: order for order in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


# A search by name walks the orders of every customer it matches; past this many customers
# ("kowal" matches 22,000 of a million) it asks for a narrower term instead.
MAX_SEARCHED_CUSTOMERS = 50_000


class SearchTooBroad(ValueError):
    """A search term that matches too many customers to list their orders; says so."""


def search_orders(queryset, term: str):
    """`queryset` narrowed to the order numbered `term` (in any case) if there is one, else to
    the orders of the customers matching `term` (name, company, email, phone, VAT number,
    city: the customer list's search). Raises SearchTooBroad past MAX_SEARCHED_CUSTOMERS."""
    term = term.strip()
    if not term:
        return queryset
    by_number = queryset.filter(number__in={term, term.upper()})
    if by_number.exists():
        return by_number
    ids = matching_customer_ids(
        search_terms(term), using=queryset.db, limit=MAX_SEARCHED_CUSTOMERS + 1
    )
    if len(ids) > MAX_SEARCHED_CUSTOMERS:
        message = _(
            "More than %(count)s customers match “%(term)s”: add a word (a surname, a city) "
            "or search by order number or email."
        )
        raise SearchTooBroad(message % {"count": f"{MAX_SEARCHED_CUSTOMERS:,}", "term": term})
    return queryset.filter(id_in("customer_id", ids))


def get_order_for_shop(shop, pk):
    """The order `pk` of the shop with its customer and manager; 404 for another shop's."""
    return get_object_or_404(
        orders_of_shop(shop).select_related("customer", "account_manager"), pk=pk
    )


def get_order_of_customer(shop, customer, pk):
    """The customer's own order `pk`; 404 for another customer's and another shop's."""
    return get_object_or_404(orders_of_customer(shop, customer), pk=pk)


def lines_of_orders(shop, orders):
    """The lines of several orders, in one query, by order then as entered."""
    return OrderLine.objects.filter(shop=shop, order__in=orders).order_by("order_id", "pk")


def lines_of_order(shop, order):
    return OrderLine.objects.filter(shop=shop, order=order).order_by("pk")


def status_history_of_order(shop, order) -> list[dict]:
    """The order's statuses from the audit log, oldest first: when, who, from and to (labels).
    An order placed here starts with its "new"; one imported or seeded starts at its first
    change. Few rows: a status only moves forward (orders.services.NEXT_STATUSES)."""
    events = history_of(shop, order).filter(action__in=["order.created", "order.status_changed"])
    rows = []
    for event in events.order_by("at", "pk"):
        before, after = event.data.get("changed", {}).get("status", ["", Order.Status.NEW])
        rows.append(
            {"at": event.at, "actor": event.actor, "from": _label(before), "to": _label(after)}
        )
    return rows


def _label(status: str) -> str:
    return Order.Status(status).label if status in Order.Status.values else status


def currency_change_refusal(shop, changes: dict) -> str:
    """Why the shop may not change its currency: its orders' amounts are in the old one."""
    if "currency" in changes and orders_of_shop(shop).exists():
        return _(
            "The currency stays %(currency)s: the shop has orders in it, and their amounts "
            "would change meaning."
        ) % {"currency": shop.currency}
    return ""
