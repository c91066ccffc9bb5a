"""One way of paging every staff list, shown by one pager
(templates/includes/pagination.html).

A page is read with one row more than it shows, which tells whether a next page exists. The
list's total is counted only when the page cannot tell it (a first page that is not full is
the whole list) and no search told it already, and then at most to LIST_COUNT_LIMIT within a
time budget (`shopadmin.querying.count_within`): the pager says "Page N of M" when the total
is exact and "Page N" when it is not, and the list says "more than 10,000". A page number past
the end of a list whose total is exact shows the last page; past an inexact total the list
says the page is past the end and offers the first. A page number or size that is not one
gives the first page or the list's default size.
"""

from dataclasses import dataclass

from shopadmin.querying import Total, count_within, positive_int

PAGE_SIZES = (25, 50, 100, 250)  # what the pager's "Per page" offers, on every list
LIST_COUNT_LIMIT = 10_000  # beyond this a list says "more than 10,000"
# However large the number in the address, the offset stays one PostgreSQL takes (a bigint).
MAX_PAGE_NUMBER = 1_000_000


@dataclass
class ListPage:
    object_list: list
    number: int
    per_page: int
    has_next: bool
    total: Total
    sizes: tuple[int, ...] = PAGE_SIZES

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)

    @property
    def last_number(self) -> int | None:
        """The last page's number when the total is exact."""
        if not self.total.exact:
            return None
        return max(1, -(-self.total.count // self.per_page))


def page_number(query, key: str = "page") -> int:
    """The page number that the address (`query`: request.GET) asks for in `key` (a page with
    several paged sections gives each its own); else 1."""
    return min(positive_int(query.get(key), default=1), MAX_PAGE_NUMBER)


def page_size(query, *, sizes=PAGE_SIZES, default: int | None = None) -> int:
    """The page size that the address asks for if it is one of `sizes`; else `default` (or the
    first size)."""
    default = sizes[0] if default is None else default
    size = positive_int(query.get("per_page"), default=default)
    return size if size in sizes else default


def list_page(
    rows,
    *,
    number: int,
    per_page: int,
    count=None,
    known_total: Total | None = None,
    sizes=PAGE_SIZES,
) -> ListPage:
    """Page `number` of `rows`, with the list's total.

    `rows`: a queryset in the list's order, or anything that slices like one (a django-tables2
    table's `rows`); it is read once, or twice for a number past the end. `count`: the queryset
    to count when the total is needed, if not `rows` itself (one without the joins and
    aggregates that only the page's columns need). `known_total`: the total, when a search has
    told it already.
    """
    number = min(number, MAX_PAGE_NUMBER)
    found, has_next = _read(rows, number, per_page)
    if number == 1 and not has_next:
        total = Total(len(found), exact=True)
    elif known_total is not None:
        total = known_total
    else:
        total = count_within(rows if count is None else count, limit=LIST_COUNT_LIMIT)
    page = ListPage(found, number, per_page, has_next, total, sizes)
    if not found and number > 1 and total.exact:
        # Past the end of a list whose length is known (a link to a page that has since
        # emptied, a number typed in): its last page.
        number = page.last_number
        found, has_next = _read(rows, number, per_page)
        page = ListPage(found, number, per_page, has_next, total, sizes)
    return page


def _read(rows, number: int, per_page: int) -> tuple[list, bool]:
    offset = (number - 1) * per_page
    found = list(rows[offset : offset + per_page + 1])
    return found[:per_page], len(found) > per_page


def section_page(rows, *, query, key: str, per_page: int) -> ListPage:
    """One section of a page that has several (the customer card's orders, points, ...): the
    page that `query[key]` asks for, read in one query and never counted, so the page costs
    the same however long each section is. It carries `previous_url` and `next_url` (or None):
    the address with only this section's page number moved. A number past the end gives the
    first page."""
    number = page_number(query, key)
    found, has_next = _read(rows, number, per_page)
    if not found and number > 1:
        number = 1
        found, has_next = _read(rows, number, per_page)
    total = Total((number - 1) * per_page + len(found), exact=not has_next)
    page = ListPage(found, number, per_page, has_next, total)

    def url(number: int) -> str:
        moved = query.copy()
        moved[key] = str(number)
        return "?" + moved.urlencode()

    page.previous_url = url(number - 1) if page.has_previous else None
    page.next_url = url(number + 1) if has_next else None
    return page
