"""Without a broker (`make run` with no REDIS_URL) tasks run in-process: a job of many steps
must still finish, each step after the other, not one inside the other."""

import sys

from customers.services import start_customer_export
from shopadmin.models import Job
from shopadmin.services import add_staff_member, create_shop
from shopadmin.tenancy import shop_context
from tests.factories import PASSWORD, CustomerFactory

CUSTOMERS = 60


def test_a_job_of_many_steps_finishes_when_tasks_run_in_process(committed_db, settings, tmp_path):
    assert settings.CELERY_TASK_ALWAYS_EAGER  # what this test is about
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_STEP_ROWS = 1  # one step per customer
    shop = create_shop(name="Sklep Bez Brokera", slug="sklep-bez-brokera")
    owner, _ = add_staff_member(
        shop=shop, email="owner@bez.example", role="owner", password=PASSWORD
    )
    for number in range(CUSTOMERS):
        CustomerFactory(shop=shop, email=f"k{number}@example.com", guest=True)
    # Each nested step costs a dozen frames; this limit would be reached near step 20.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(300)
    try:
        with shop_context(shop):  # the steps start when this commits, in this thread
            job = start_customer_export(
                shop=shop, actor=owner, query="", ids=None, columns=["email"], bom=False
            )
    finally:
        sys.setrecursionlimit(limit)

    with shop_context(shop):
        done = Job.objects.get(pk=job.pk)
    assert (done.status, done.error, done.progress_done) == ("done", "", CUSTOMERS)
    assert done.params["step"] == CUSTOMERS + 1
