"""Query helpers shared by the lists."""

BOUNDED_COUNT_LIMIT = 10_000


def bounded_count(queryset, limit: int = BOUNDED_COUNT_LIMIT) -> tuple[int, bool]:
    """Count up to `limit`: (count, True) when exact, (limit, False) for "more than limit".

    Counting a million rows costs hundreds of milliseconds; counting at most limit + 1 rows
    costs a few.
    """
    count = queryset.order_by()[: limit + 1].count()
    if count > limit:
        return limit, False
    return count, True
