from datetime import timedelta

from django.core.management.base import BaseCommand

from shopadmin.jobs import purge_old_job_files, reap_stalled_jobs


class Command(BaseCommand):
    help = (
        "Resume background jobs whose worker stopped, or mark them failed with a reason after "
        "JOB_MAX_ATTEMPTS, and delete job files older than JOB_FILES_KEPT_DAYS. Run it from "
        "cron if no Celery beat runs the same every 5 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stalled-after",
            type=int,
            default=None,
            help="seconds without a committed step (default JOB_STALLED_AFTER_SECONDS)",
        )

    def handle(self, *args, stalled_after=None, **options):
        after = None if stalled_after is None else timedelta(seconds=stalled_after)
        resumed, failed = reap_stalled_jobs(stalled_after=after)
        purged = purge_old_job_files()
        self.stdout.write(
            f"Resumed {resumed} stalled job(s); marked {failed} failed; "
            f"deleted {purged} old job file(s)."
        )
