"""The customer export: a CSV of the current search and filters, written by a job in steps.

Each step writes the next EXPORT_STEP_ROWS customers (by id, after the last one done) to its own
part file, so a step done again overwrites rather than duplicates; the final step joins the
parts into one file. A text cell that a spreadsheet would run as a formula is neutralised.
"""

import csv
import io
import shutil
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, DecimalField, F, Func, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Round, Trim
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.customers.filters import FILTERS_NO_LONGER_HOLD, customers_matching
from customers.selectors import customers_of_shop
from shopadmin.formatting import counted
from shopadmin.jobs import JobKind, JobResult, StepResult
from shopadmin.money import minor_unit_digits
from shopadmin.services import ServiceError

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
    "status": (_("Status"), "standing__status"),
    "account_type": (_("Account type"), "account_type"),
    "account_manager": (_("Account manager"), "account_manager__email"),
    "points_balance": (_("Points"), "standing__points_balance"),
    "terms_accepted_at": (_("Terms accepted"), "terms_accepted_at"),
}


def export_columns(list_columns: list[str] | None) -> list[str]:
    """The list's visible columns in their order (those that hold data), or every field."""
    if list_columns is None:
        return [name for name in EXPORT_FIELDS if name != "name"]
    return [name for name in list_columns if name in EXPORT_FIELDS]


def customers_of_job(shop, job):
    """The customers a job started from the list works on: the ticked ids (`ids`), or those
    the list's query (`query`) matches now."""
    if job.params.get("ids") is not None:  # the ticked rows
        return customers_of_shop(shop).filter(pk__in=job.params["ids"])
    query = QueryDict(job.params.get("query", ""))
    matching = customers_matching(query, shop=shop, user=job.created_by)
    if matching is None:  # e.g. the group filtered on was deleted after the job began
        raise ServiceError(FILTERS_NO_LONGER_HOLD)
    return matching


def job_work_dir(shop, job) -> Path:
    """exports/<shop>/<job>/: one folder per shop, so a file path names its shop."""
    return Path(settings.MEDIA_ROOT) / "exports" / str(shop.pk) / str(job.pk)


class CustomerExport(JobKind):
    label = _("Customer export")

    def total(self, shop, job) -> int:
        return customers_of_job(shop, job).count()

    def run_step(self, shop, job, step: int) -> StepResult:
        """The next EXPORT_STEP_ROWS customers after the last id done, written by PostgreSQL
        itself (COPY ... TO STDOUT, formulas neutralised in the query)."""
        columns = job.params["columns"]
        after = job.params.get("after_id", 0)
        remaining = customers_of_job(shop, job).filter(pk__gt=after).order_by("pk")
        size = settings.EXPORT_STEP_ROWS
        boundary = list(remaining.values_list("pk", flat=True)[size - 1 : size])
        batch = remaining.filter(pk__lte=boundary[0]) if boundary else remaining
        done = size if boundary else batch.count()
        cells = {
            f"cell_{number}": _cell(name, shop.currency) for number, name in enumerate(columns)
        }
        sql, params = batch.annotate(**cells).values_list(*cells).query.sql_with_params()
        part = job_work_dir(shop, job) / f"part-{step:05d}.csv"
        part.parent.mkdir(parents=True, exist_ok=True)
        with part.open("wb") as out, connection.cursor() as cursor:
            if step == 0:
                header = io.StringIO()
                csv.writer(header).writerow([str(EXPORT_FIELDS[name][0]) for name in columns])
                out.write(header.getvalue().encode())
            statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
            with cursor.cursor.copy(statement, params) as copy:
                for data in copy:
                    out.write(data)
        return StepResult(
            done=done,
            params={"after_id": boundary[0] if boundary else after, "parts": step + 1},
            last=not boundary,
        )

    def finish(self, shop, job) -> JobResult:
        work = job_work_dir(shop, job)
        name = f"customers-{timezone.localdate():%Y-%m-%d}-{job.number}.csv"
        target = work.parent / name
        with target.open("wb") as out:
            if job.params.get("bom"):
                out.write("\ufeff".encode())
            for step in range(job.params["parts"]):
                with (work / f"part-{step:05d}.csv").open("rb") as part:
                    shutil.copyfileobj(part, out)
        # Only once this step has committed: if it is redone, it needs the parts again.
        transaction.on_commit(lambda: shutil.rmtree(work, ignore_errors=True))
        message = counted(
            "%(count)s customer exported.", "%(count)s customers exported.", job.progress_total
        )
        return JobResult(message=message, file=str(target.relative_to(settings.MEDIA_ROOT)))


# Text a spreadsheet would run as a formula (= + - @, a tab, a carriage return at the start;
# PostgreSQL text holds no NUL) gets a leading quote: one regexp_replace, so the expression
# and its parameters appear once.
NEUTRALISED = r"regexp_replace(%(expressions)s, '^([-=+@\t\r])', '''\1')"
TEXT_COLUMNS = {
    "name",
    "first_name",
    "last_name",
    "company_name",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "vat_number",
    "status",
    "account_type",
    "account_manager",
}


# Amounts, written with the decimals of the shop's currency (1500 for JPY, 1500.00 for PLN).
MONEY_COLUMNS = {"orders_value_gross", "orders_value_net"}


def _cell(name: str, currency: str):
    """The SQL expression of one column of the file."""
    if name in MONEY_COLUMNS:
        digits = Value(minor_unit_digits(currency))
        return Round(F(EXPORT_FIELDS[name][1]), digits, output_field=DecimalField())
    if name == "name":
        full = Trim(Concat(F("first_name"), Value(" "), F("last_name")))
        value = Coalesce(NullIf(full, Value("")), F("company_name"))
    else:
        value = F(EXPORT_FIELDS[name][1])
    if name in TEXT_COLUMNS:
        return Func(value, template=NEUTRALISED, output_field=CharField())
    return value
