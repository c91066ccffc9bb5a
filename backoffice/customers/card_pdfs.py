"""Customer cards as PDF: one customer's (the card's "Print card (PDF)") or a selection's, the
latter written by a job in steps like the export: each step renders the next
CARDS_PDF_STEP customers (by id, after the last one done) to its own part file, so a step
done again overwrites rather than duplicates; the final step joins the parts into one PDF.
"""

import shutil

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfWriter

from backoffice.customers.exports import customers_of_job, job_work_dir
from backoffice.pdf import render_pdf
from customers.selectors import customers_of_shop
from groups.selectors import groups_of_customers
from orders.selectors import latest_orders_of_customers
from shopadmin.formatting import counted
from shopadmin.jobs import JobKind, JobResult, StepResult

CARD_ORDERS = 10  # the last orders on a card


def card_customers(shop):
    """The shop's customers with what a card shows beside them."""
    return customers_of_shop(shop).select_related("stats", "standing", "account_manager")


def render_cards(shop, customers, *, printed_by: str, title: str) -> bytes:
    """One PDF of the cards of `customers` (a list, in its order), each from a new page; the
    groups and the last orders of all of them in one query each."""
    ids = [customer.pk for customer in customers]
    groups = groups_of_customers(shop, ids)
    orders = latest_orders_of_customers(shop, ids, each=CARD_ORDERS)
    cards = [
        {"customer": c, "groups": groups.get(c.pk, []), "orders": orders.get(c.pk, [])}
        for c in customers
    ]
    context = {
        "shop": shop,
        "title": title,
        "cards": cards,
        "tag_groups": list({g.pk: g for card in cards for g in card["groups"]}.values()),
        "printed_at": timezone.now(),
        "printed_by": printed_by,
    }
    # The card is the shop's document: in the shop's language, whoever prints it.
    with translation.override(shop.language):
        return render_pdf("customers/card_pdf.html", context, stylesheet="css/card_pdf.css")


def staff_name(user) -> str:
    return (user.get_full_name() or user.email) if user else _("the system")


class CustomerCardsPdf(JobKind):
    label = gettext_lazy("Customer cards (PDF)")

    def total(self, shop, job) -> int:
        return customers_of_job(shop, job).count()

    def run_step(self, shop, job, step: int) -> StepResult:
        after = job.params.get("after_id", 0)
        size = settings.CARDS_PDF_STEP
        next_ids = customers_of_job(shop, job).filter(pk__gt=after).order_by("pk").values("pk")
        batch = list(card_customers(shop).filter(pk__in=next_ids[:size]).order_by("pk"))
        parts = job.params.get("parts", 0)
        if batch:
            pdf = render_cards(
                shop, batch, printed_by=staff_name(job.created_by), title=str(self.label)
            )
            part = job_work_dir(shop, job) / f"part-{step:05d}.pdf"
            part.parent.mkdir(parents=True, exist_ok=True)
            part.write_bytes(pdf)
            parts = step + 1
        return StepResult(
            done=len(batch),
            params={"after_id": batch[-1].pk if batch else after, "parts": parts},
            last=len(batch) < size,
        )

    def finish(self, shop, job) -> JobResult:
        work = job_work_dir(shop, job)
        target = work.parent / f"customer-cards-{timezone.localdate():%Y-%m-%d}-{job.number}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)  # no part: every customer went meanwhile
        writer = PdfWriter()
        for step in range(job.params.get("parts", 0)):
            writer.append(work / f"part-{step:05d}.pdf")
        with target.open("wb") as out:
            writer.write(out)
        # Only once this step has committed: if it is redone, it needs the parts again.
        transaction.on_commit(lambda: shutil.rmtree(work, ignore_errors=True))
        message = counted(
            "%(count)s customer card printed.",
            "%(count)s customer cards printed.",
            job.progress_done,
        )
        return JobResult(message=message, file=str(target.relative_to(settings.MEDIA_ROOT)))

    def failed(self, shop, job) -> str:
        shutil.rmtree(job_work_dir(shop, job), ignore_errors=True)
        return ""
