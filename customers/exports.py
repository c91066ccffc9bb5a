"""The customer export: a CSV of the current search and filters, written by a job in steps.

Each step writes the next EXPORT_STEP_ROWS customers (by id, after the last one done) to its own
part file, so a step done again overwrites rather than duplicates; the final step joins the
parts into one file. A text cell that a spreadsheet would run as a formula is neutralised.
"""

import csv
import shutil
from pathlib import Path

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from customers.filters import CustomerFilter
from customers.selectors import customers_of_shop
from shopadmin.jobs import JobResult, StepResult

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")

# column name -> (header, value in a values_list row); the list's columns plus a few fields.
EXPORT_FIELDS = {
    "id": (_("ID"), "pk"),
    "name": (_("Name"), None),
    "first_name": (_("First name"), "first_name"),
    "last_name": (_("Last name"), "last_name"),
    "company_name": (_("Company"), "company_name"),
    "email": (_("Email"), "email"),
    "phone": (_("Phone"), "phone"),
    "street": (_("Street"), "street"),
    "postal_code": (_("Postal code"), "postal_code"),
    "city": (_("City"), "city"),
    "vat_number": (_("VAT number"), "vat_number"),
    "orders_count": (_("Orders"), "stats__orders_count"),
    "orders_value_gross": (_("Orders value"), "stats__orders_value_gross"),
    "orders_value_net": (_("Net value"), "stats__orders_value_net"),
    "last_order_at": (_("Last order"), "stats__last_order_at"),
    "registered_at": (_("Registered"), "registered_at"),
    "last_visit_at": (_("Last visit"), "last_visit_at"),
    "newsletter": (_("Newsletter"), "newsletter"),
    "status": (_("Status"), "status"),
    "account_type": (_("Account type"), "account_type"),
    "account_manager": (_("Account manager"), "account_manager__email"),
    "points_balance": (_("Points"), "stats__points_balance"),
    "terms_accepted_at": (_("Terms accepted"), "terms_accepted_at"),
}
NAME_PARTS = ("first_name", "last_name", "company_name")


def export_columns(list_columns: list[str] | None) -> list[str]:
    """The list's visible columns in their order (those that hold data), or every field."""
    if list_columns is None:
        return [name for name in EXPORT_FIELDS if name != "name"]
    return [name for name in list_columns if name in EXPORT_FIELDS]


def neutralise(value):
    """Text that starts like a formula gets a leading quote; numbers and dates stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CustomerExport:
    label = _("Customer export")

    def selection(self, shop, job):
        if job.params.get("ids") is not None:  # the ticked rows
            return customers_of_shop(shop).filter(pk__in=job.params["ids"])
        query = QueryDict(job.params.get("query", ""))
        filterset = CustomerFilter(
            query, queryset=customers_of_shop(shop), shop=shop, user=job.created_by
        )
        return filterset.qs if filterset.is_valid() else customers_of_shop(shop).none()

    def total(self, shop, job) -> int:
        return self.selection(shop, job).count()

    def run_step(self, shop, job, step: int) -> StepResult:
        columns = job.params["columns"]
        fields = _fields(columns)
        after = job.params.get("after_id", 0)
        rows = list(
            self.selection(shop, job)
            .filter(pk__gt=after)
            .order_by("pk")
            .values_list(*fields)[: settings.EXPORT_STEP_ROWS]
        )
        part = _work_dir(shop, job) / f"part-{step:05d}.csv"
        part.parent.mkdir(parents=True, exist_ok=True)
        with part.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            if step == 0:
                writer.writerow([str(EXPORT_FIELDS[name][0]) for name in columns])
            for row in rows:
                writer.writerow(_cells(columns, fields, row))
        return StepResult(
            done=len(rows),
            params={"after_id": rows[-1][0] if rows else after, "parts": step + 1},
            last=len(rows) < settings.EXPORT_STEP_ROWS,
        )

    def finish(self, shop, job) -> JobResult:
        work = _work_dir(shop, job)
        name = f"customers-{timezone.localdate():%Y-%m-%d}-{job.pk}.csv"
        target = work.parent / name
        with target.open("wb") as out:
            if job.params.get("bom"):
                out.write("\ufeff".encode())
            for step in range(job.params["parts"]):
                with (work / f"part-{step:05d}.csv").open("rb") as part:
                    shutil.copyfileobj(part, out)
        shutil.rmtree(work)
        count = job.progress_total
        message = ngettext(
            "%(count)d customer exported.", "%(count)d customers exported.", count
        ) % {"count": count}
        return JobResult(message=message, file=str(target.relative_to(settings.MEDIA_ROOT)))


def _fields(columns: list[str]) -> list[str]:
    """values_list fields: the id first (the next step starts after it), then each column's."""
    fields = ["pk"]
    for name in columns:
        if name == "name":
            fields.extend(part for part in NAME_PARTS if part not in fields)
        elif EXPORT_FIELDS[name][1] not in fields:
            fields.append(EXPORT_FIELDS[name][1])
    return fields


def _cells(columns, fields, row) -> list:
    values = dict(zip(fields, row, strict=True))
    cells = []
    for name in columns:
        if name == "name":
            full = f"{values['first_name']} {values['last_name']}".strip()
            value = full or values["company_name"]
        else:
            value = values[EXPORT_FIELDS[name][1]]
        cells.append(neutralise(value))
    return cells


def _work_dir(shop, job) -> Path:
    """exports/<shop>/<job>/: one folder per shop, so a file path names its shop."""
    return Path(settings.MEDIA_ROOT) / "exports" / str(shop.pk) / str(job.pk)
