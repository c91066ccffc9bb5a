"""Background jobs: work that may outgrow a request, done in steps by Celery tasks.

A job kind (registered by its app) says how many units the work has, does one step, and
finishes once. The runner keeps the rules that make retries harmless:

- a job is enqueued only after the transaction that created it commits;
- task arguments are ids (shop, job, step number), never personal data or links;
- each step is its own task, short enough to finish well inside the broker's visibility
  timeout, and runs in one transaction with the job's step pointer, so a redelivered or
  retried step that already committed is skipped, and one that did not is done again from
  the start (steps are idempotent: they overwrite, never append);
- what must not be undone with a step (sending mail) is the step's `after_commit`: it runs
  once the step's claim on it has committed, before the next step is enqueued;
- the final step runs once: the conditional update to "done" decides it.
"""

import logging
import shutil
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import BigIntegerField, F, Func
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shopadmin.counters import JOB, next_number
from shopadmin.models import Job, JobChunk
from shopadmin.services import record_audit_event


class JobKind:
    """One kind of background work, registered by its app with register_job_kind. A kind says
    how many units the work has, does one step, and finishes once; `failed` is called when
    the job stops for good (it does nothing unless the kind has something to tidy)."""

    label: str

    def total(self, shop, job) -> int:
        raise NotImplementedError

    def run_step(self, shop, job, step: int) -> "StepResult":
        raise NotImplementedError

    def finish(self, shop, job) -> "JobResult":
        raise NotImplementedError

    def failed(self, shop, job) -> str:
        """The job stopped for good: tidy what its steps left, and say how far it got (the
        job's result message), or nothing."""
        return ""


@dataclass(frozen=True)
class StepResult:
    done: int  # units done by this step
    params: dict  # what the next step needs (merged into job.params)
    last: bool  # no more steps after this one
    # Work done outside the step's transaction, after it commits (e.g. sending the mails the
    # step claimed). It opens its own transactions; if it dies, its claims stay committed.
    after_commit: Callable[[], None] | None = None
    # The units of work, when the step has just found out (the job took its selection).
    total: int | None = None


@dataclass(frozen=True)
class JobResult:
    message: str
    file: str = ""  # relative to MEDIA_ROOT


logger = logging.getLogger(__name__)

KINDS: dict[str, JobKind] = {}


def register_job_kind(name: str, kind: JobKind) -> None:
    KINDS[name] = kind


def start_job(*, shop, actor, kind: str, params: dict, total: int | None = None) -> Job:
    """Create a queued job and enqueue its first step once this transaction commits.
    `total`: the units of work when the caller has just counted them (else the kind counts)."""
    from shopadmin.tasks import run_job_step

    # Results are written in the language of the person who started the job, not the worker's.
    params = {**params, "step": 0, "language": translation.get_language()}
    job = Job(shop=shop, kind=kind, params=params, created_by=actor)
    job.number = next_number(shop, JOB)
    job.progress_total = KINDS[kind].total(shop, job) if total is None else total
    job.save()
    record_audit_event(shop=shop, actor=actor, action=f"job.started.{kind}", target=job)
    transaction.on_commit(lambda: run_job_step.delay(shop.pk, job.pk, 0))
    return job


# Steps enqueued while a step runs in this very thread: only without a broker (eager tasks,
# `make run` without REDIS_URL), where "enqueue the next step" would otherwise run it inside
# the current one, and a long job would run out of stack after about a hundred steps.
_steps_waiting: ContextVar[list | None] = ContextVar("steps_waiting", default=None)


def run_step(*, shop, job_id: int, step: int) -> None:
    """Run the step, and then, one after another, any step it enqueued in this thread."""
    waiting = _steps_waiting.get()
    if waiting is not None:
        waiting.append((shop, job_id, step))
        return
    waiting = []
    token = _steps_waiting.set(waiting)
    try:
        _run_one_step(shop=shop, job_id=job_id, step=step)
        while waiting:
            shop, job_id, step = waiting.pop(0)
            _run_one_step(shop=shop, job_id=job_id, step=step)
    finally:
        _steps_waiting.reset(token)


