"""A bulk action over more than BULK_INLINE_LIMIT customers runs as a job, chunk by chunk,
through the same code as inline; what the dialog creates is created once; redelivered steps
do nothing twice; a group deleted meanwhile fails the job with a reason."""

import pytest
from django.urls import reverse

from customers.models import Customer, CustomerStanding
from groups.models import CustomerGroup, GroupMembership
from loyalty.models import PointsEntry
from shopadmin.models import JobChunk
from shopadmin.tasks import run_job_step
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory, CustomerGroupFactory
from tests.helpers import latest_job, text

BULK = reverse("staff:customer_bulk")


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.BULK_INLINE_LIMIT = 3  # more than three customers: a job
    settings.BULK_JOB_CHUNK = 2


@pytest.fixture
def lisowie(shop):
    """Five customers named Lis, one of them a guest."""
    people = [
        CustomerFactory(shop=shop, first_name=name, last_name="Lis")
        for name in ["Ala", "Ola", "Ela", "Iza"]
    ]
    people.append(CustomerFactory(shop=shop, first_name="Jan", last_name="Lis", guest=True))
    return people


def test_a_large_selection_becomes_a_job_and_a_new_group_is_made_once(
    staff_client, shop, other_shop, lisowie, django_capture_on_commit_callbacks
):
    foreign = other_shop.demo.customer
    ids = [c.pk for c in lisowie] + [foreign.pk]
    data = {
        "action": "add_to_group",
        "scope": "selected",
        "new_group": "Hurt Łódź",
        "new_group_colour": "#1565c0",
        "ids": ids,
    }

    confirmation = staff_client.get(BULK, data)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(BULK, data, follow=True)

    assert "changed in the background" in text(confirmation)
    job = latest_job(shop)
    assert response.redirect_chain[-1][0] == reverse("staff:jobs")
    assert f"Add to a group #{job.number} started for 5 customers; it runs in the background." in (
        text(response)
    )
    assert (job.kind, job.status, job.progress_done, job.progress_total) == (
        "bulk_action",
        "done",
        5,
        5,
    )
    assert job.params["step"] == 4  # chunks of 2, 2, 1, then the last step that finds none
    assert job.result_message == (
        "4 customers added to Hurt Łódź. 1 guest skipped: guests cannot join groups."
    )
    with shop_context(shop):
        [group] = CustomerGroup.objects.filter(name="Hurt Łódź")
        assert group.tag_colour == "#1565C0"
        members = GroupMembership.objects.filter(group=group)
        assert sorted(members.values_list("customer__first_name", flat=True)) == [
            "Ala",
            "Ela",
            "Iza",
            "Ola",
        ]
    with shop_context(shop):  # a leaked row would carry shop A's id
        assert not GroupMembership.objects.filter(customer_id=foreign.pk)


def run_captured(callbacks, capture):
    """Run on-commit callbacks held back, and whatever they enqueue in turn."""
    with capture(execute=True):
        for callback in callbacks:
            callback()


def test_a_step_delivered_again_mid_job_adds_no_points_twice(
    staff_client, shop, lisowie, django_capture_on_commit_callbacks
):
    data = {
        "action": "points",
        "scope": "all",
        "query": "q=lis",
        "mode": "add",
        "points": 10,
        "reason": "Wiosna",
    }
    with django_capture_on_commit_callbacks():  # the job is queued, its first step held back
        staff_client.post(BULK, data)
    job = latest_job(shop)

    with django_capture_on_commit_callbacks() as next_steps:
        run_job_step.delay(shop.pk, job.pk, 0)  # takes the selection
        run_job_step.delay(shop.pk, job.pk, 1)  # the first chunk commits...
        run_job_step.delay(shop.pk, job.pk, 1)  # ...and the broker delivers it again
        run_job_step.delay(shop.pk, job.pk, 0)  # as it may the first step
    run_captured(next_steps, django_capture_on_commit_callbacks)

    assert latest_job(shop).result_message == "Points changed for 5 customers."
    with shop_context(shop):
        balances = CustomerStanding.objects.filter(customer__in=[c.pk for c in lisowie])
        assert sorted(balances.values_list("points_balance", flat=True)) == [10] * 5
        assert PointsEntry.objects.filter(reason="Wiosna").count() == 5
        assert not JobChunk.objects.exists()  # the job's selection goes once it is done


