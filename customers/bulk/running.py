"""Running a bulk action: in the request for up to BULK_INLINE_LIMIT customers, as a job in
chunks of BULK_JOB_CHUNK above that. One code path: both call the action's `apply`.

The job keeps the request's own form data (the selection and the options, ids only) in its
parameters and binds the same forms again in each step, inside the shop: the forms are the
serialisation, and they check again that every chosen group or coupon is still the shop's.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from customers.bulk.actions import ACTIONS
from customers.bulk.selection import SelectionForm
from customers.filters import FILTERS_NO_LONGER_HOLD
from customers.selectors import customers_of_shop
from shopadmin.formatting import counted, grouped
from shopadmin.forms import errors_text
from shopadmin.jobs import JobResult, StepResult, start_job
from shopadmin.models import Job
from shopadmin.services import ServiceError

BULK_ACTION = "bulk_action"
NOT_FORM_DATA = {"csrfmiddlewaretoken", "preview"}


@dataclass(frozen=True)
class Outcome:
    message: str
    in_background: bool  # a job goes on with it: show the jobs page


def runs_as_job(action, count: int) -> bool:
    """Whether the action over `count` customers is done by a job rather than the request."""
    return action.start is not None or count > settings.BULK_INLINE_LIMIT


def run_bulk_action(*, shop, actor, action, selection, options, data: QueryDict) -> Outcome:
    """Do `action` to the selection, or start the job that will; say what happened."""
    if action.start is not None:  # export, email: jobs of their own
        return Outcome(action.start(shop, actor, selection, options), in_background=True)
    made = action.prepare(shop, actor, options) if action.prepare else {}
    options = {**options, **made}
    total = selection.customers.count()
    if runs_as_job(action, total):
        job_data = {key: data.getlist(key) for key in data if key not in NOT_FORM_DATA}
        job_data.update({name: [str(made_object.pk)] for name, made_object in made.items()})
        # Customers who come to match after the confirmation (new ids) are not included.
        last_id = selection.customers.order_by("-pk").values_list("pk", flat=True).first()
        params = {"data": job_data, "last_id": last_id}
        job = start_job(shop=shop, actor=actor, kind=BULK_ACTION, params=params, total=total)
        message = counted(
            "%(action)s #%(job)d started for %(count)s customer; it runs in the background.",
            "%(action)s #%(job)d started for %(count)s customers; it runs in the background.",
            total, action=action.label, job=job.pk,
        )  # fmt: skip
        return Outcome(message, in_background=True)
    counts = action.apply(shop, actor, selection.customers, options)
    return Outcome(_describe(shop, actor, action, selection, options, counts), in_background=False)


def bind_action(data: QueryDict, *, shop, user):
    """The action, selection and options of a bulk action's form data; ServiceError if they
    do not hold (any more)."""
    selection_form = SelectionForm(data, actions=ACTIONS)
    if not selection_form.is_valid():
        raise ServiceError(errors_text(selection_form))
    action = selection_form.cleaned_data["action"]
    selection = selection_form.selection(shop=shop, user=user)
    if not selection.valid:  # e.g. the group filtered on was deleted mid-way
        raise ServiceError(FILTERS_NO_LONGER_HOLD)
    options = {}
    if action.form_class is not None:
        form = action.form_class(data, shop=shop, selection=selection)
        if not form.is_valid():  # e.g. the group was deleted in the meantime
            message = _("The options are no longer valid: %(errors)s")
            raise ServiceError(message % {"errors": errors_text(form)})
        options = form.cleaned_data
    return action, selection, options


def _describe(shop, actor, action, selection, options, counts) -> str:
    message = action.describe(defaultdict(int, counts), options)
    more = action.after(shop, actor, selection, options) if action.after else ""
    return f"{message} {more}" if more else message


class BulkActionJob:
    """A bulk action over a large selection: each step applies it to the next chunk of
    customers by id, in one transaction with the job's pointer, and adds up the counts."""

    label = gettext_lazy("Bulk action")

    def bind(self, shop, job):
        """The action, selection and options, from the request's data bound again."""
        data = QueryDict(mutable=True)
        for key, values in job.params["data"].items():
            data.setlist(key, values)
        return bind_action(data, shop=shop, user=job.created_by)

    def total(self, shop, job) -> int:
        return self.bind(shop, job)[1].customers.count()

    def run_step(self, shop, job, step: int) -> StepResult:
        action, selection, options = self.bind(shop, job)
        after = job.params.get("after_id", 0)
        remaining = selection.customers.filter(pk__gt=after, pk__lte=job.params.get("last_id") or 0)
        remaining = remaining.order_by("pk")
        ids = list(remaining.values_list("pk", flat=True)[: settings.BULK_JOB_CHUNK])
        if not ids:
            return StepResult(done=0, params={}, last=True)
        chunk = customers_of_shop(shop).filter(pk__in=ids)
        counts = action.apply(shop, job.created_by, chunk, options)
        summed = Counter(job.params.get("counts", {}))
        summed.update(counts)
        params = {"after_id": ids[-1], "counts": dict(summed)}
        return StepResult(done=len(ids), params=params, last=False)

    def failed(self, shop, job) -> None:
        """Say how far it got: the chunks before the failure stay done (each committed)."""
        message = ngettext(
            "%(done)s of %(total)s customer was changed before it stopped.",
            "%(done)s of %(total)s customers were changed before it stopped.",
            job.progress_total,
        ) % {"done": grouped(job.progress_done), "total": grouped(job.progress_total)}
        Job.objects.filter(shop=shop, pk=job.pk).update(result_message=message)

    def finish(self, shop, job) -> JobResult:
        action, selection, options = self.bind(shop, job)
        counts = job.params.get("counts", {})
        return JobResult(_describe(shop, job.created_by, action, selection, options, counts))
