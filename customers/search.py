"""The customer list's search box: any part of a name, company, email, phone, VAT number,
street or city, without regard to case or accents ("lodz" finds "Łódź").

The matching lives in PostgreSQL (migration customers.0003): each customer row keeps a folded
`search_document`, and `customer_search_ids()` finds matches through a trigram index, which
row-level security would otherwise keep the planner from using (DESIGN.md, traps).
"""

import re

from django.db import connections
from django.db.models import BooleanField, F, Func, Value

from shopadmin.querying import id_in

# Up to this many matches the list is filtered by their ids; a term that matches more (a
# common city, say) is cheaper to check row by row while the list walks its sort order.
MAX_MATCHED_IDS = 5_000


def matching_customer_ids(
    term: str, *, using: str = "default", limit: int = MAX_MATCHED_IDS + 1
) -> list[int]:
    """Ids of the current shop's customers matching every word of `term`, at most `limit` of
    them (by default MAX_MATCHED_IDS + 1: one more tells that there are too many to list)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT customer_search_ids(%s, %s)", [term, limit])
        return [row[0] for row in cursor.fetchall()]


# A word of the search that reads as a VAT number typed with separators ("548-124-13-31",
# "PL 548.124"): at least six digits, VAT numbers being stored without separators.
VAT_LIKE = re.compile(r"^(?:[A-Za-z]{2})?[0-9][0-9./-]*[0-9]$")


def search_terms(term: str) -> str:
    """`term` with each VAT-like word's separators dropped, as VAT numbers are stored."""
    words = []
    for word in term.split():
        if VAT_LIKE.match(word) and sum(c.isdigit() for c in word) >= 6:
            word = re.sub(r"[./-]+", "", word)
        words.append(word)
    return " ".join(words)


def search_customers(queryset, term: str) -> tuple:
    """`queryset` narrowed to the customers matching `term`, and whether more than
    MAX_MATCHED_IDS customers match (the list can then say "more than 5,000" uncounted).
    The conditions name their columns through Django, never by table name, so the queryset
    stays right inside a subquery (where Django renames the table)."""
    term = search_terms(term.strip())
    if not term:
        return queryset, False
    ids = matching_customer_ids(term, using=queryset.db)
    if len(ids) <= MAX_MATCHED_IDS:
        return queryset.filter(id_in("pk", ids)), False
    return queryset.filter(document_matches(term)), True


def document_matches(term: str) -> Func:
    """search_document LIKE ALL (customer_search_patterns(term)): checked row by row."""
    patterns = Func(
        Value(term),
        function="customer_search_patterns",
        template="(%(function)s(%(expressions)s))",
    )
    return Func(
        F("search_document"),
        patterns,
        template="%(expressions)s",
        arg_joiner=" LIKE ALL ",
        output_field=BooleanField(),
    )