def _run_one_step(*, shop, job_id: int, step: int) -> None:
    """Do step `step` of the job, unless it is done already (a redelivered message).

    Called by the task outside any transaction: the step commits on its own, then its
    `after_commit` work runs, then the next step is enqueued.
    """
    from shopadmin.tasks import run_job_step
    from shopadmin.tenancy import shop_context

    try:
        with shop_context(shop):  # one transaction: the step and the job's step pointer
            job = Job.objects.select_for_update().get(shop=shop, pk=job_id)
            if job.status in Job.FINISHED or job.params["step"] != step:
                return  # finished, or this step committed before: nothing to do twice
            kind = KINDS[job.kind]
            now = timezone.now()
            job.status = Job.Status.RUNNING
            job.started_at = job.started_at or now
            job.heartbeat_at = now
            with translation.override(job.params.get("language")):
                result = kind.run_step(shop, job, step)
                # Progress made: the reaper counts the stalls in a row, not over the whole job.
                job.params = {**job.params, **result.params, "step": step + 1, "attempts": 0}
                if result.total is not None:
                    job.progress_total = result.total
                job.progress_done = min(job.progress_done + result.done, job.progress_total)
                if result.last:
                    finished = kind.finish(shop, job)
                    job.status = Job.Status.DONE
                    job.progress_done = job.progress_total
                    job.result_message = finished.message
                    job.result_file = finished.file
                    job.finished_at = timezone.now()
            job.save()
        if result.after_commit is not None:
            result.after_commit()
            with shop_context(shop):  # a sign of life, so the reaper leaves the job alone
                Job.objects.filter(shop=shop, pk=job_id).update(heartbeat_at=timezone.now())
        if not result.last:
            transaction.on_commit(lambda: run_job_step.delay(shop.pk, job_id, step + 1))
    except Exception as error:
        # The job says what went wrong, the log has the rest. Not re-raised: a retry would
        # only fail again.
        logger.exception("job %s step %s failed", job_id, step)
        if isinstance(error, PermissionDenied):  # its text is for the log, not for people
            reason = _("the person who started it may no longer do this.")
        else:
            reason = str(error) or error.__class__.__name__
        with shop_context(shop):
            fail_job(shop=shop, job_id=job_id, reason=reason)


def fail_job(*, shop, job_id: int, reason: str) -> bool:
    """Mark a queued or running job failed with a reason a person can read, and let its kind
    tidy up what the job left half done (an email's waiting deliveries)."""
    failed = bool(
        Job.objects.filter(shop=shop, pk=job_id)
        .exclude(status__in=Job.FINISHED)
        .update(
            status=Job.Status.FAILED,
            error=_("Failed: %(reason)s") % {"reason": reason},
            finished_at=timezone.now(),
        )
    )
    job = Job.objects.get(shop=shop, pk=job_id)
    message = KINDS[job.kind].failed(shop, job) if failed and job.kind in KINDS else ""
    if message:
        Job.objects.filter(shop=shop, pk=job_id).update(result_message=message)
    return failed


def take_chunks(*, shop, job, customers, size: int) -> tuple[int, int]:
    """Keep the ids of `customers` (a queryset of the shop's rows) as the job's numbered chunks
    of `size` ids, in id order, in one statement. Returns (ids, chunks)."""
    # The shop again, as every service does: the caller's queryset is trusted
    # with nothing.
    customers = customers.filter(shop=shop)
    chosen_sql, chosen_params = customers.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH numbered AS (
                SELECT id, (row_number() OVER (ORDER BY id) - 1) / %s AS number
                FROM ({chosen_sql}) AS chosen (id)
            ), chunks AS (
                INSERT INTO shopadmin_jobchunk (shop_id, job_id, number, ids)
                SELECT %s, %s, number, array_agg(id ORDER BY id) FROM numbered GROUP BY number
                RETURNING cardinality(ids) AS size
            )
            SELECT coalesce(sum(size), 0), count(*) FROM chunks
            """,
            [size, *chosen_params, shop.pk, job.pk],
        )
        ids, chunks = cursor.fetchone()
    return int(ids), chunks


def chunk_ids(*, shop, job, number: int | None = None):
    """A subquery of the ids in the job's chunk `number`, or in all its chunks."""
    chunks = JobChunk.objects.filter(shop=shop, job=job)
    if number is not None:
        chunks = chunks.filter(number=number)
    unnest = Func(F("ids"), function="unnest", output_field=BigIntegerField())
    return chunks.annotate(chosen_id=unnest).values("chosen_id")


