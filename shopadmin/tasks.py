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


@app.task(name="shopadmin.tasks.run_job_step")
def run_job_step(shop_id: int, job_id: int, step: int) -> None:
    """Not a shop_task: a step opens its own transactions in the shop's context (the step,
    then whatever it does after committing, such as sending mail)."""
    from shopadmin.jobs import run_step

    run_step(shop=Shop.objects.get(pk=shop_id), job_id=job_id, step=step)


@app.task(name="shopadmin.tasks.reap_jobs")
def reap_jobs() -> tuple[int, int]:
    from shopadmin.jobs import purge_old_job_files, reap_stalled_jobs

    purge_old_job_files()
    return reap_stalled_jobs()


@shop_task()
def email_staff_invitation(shop, user_id: int, new_account: bool) -> None:
    from shopadmin.staff import send_invitation_email

    send_invitation_email(shop=shop, user_id=user_id, new_account=new_account)
