"""Celery tasks receive a shop_id, never a shop object or personal data, and run inside that
shop's context, exactly like a request."""

from functools import wraps

from shopadmin.celery import app
from shopadmin.models import Shop
from shopadmin.tenancy import shop_context


def shop_task(**task_options):
    """Declare a task whose first argument is a shop_id: `fn(shop, *args)` runs as that shop."""

    def decorator(fn):
        @app.task(name=f"{fn.__module__}.{fn.__name__}", **task_options)
        @wraps(fn)
        def task(shop_id: int, *args, **kwargs):
            shop = Shop.objects.get(pk=shop_id)
            with shop_context(shop):
                return fn(shop, *args, **kwargs)

        return task

    return decorator


@shop_task()
def run_job_step(shop, job_id: int, step: int) -> None:
    from shopadmin.jobs import run_step

    run_step(shop=shop, job_id=job_id, step=step)


@app.task(name="shopadmin.tasks.reap_jobs")
def reap_jobs() -> tuple[int, int]:
    from shopadmin.jobs import purge_old_job_files, reap_stalled_jobs

    purge_old_job_files()
    return reap_stalled_jobs()
