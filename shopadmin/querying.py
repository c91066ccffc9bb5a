"""Query helpers shared by the lists."""

import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import connections
from django.db.models import BigIntegerField, BooleanField, F, Func, Value

BOUNDED_COUNT_LIMIT = 10_000


@dataclass(frozen=True)
class Total:
    """How many rows a list has: `count` exactly, or "more than `count`" when not `exact`."""

    count: int
    exact: bool


def id_in(field: str, ids) -> Func:
    """The condition `field` = ANY(`ids`), the ids sent as one bigint[] parameter: `field__in`
    sends one parameter per id, which psycopg and Django's compiler take 10 ms per thousand
    to build (a search matching 22,000 customers). The column is named through Django, so
    the condition stays right inside a subquery."""
    ids = Value(list(ids), output_field=ArrayField(BigIntegerField()))
    return Func(
        F(field),
        ids,
        template="%(expressions)s)",
        arg_joiner=" = ANY(",
        output_field=BooleanField(),
    )


def bounded_count(queryset, limit: int = BOUNDED_COUNT_LIMIT) -> tuple[int, bool]:
    """Count up to `limit`: (count, True) when exact, (limit, False) for "more than limit".

    Counting a million rows costs hundreds of milliseconds; counting at most limit + 1 rows
    costs a few.
    """
    count = queryset.order_by()[: limit + 1].count()
    if count > limit:
        return limit, False
    return count, True


def count_within(
    queryset,
    *,
    limit: int = BOUNDED_COUNT_LIMIT,
    seconds: float = 0.04,
    step: int = 500,
) -> Total:
    """Count the rows of `queryset`, stopping at `limit` or when `seconds` have passed.

    A bounded count is cheap when the rows come from an index, but a filter that no index
    serves (blocked customers, say) may have to read the whole shop to find 10,000 matches.
    So the rows are skipped through a server-side cursor in steps (MOVE sends no rows back)
    and the count stops at the time budget: the list then says "more than N", with N counted.
    Must run inside a transaction (a request or task always is).
    """
    sql, params = queryset.order_by().values("pk")[: limit + 1].query.sql_with_params()
    counted = 0
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"DECLARE list_total NO SCROLL CURSOR FOR {sql}", params)
        try:
            deadline = time.monotonic() + seconds
            while True:
                cursor.execute(f"MOVE FORWARD {step} IN list_total")
                counted += cursor.rowcount
                if counted > limit:
                    return Total(limit, exact=False)
                if cursor.rowcount < step:
                    return Total(counted, exact=True)
                if time.monotonic() >= deadline:
                    return Total(counted, exact=False)
        finally:
            cursor.execute("CLOSE list_total")


def positive_int(value, *, default: int) -> int:
    """A page number or size from the address: a whole number above zero, else `default`."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


def insert_select(
    model,
    columns: Sequence[str],
    *,
    select: str,
    params: Sequence = (),
    source,
    source_columns: Sequence[str],
    skip_conflicts_on: Sequence[str] = (),
) -> int:
    """One set-based statement that copies a queryset into `model`'s table:

        INSERT INTO <table> (<columns>)
        SELECT <select> FROM (<source's SQL>) AS selected (<source_columns>)
        [ON CONFLICT (<skip_conflicts_on>) DO NOTHING]

    `select` names the source's columns as `selected.<name>` and takes the other values as
    %s placeholders filled from `params`; nothing is read into Python. Returns how many rows
    were inserted (the skipped conflicts not counted)."""
    quote = connections["default"].ops.quote_name
    source_sql, source_params = source.query.sql_with_params()
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"SELECT {select} FROM ({source_sql}) AS selected ({', '.join(source_columns)})"
    )
    if skip_conflicts_on:
        statement += f" ON CONFLICT ({', '.join(map(quote, skip_conflicts_on))}) DO NOTHING"
    with connections["default"].cursor() as cursor:
        cursor.execute(statement, [*params, *source_params])
        return cursor.rowcount
