"""The customer card as a PDF (backoffice/pdf.py): how long one warm card takes, and how many
cards a second one process makes, on the demo data of `make run`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shopadmin DEBUG=1 \\
    .venv/bin/python bench/card_pdf.py

It renders the card of the shop's customers with the most orders (the longest cards), in
the demo shop Sklep Kraków, without the HTTP request around it.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopadmin.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from backoffice.pdf import render_pdf  # noqa: E402
from customers.selectors import customers_of_shop  # noqa: E402
from groups.selectors import groups_of_customer  # noqa: E402
from orders.selectors import orders_of_customer_newest_first  # noqa: E402
from shopadmin.models import Shop  # noqa: E402
from shopadmin.tenancy import shop_context  # noqa: E402

WARM_RUNS = 30
CARDS = 100


def card(shop, customer) -> bytes:
    context = {
        "shop": shop,
        "customer": customer,
        "groups": groups_of_customer(shop, customer),
        "orders": list(orders_of_customer_newest_first(shop, customer)[:10]),
        "printed_at": timezone.now(),
        "printed_by": "bench",
    }
    return render_pdf("customers/card_pdf.html", context, stylesheet="css/card_pdf.css")


def main() -> None:
    shop = Shop.objects.get(slug="sklep-krakow")
    with shop_context(shop):
        customers = list(
            customers_of_shop(shop)
            .select_related("stats", "standing", "account_manager")
            .order_by("-stats__orders_count", "pk")[:CARDS]
        )
        first = time.perf_counter()
        size = len(card(shop, customers[0]))
        cold = time.perf_counter() - first
        times = []
        for _ in range(WARM_RUNS):
            started = time.perf_counter()
            card(shop, customers[0])
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        for customer in customers:
            card(shop, customer)
        rate = len(customers) / (time.perf_counter() - started)
    median, low, high = (
        1000 * value for value in (statistics.median(times), min(times), max(times))
    )
    print(f"one card: first {cold * 1000:.0f} ms, then median {median:.0f} ms")
    print(f"  (min {low:.0f}, max {high:.0f}) over {WARM_RUNS} runs; {size:,} bytes")
    print(f"{len(customers)} different cards one after another: {rate:.1f} cards/s")


if __name__ == "__main__":
    main()
