import logging
import os
import sys

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate

logger = logging.getLogger("shopadmin")


class ShopadminConfig(AppConfig):
    name = "shopadmin"
    verbose_name = "shopadmin"

    def ready(self):
        from shopadmin.db_roles import register_append_only
        from shopadmin.models import AuditEvent

        register_append_only(AuditEvent)
        post_migrate.connect(_grant_runtime_role, sender=self)
        if settings.CELERY_TASK_ALWAYS_EAGER and _is_serving():
            logger.warning(
                "REDIS_URL is not set: background tasks run in-process (eager), "
                "not in a Celery worker."
            )


def _grant_runtime_role(using, **kwargs):
    from django.db import connections

    from shopadmin.db_roles import ensure_runtime_role

    ensure_runtime_role(connections[using])


def _is_serving() -> bool:
    """True in the process that serves requests (not in runserver's file watcher)."""
    if "runserver" in sys.argv:
        return os.environ.get("RUN_MAIN") == "true" or "--noreload" in sys.argv
    return "gunicorn" in sys.argv[0]
