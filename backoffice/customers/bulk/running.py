"""Running a bulk action: in the request for up to BULK_INLINE_LIMIT customers, as a job in
chunks of BULK_JOB_CHUNK above that. One code path: both call the action's `apply`.

The job keeps the request's own form data (the selection and the options, ids only) in its
parameters and binds the same forms again in each step, inside the shop: the forms are the
serialisation, and they check again that every chosen group or coupon is still the shop's.
Its first step takes the selection once, as chunks of ids that the later steps work through.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backoffice.customers.bulk.actions import ACTIONS
from backoffice.customers.bulk.selection import SelectionForm
from backoffice.customers.filters import FILTERS_NO_LONGER_HOLD
from customers.selectors import customers_of_shop
from shopadmin.formatting import counted, grouped
from shopadmin.jobs import (
    JobKind,
    JobResult,
    StepResult,
    chunk_ids,
    drop_chunks,
    start_job,
    take_chunks,
)
from shopadmin.services import ServiceError
from ui.forms import errors_text

BULK_ACTION = "bulk_action"
NOT_FORM_DATA = {"csrfmiddlewaretoken", "preview", "next"}


@dataclass(frozen=True)
class Outcome:
    message: str
    in_background: bool  # a job goes on with it: show the jobs page


def runs_as_job(action, count: int) -> bool:
    """Whether the action over `count` customers is done by a job rather than the request."""
    return action.starts_own_job or count > settings.BULK_INLINE_LIMIT


def run_bulk_action(*, shop, actor, action, selection, options, data: QueryDict) -> Outcome:
    """Do `action` to the selection, or start the job that will; say what happened."""
    if action.starts_own_job:  # export, email
        return Outcome(action.start(shop, actor, selection, options), in_background=True)
    made = action.prepare(shop, actor, options)
    options = {**options, **made}
    total = selection.customers.count()
    if runs_as_job(action, total):
        job_data = {key: data.getlist(key) for key in data if key not in NOT_FORM_DATA}
        job_data.update({name: [str(made_object.pk)] for name, made_object in made.items()})
        last_id = selection.customers.order_by("-pk").values_list("pk", flat=True).first()
        params = {"data": job_data, "last_id": last_id}
        job = start_job(shop=shop, actor=actor, kind=BULK_ACTION, params=params, total=total)
        message = counted(
            "%(action)s #%(job)d started for %(count)s customer; it runs in the background.",
            "%(action)s #%(job)d started for %(count)s customers; it runs in the background.",
            total,
            action=action.label,
            job=job.number,
        )
        return Outcome(message, in_background=True)
    counts = action.apply(shop, actor, selection.customers, options)
    return Outcome(_describe(shop, actor, action, selection, options, counts), in_background=False)


def bind_action(data: QueryDict, *, shop, user, taken=None):
    """The action, selection and options of a bulk action's form data; ServiceError if they
    do not hold (any more). `taken`: the customers a job took as its selection."""
    selection_form = SelectionForm(data, actions=ACTIONS)
    if not selection_form.is_valid():
        raise ServiceError(errors_text(selection_form))
    action = selection_form.cleaned_data["action"]
    selection = selection_form.selection(shop=shop, user=user, taken=taken)
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
    more = action.after(shop, actor, selection, options)
    return f"{message} {more}" if more else message


class BulkActionJob(JobKind):
    """A bulk action over a large selection. The first step takes the selection: the ids of
    the customers it matches then, as numbered chunks (customers who come to match later, or
    stop matching, do not change what the job does). Each later step applies the action to
    one chunk, in one transaction with the job's pointer, and adds up the counts."""

    label = gettext_lazy("Bulk action")

    def bind(self, shop, job, taken=None):
        """The action, selection and options, from the request's data bound again."""
        data = QueryDict(mutable=True)
        for key, values in job.params["data"].items():
            data.setlist(key, values)
        return bind_action(data, shop=shop, user=job.created_by, taken=taken)

    def total(self, shop, job) -> int:
        return self.bind(shop, job)[1].customers.count()

    def run_step(self, shop, job, step: int) -> StepResult:
        if "chunks" not in job.params:
            return self.take_selection(shop, job, step)
        number = step - 1  # step 0 took the selection
        taken = customers_of_shop(shop).filter(pk__in=chunk_ids(shop=shop, job=job, number=number))
        action, _selection, options = self.bind(shop, job, taken=taken)
        counts = action.apply(shop, job.created_by, taken, options)
        summed = Counter(job.params.get("counts", {}))
        summed.update(counts)
        size, chunks, selected = (job.params[key] for key in ("chunk_size", "chunks", "selected"))
        done = min(size, selected - number * size)
        return StepResult(done=done, params={"counts": dict(summed)}, last=number == chunks - 1)

    def take_selection(self, shop, job, step: int) -> StepResult:
        """The first step."""
        _action, selection, _options = self.bind(shop, job)
        # Customers who came to match after the confirmation (new ids) are not included.
        chosen = selection.customers.filter(pk__lte=job.params["last_id"] or 0)
        size = settings.BULK_JOB_CHUNK
        selected, chunks = take_chunks(shop=shop, job=job, customers=chosen, size=size)
        params = {
            "chunk_size": size,
            "chunks": chunks,
            "selected": selected,
        }
        return StepResult(done=0, params=params, last=chunks == 0, total=selected)

    def failed(self, shop, job) -> str:
        """Say how far it got: the chunks before the failure stay done (each committed)."""
        drop_chunks(shop=shop, job=job)
        return ngettext(
            "%(done)s of %(total)s customer was processed before it stopped.",
            "%(done)s of %(total)s customers were processed before it stopped.",
            job.progress_total,
        ) % {"done": grouped(job.progress_done), "total": grouped(job.progress_total)}

    def finish(self, shop, job) -> JobResult:
        taken = customers_of_shop(shop).filter(pk__in=chunk_ids(shop=shop, job=job))
        action, selection, options = self.bind(shop, job, taken=taken)
        counts = job.params.get("counts", {})
        result = JobResult(_describe(shop, job.created_by, action, selection, options, counts))
        drop_chunks(shop=shop, job=job)
        return result
