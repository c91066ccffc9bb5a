"""A page of the customer list: its sorts, the page of rows with what the columns show, and
the list's total (bounded, as every list's: backoffice.paging). Also the group members page's
list."""

from dataclasses import dataclass

from django.db.models import F, Prefetch

from backoffice.paging import ListPage, list_page
from customers.models import Customer
from customers.selectors import customers_of_shop, with_companions_of_shop
from groups.selectors import memberships_of_shop
from shopadmin.querying import Total

# A sort key of the list (a column's name) -> the fields it orders by. The primary key is
# always added last, so that equal values keep a stable order from page to page. Each has an
# index that starts with shop_id and ends with the primary key (customers.models).
SORTS = {
    "name": ("last_name", "first_name"),
    "email": ("email",),
    "registered_at": ("registered_at",),
    "last_visit_at": ("last_visit_at",),
    "orders_count": ("stats__orders_count",),
    "orders_value_gross": ("stats__orders_value_gross_cents",),
    "orders_value_net": ("stats__orders_value_net",),
    "last_order_at": ("stats__last_order_at",),
    "points_balance": ("standing__points_balance",),
}
# "Never" (no visit, no order) sorts as the oldest date, as their indexes are built.
NULLABLE_SORT_FIELDS = {"last_visit_at", "stats__last_order_at"}
DEFAULT_SORT = "-registered_at"


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool

    @classmethod
    def parse(cls, value: str | None) -> "Sort":
        """The sort of a `sort` parameter such as "-orders_value_gross"; unknown: the default."""
        value = value or DEFAULT_SORT
        key = value.removeprefix("-")
        if key not in SORTS:
            return cls.parse(DEFAULT_SORT)
        return cls(key, value.startswith("-"))

    def __str__(self):
        return f"-{self.key}" if self.descending else self.key

    def order_by(self) -> list:
        order = []
        for field in (*SORTS[self.key], "pk"):
            if field in NULLABLE_SORT_FIELDS:
                expression = (
                    F(field).desc(nulls_last=True)
                    if self.descending
                    else F(field).asc(nulls_first=True)
                )
            else:
                expression = F(field).desc() if self.descending else F(field).asc()
            order.append(expression)
        return order


def order_customers(queryset, *, shop, sort: Sort):
    companions = {field.split("__")[0] for field in SORTS[sort.key]}
    queryset = with_companions_of_shop(queryset, shop=shop, companions=companions)
    return queryset.order_by(*sort.order_by())


# --- A page of the list ------------------------------------------------------------------


def customer_list_page(
    queryset, *, shop, sort: Sort, number: int, per_page: int, known_total: Total | None = None
) -> ListPage:
    """One page of `queryset` in `sort` order, with the list's total (backoffice.paging).

    The page is found as bare ids first (an index-only walk of the sort's index, cheap even
    deep into the list), then only those rows are read with what the columns show. The total
    is counted only when neither the page nor `known_total` tells it, and then within a time
    budget.
    """
    ids = order_customers(queryset, shop=shop, sort=sort).values_list("pk", flat=True)
    page = list_page(ids, number=number, per_page=per_page, count=queryset, known_total=known_total)
    page.object_list = customer_rows(shop, page.object_list)
    return page


def customer_rows(shop, ids: list[int]) -> list[Customer]:
    """The customers `ids` in that order, with statistics, manager and group tags loaded."""
    memberships = (
        memberships_of_shop(shop).select_related("group").order_by("group__name", "group_id")
    )
    rows = (
        customers_of_shop(shop)
        .filter(pk__in=ids)
        .select_related("stats", "standing", "account_manager")
        .prefetch_related(Prefetch("group_memberships", queryset=memberships))
    )
    by_id = {customer.pk: customer for customer in rows}
    return [by_id[pk] for pk in ids if pk in by_id]
