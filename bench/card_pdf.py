"""Customer cards as PDF (backoffice/customers/card_pdfs.py) on the demo data of `make run`:
how long one warm card takes, and how fast the "Print cards" job makes one PDF of 1,000.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shopadmin DEBUG=1 \\
    .venv/bin/python bench/card_pdf.py

The single card is the shop's customer with the most orders (the longest card), rendered
without the HTTP request around it. The job is the real one, started by the service the bulk
action calls, over the 1,000 customers with the most orders, its steps run in this process
(no REDIS_URL: the tasks run eagerly), written under a temporary MEDIA_ROOT.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopadmin.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from backoffice.customers.card_pdfs import card_customers, render_cards  # noqa: E402
from customers.services import start_customer_cards_pdf  # noqa: E402
from shopadmin.models import Job, Shop, StaffMembership  # noqa: E402
from shopadmin.tenancy import shop_context  # noqa: E402

WARM_RUNS = 30
JOB_CARDS = 1_000


def one_card(shop, customer) -> bytes:
    return render_cards(shop, [customer], printed_by="bench", title="Customer card")


def time_one_card(shop) -> None:
    with shop_context(shop):
        customer = card_customers(shop).order_by("-stats__orders_count", "pk").first()
        started = time.perf_counter()
        size = len(one_card(shop, customer))
        cold = time.perf_counter() - started
        times = []
        for _ in range(WARM_RUNS):
            started = time.perf_counter()
            one_card(shop, customer)
            times.append(time.perf_counter() - started)
    median, low, high = (1000 * t for t in (statistics.median(times), min(times), max(times)))
    print(f"one card: first {cold * 1000:.0f} ms, then median {median:.0f} ms")
    print(f"  (min {low:.0f}, max {high:.0f}) over {WARM_RUNS} runs; {size:,} bytes")


def time_job(shop) -> None:
    with shop_context(shop):
        owner = StaffMembership.objects.get(shop=shop, role="owner").user
        ids = list(
            card_customers(shop)
            .order_by("-stats__orders_count", "pk")
            .values_list("pk", flat=True)[:JOB_CARDS]
        )
    with tempfile.TemporaryDirectory() as media:
        settings.MEDIA_ROOT = media
        started = time.perf_counter()
        with shop_context(shop):  # the steps run when the start commits, in this process
            job = start_customer_cards_pdf(
                shop=shop, actor=owner, query="", ids=ids, count=len(ids)
            )
        seconds = time.perf_counter() - started
        with shop_context(shop):
            job = Job.objects.get(pk=job.pk)
        if job.status != "done":
            sys.exit(f"the job ended {job.status}: {job.result_message}")
        pdf = Path(media) / job.result_file
        pages = len(PdfReader(pdf).pages)
        size = pdf.stat().st_size
    print(
        f"job of {len(ids):,} cards ({settings.CARDS_PDF_STEP} a step): {seconds:.1f} s, "
        f"{len(ids) / seconds:.1f} cards/s; {pages:,} pages, {size / 1e6:.1f} MB"
    )


def main() -> None:
    shop = Shop.objects.get(slug="sklep-krakow")
    time_one_card(shop)
    time_job(shop)


if __name__ == "__main__":
    main()
