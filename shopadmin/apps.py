import logging
import os
import sys

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("shopadmin")


class ShopadminConfig(AppConfig):
    name = "shopadmin"
    verbose_name = "shopadmin"

    def ready(self):
        from shopadmin.home_tiles import HomeTile, register_home_tile
        from shopadmin.selectors import jobs_of_shop

        post_migrate.connect(_grant_runtime_role, sender=self)
        register_home_tile(HomeTile("jobs", _("Background jobs"), jobs_of_shop, order=90))
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