def test_a_filter_that_no_longer_holds_when_the_job_starts_fails_it(
    staff_client, shop, lisowie, django_capture_on_commit_callbacks
):
    vip = CustomerGroupFactory(shop=shop, name="VIP")
    with shop_context(shop):
        for customer in lisowie[:4]:  # the guest cannot join
            GroupMembership.objects.create(shop=shop, customer=customer, group=vip)
    data = {
        "action": "points",
        "scope": "all",
        "query": f"group={vip.pk}",
        "mode": "add",
        "points": 10,
        "reason": "VIP",
    }
    with django_capture_on_commit_callbacks() as first_step:
        staff_client.post(BULK, data)
    with shop_context(shop):
        vip.delete()
    run_captured(first_step, django_capture_on_commit_callbacks)

    job = latest_job(shop)
    assert job.status == "failed"
    assert "The list's filters are no longer valid" in job.error
    assert job.result_message == "0 of 4 customers were processed before it stopped."
    page = text(staff_client.get(reverse("staff:jobs")))
    assert "0 of 4 customers were processed before it stopped." in page
    with shop_context(shop):
        assert not PointsEntry.objects.filter(reason="VIP").exists()


def test_the_job_works_on_who_matched_when_it_started(
    staff_client, shop, lisowie, django_capture_on_commit_callbacks
):
    """Once the job has taken its selection, customers who stop matching (here: the group
    filtered on is deleted) still get what the confirmation promised them."""
    vip = CustomerGroupFactory(shop=shop, name="VIP")
    with shop_context(shop):
        for customer in lisowie[:4]:
            GroupMembership.objects.create(shop=shop, customer=customer, group=vip)
    data = {
        "action": "points",
        "scope": "all",
        "query": f"group={vip.pk}",
        "mode": "add",
        "points": 10,
        "reason": "VIP",
    }
    with django_capture_on_commit_callbacks():
        staff_client.post(BULK, data)
    job = latest_job(shop)
    with django_capture_on_commit_callbacks() as next_steps:
        run_job_step.delay(shop.pk, job.pk, 0)  # takes the four
    with shop_context(shop):
        vip.delete()
    run_captured(next_steps, django_capture_on_commit_callbacks)

    job = latest_job(shop)
    assert (job.status, job.result_message) == ("done", "Points changed for 4 customers.")
    with shop_context(shop):
        assert PointsEntry.objects.filter(reason="VIP").count() == 4
        assert not PointsEntry.objects.filter(customer=lisowie[4]).exists()  # not in VIP


def test_customers_who_come_to_match_after_the_confirmation_are_left_alone(
    staff_client, shop, lisowie, django_capture_on_commit_callbacks
):
    data = {"action": "delete", "scope": "all", "query": "q=lis"}
    with django_capture_on_commit_callbacks() as first_step:
        staff_client.post(BULK, data)
    newcomer = CustomerFactory(shop=shop, first_name="Nowy", last_name="Lis")
    run_captured(first_step, django_capture_on_commit_callbacks)

    assert latest_job(shop).result_message == "5 customers deleted."
    with shop_context(shop):
        assert Customer.objects.filter(last_name="Lis").get() == newcomer


def test_a_group_deleted_before_the_job_runs_fails_it_with_a_reason(
    staff_client, shop, lisowie, django_capture_on_commit_callbacks
):
    hurt = CustomerGroupFactory(shop=shop, name="Hurt")
    data = {"action": "add_to_group", "scope": "all", "query": "q=lis", "group": hurt.pk}

    with django_capture_on_commit_callbacks() as callbacks:
        staff_client.post(BULK, data)
    with shop_context(shop):
        hurt.delete()
    for callback in callbacks:
        callback()

    job = latest_job(shop)
    assert job.status == "failed"
    assert job.error.startswith("Failed: The options are no longer valid: Select a valid choice.")
    with shop_context(shop):
        assert not GroupMembership.objects.filter(customer__in=[c.pk for c in lisowie])


def test_up_to_the_limit_the_action_runs_in_the_request(staff_client, shop, lisowie):
    data = {"action": "block", "scope": "selected", "ids": [c.pk for c in lisowie[:3]]}

    confirmation = staff_client.get(BULK, data)
    response = staff_client.post(BULK, data, follow=True)

    assert "changed in the background" not in text(confirmation)
    assert "3 customers blocked." in text(response)
    assert response.redirect_chain[-1][0].startswith(reverse("staff:customer_list"))


def test_a_job_that_fails_mid_way_leaves_no_chunks_behind(
    staff_client, shop, lisowie, django_capture_on_commit_callbacks
):
    hurt = CustomerGroupFactory(shop=shop, name="Hurt")
    data = {"action": "add_to_group", "scope": "all", "query": "q=lis", "group": hurt.pk}
    with django_capture_on_commit_callbacks():
        staff_client.post(BULK, data)
    job = latest_job(shop)
    with django_capture_on_commit_callbacks() as next_steps:
        run_job_step.delay(shop.pk, job.pk, 0)  # takes the selection: three chunks
    with shop_context(shop):
        assert JobChunk.objects.filter(job=job).count() == 3
        hurt.delete()  # the group to add to goes: the next step fails
    run_captured(next_steps, django_capture_on_commit_callbacks)

    assert latest_job(shop).status == "failed"
    with shop_context(shop):
        assert not JobChunk.objects.filter(job=job).exists()
