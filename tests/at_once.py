"""Two staff members doing something at the same moment, on two connections with committed
data: the first's transaction stays open until the second is waiting for one of its row locks,
then commits. What each is told, and what is saved, is then the test's to check."""

import threading

from django.db import connection, connections

from shopadmin.tenancy import shop_context
from tests.workers import wait_for


def first_holds_until_second_waits(shop, first, second, *, table: str) -> tuple:
    """Call `first()` and then `second()`, each in its own thread, connection and transaction
    as `shop`; the second meets the first's lock on a row of `table`. Returns what each
    returned, or the exception it raised."""
    first_done, go_on = threading.Event(), threading.Event()
    results = {}

    def run(name, call):
        try:
            with shop_context(shop):
                try:
                    results[name] = call()
                except Exception as error:  # noqa: BLE001 - handed to the test to check
                    results[name] = error
                if name == "first":
                    first_done.set()
                    go_on.wait(30)
        finally:
            connection.close()

    threads = {
        name: threading.Thread(target=run, args=[name, call])
        for name, call in (("first", first), ("second", second))
    }
    threads["first"].start()
    assert first_done.wait(30), "the first did not finish"
    threads["second"].start()
    with connections["owner"].cursor() as cursor:

        def second_waits():
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE %s",
                [f"%{table}%"],
            )
            return cursor.fetchone()[0] == 1

        wait_for(second_waits, seconds=30, what=f"the second to wait for a row of {table}")
    go_on.set()
    for thread in threads.values():
        thread.join(30)
    return results["first"], results["second"]