def drop_chunks(*, shop, job) -> None:
    JobChunk.objects.filter(shop=shop, job=job).delete()


def job_file_path(shop, job) -> Path:
    """The job's result file, which must lie in this shop's own folder."""
    root = (Path(settings.MEDIA_ROOT) / "exports" / str(shop.pk)).resolve()
    path = (Path(settings.MEDIA_ROOT) / job.result_file).resolve()
    if job.shop_id != shop.pk or not path.is_relative_to(root) or not path.is_file():
        raise Http404
    return path


def job_file_expired(job) -> bool:
    kept = timedelta(days=settings.JOB_FILES_KEPT_DAYS)
    return job.finished_at is not None and timezone.now() > job.finished_at + kept


def reap_stalled_jobs(*, stalled_after: timedelta | None = None) -> tuple[int, int]:
    """Resume the jobs whose worker stopped (killed, restarted, its message lost), or fail
    them with a reason after JOB_MAX_ATTEMPTS. Returns (resumed, failed).

    Stalled: queued or running, and the last committed sign of life (or the creation, for a
    job never started) is older than `stalled_after`. A step that is running holds its job's
    row lock, so SKIP LOCKED leaves it alone however long it takes.
    """
    from shopadmin.models import Shop
    from shopadmin.tasks import run_job_step
    from shopadmin.tenancy import shop_context

    if stalled_after is None:
        stalled_after = timedelta(seconds=settings.JOB_STALLED_AFTER_SECONDS)
    cutoff = timezone.now() - stalled_after
    resumed = failed = 0
    for shop in Shop.objects.order_by("pk"):  # row-level security: one shop at a time
        with shop_context(shop):
            stalled = (
                Job.objects.select_for_update(skip_locked=True)
                .filter(shop=shop, status__in=Job.ACTIVE)
                .annotate(last_sign=Coalesce("heartbeat_at", "created_at"))
                .filter(last_sign__lt=cutoff)
            )
            for job in stalled:
                attempts = job.params.get("attempts", 0) + 1
                if attempts > settings.JOB_MAX_ATTEMPTS:
                    reason = _("its worker stopped %(count)d times; it was not resumed again.")
                    fail_job(shop=shop, job_id=job.pk, reason=reason % {"count": attempts - 1})
                    failed += 1
                    continue
                job.params = {**job.params, "attempts": attempts}
                job.heartbeat_at = timezone.now()
                job.save(update_fields=["params", "heartbeat_at"])
                step = job.params["step"]
                transaction.on_commit(
                    lambda job=job, step=step: run_job_step.delay(job.shop_id, job.pk, step)
                )
                resumed += 1
    return resumed, failed


def purge_old_job_files() -> int:
    """Delete job files (exports hold personal data) older than JOB_FILES_KEPT_DAYS, and the
    part files that failed jobs left behind. Returns how many were removed."""
    exports = Path(settings.MEDIA_ROOT) / "exports"
    cutoff = (timezone.now() - timedelta(days=settings.JOB_FILES_KEPT_DAYS)).timestamp()
    removed = 0
    for entry in exports.glob("*/*") if exports.is_dir() else ():
        if entry.stat().st_mtime >= cutoff:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed += 1
    return removed
