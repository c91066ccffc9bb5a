"""Sending an email to selected customers: placeholders, a preview, the newsletter opt-in,
an outbox that never mails anyone twice, and failures listed per recipient."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from customers.campaigns import outcome_message
from customers.models import Customer, EmailCampaign, EmailDelivery
from discounts.services import create_percent_coupon
from shopadmin.models import Job
from shopadmin.tasks import run_job_step
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory
from tests.helpers import latest_job, text
from tests.mail_servers import DyingServer, WorkerKilled

BULK = reverse("staff:customer_bulk")
BODY = (
    "Hello {{ first_name }} {{ last_name }} of {{ company }}: {{ points }} points, "
    "{{ coupon_code }}."
)


@pytest.fixture
def readers(shop):
    """Two newsletter subscribers and one customer who did not opt in."""
    ala = CustomerFactory(
        shop=shop,
        first_name="Ala",
        last_name="Nowak",
        company_name="Ala Sp. z o.o.",
        email="ala@example.com",
        newsletter=True,
        points_balance=120,
    )
    ola = CustomerFactory(
        shop=shop, first_name="Ola", last_name="Lis", email="ola@example.com", newsletter=True
    )
    ela = CustomerFactory(shop=shop, first_name="Ela", last_name="Kot", email="ela@example.com")
    return {"ala": ala, "ola": ola, "ela": ela}


@pytest.fixture
def coupon(shop, owner):
    with shop_context(shop):
        return create_percent_coupon(shop=shop, actor=owner, code="WIOSNA12", percent=12)


def email_data(*customers, **extra):
    return {
        "action": "send_email",
        "scope": "selected",
        "ids": [c.pk for c in customers],
        "subject": "News for {{ first_name }}",
        "body": "Hi {{ first_name }}.",
        **extra,
    }


def deliveries(shop) -> dict[str, str]:
    """Address -> status in the latest email's outbox."""
    with shop_context(shop):
        latest = EmailCampaign.objects.latest("pk")
        return dict(latest.deliveries.values_list("email", "status"))


def test_marketing_goes_to_subscribers_with_their_own_values(
    staff_client, shop, readers, coupon, django_capture_on_commit_callbacks
):
    data = email_data(*readers.values(), coupon=coupon.pk, body=BODY)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(BULK, data, follow=True)

    job = latest_job(shop)
    assert response.redirect_chain[-1][0] == reverse("staff:jobs")
    assert f"Email #{job.number} is being sent to 2 customers." in text(response)
    assert "1 skipped: not subscribed to the newsletter." in text(response)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"ala@example.com", "ola@example.com"}
    ala = by_address["ala@example.com"]
    assert ala.subject == "News for Ala"
    assert ala.body == "Hello Ala Nowak of Ala Sp. z o.o.: 120 points, WIOSNA12."
    assert by_address["ola@example.com"].body == "Hello Ola Lis of : 0 points, WIOSNA12."
    assert shop.name in ala.from_email
    assert deliveries(shop) == {
        "ala@example.com": "sent",
        "ola@example.com": "sent",
        "ela@example.com": "skipped",
    }
    assert (job.status, job.progress_done, job.progress_total) == ("done", 2, 2)
    assert job.result_message == (
        "Sent to 2 customers. 1 skipped: not subscribed to the newsletter."
    )


def test_a_service_message_goes_to_everyone_selected(
    staff_client, shop, readers, django_capture_on_commit_callbacks
):
    data = email_data(
        *readers.values(), body="Your account, {{ first_name }}.", service_message="on"
    )

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(BULK, data)

    assert sorted(message.body for message in mail.outbox) == [
        "Your account, Ala.",
        "Your account, Ela.",
        "Your account, Ola.",
    ]


def test_the_job_run_again_mails_nobody_twice(
    staff_client, shop, readers, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BATCH_SIZE = 1  # two recipients: two sending steps and a last one
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(BULK, email_data(*readers.values()))
    job = latest_job(shop)
    assert len(mail.outbox) == 2 and job.params["step"] == 3

    # Every step delivered again by the broker, then the whole job retried from its start.
    with django_capture_on_commit_callbacks(execute=True):
        for step in range(3):
            run_job_step.delay(shop.pk, job.pk, step)
        with shop_context(shop):
            Job.objects.filter(pk=job.pk).update(status="running", params={**job.params, "step": 0})
        run_job_step.delay(shop.pk, job.pk, 0)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ala@example.com",
        "ola@example.com",
    ]


def test_a_worker_killed_while_sending_leaves_them_interrupted_never_resent(
    staff_client, shop, readers, settings, django_capture_on_commit_callbacks
):
    """What was sent before the worker died is recorded; the rest of its batch is reported as
    "may have been delivered" and is not sent again when the job is resumed; the next batches
    are sent."""
    settings.EMAIL_BACKEND = "tests.mail_servers.DyingServer"
    settings.EMAIL_BATCH_SIZE = 2
    DyingServer.sent = 0
    more = [
        CustomerFactory(
            shop=shop, first_name=f"Fan{n}", email=f"fan{n}@example.com", newsletter=True
        )
        for n in range(3)
    ]
    chosen = [readers["ala"], readers["ola"], *more]  # by id: ala, ola | fan0, fan1 | fan2

    with pytest.raises(WorkerKilled), django_capture_on_commit_callbacks(execute=True):
        staff_client.post(BULK, email_data(*chosen))

    assert [message.to[0] for message in mail.outbox] == ["ala@example.com"]
    assert deliveries(shop)["ola@example.com"] == "sending"  # claimed, outcome unknown
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    job = latest_job(shop)
    assert job.params["step"] == 1  # the claim of step 0 committed before the death
    with django_capture_on_commit_callbacks(execute=True):
        # What the reaper does with the stalled job (tests/shopadmin/test_worker.py has the
        # reaper and a real worker): the next step is enqueued again.
        run_job_step.delay(shop.pk, job.pk, 1)

    sent_to = [message.to[0] for message in mail.outbox]
    assert sorted(sent_to) == [
        "ala@example.com",
        "fan0@example.com",
        "fan1@example.com",
        "fan2@example.com",
    ]
    assert deliveries(shop) == {
        "ala@example.com": "sent",
        "ola@example.com": "interrupted",
        "fan0@example.com": "sent",
        "fan1@example.com": "sent",
        "fan2@example.com": "sent",
    }
    job = latest_job(shop)
    assert job.status == "done"
    assert job.result_message == (
        "Sent to 4 customers. 1 interrupted: sending stopped midway; it may have been delivered."
    )


def test_refused_addresses_are_listed_per_recipient(
    staff_client, shop, readers, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.mail_servers.RefusingServer"
    refused = CustomerFactory(
        shop=shop, first_name="Zofia", email="refused@example.com", newsletter=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(BULK, email_data(readers["ala"], readers["ela"], refused))

    job = latest_job(shop)
    assert [message.to[0] for message in mail.outbox] == ["ala@example.com"]
    assert job.result_message == (
        "Sent to 1 customer. 1 failed. 1 skipped: not subscribed to the newsletter."
    )
    page = staff_client.get(reverse("staff:jobs"))
    campaign_url = reverse("staff:email_campaign", args=[job.params["campaign"]])
    assert campaign_url in text(page)
    campaign = text(staff_client.get(campaign_url))
    assert "refused@example.com" in campaign and "No such user" in campaign
    assert "ela@example.com" in campaign and "not subscribed to the newsletter" in campaign
    assert "ala@example.com" not in campaign  # delivered: not in the list of problems


def test_the_preview_shows_one_recipients_copy_and_sends_nothing(
    staff_client, shop, readers, coupon
):
    data = email_data(
        *readers.values(), coupon=coupon.pk, body=BODY, preview="1", preview_for=readers["ala"].pk
    )

    response = staff_client.post(BULK, data)

    assert response.status_code == 200
    page = text(response)
    assert "What Ala Nowak receives" in page
    assert "News for Ala" in page
    assert "Hello Ala Nowak of Ala Sp. z o.o.: 120 points, WIOSNA12." in page
    # The choice of recipient lists only the selection.
    assert "ela@example.com" in page and f"c@{shop.slug}.example" not in page
    with shop_context(shop):
        assert EmailCampaign.objects.get() == shop.demo.campaign  # no new one
    assert mail.outbox == []


def test_placeholders_are_checked_before_anything_is_sent(staff_client, shop, readers):
    unknown = staff_client.post(BULK, email_data(readers["ala"], body="Hi {{ nickname }}"))
    no_coupon = staff_client.post(BULK, email_data(readers["ala"], body="Use {{ coupon_code }}"))

    assert "Unknown placeholders: {{ nickname }}." in text(unknown)
    assert "The message names {{ coupon_code }}: choose the coupon." in text(no_coupon)
    with shop_context(shop):
        assert EmailCampaign.objects.get() == shop.demo.campaign  # no new one
    assert mail.outbox == []


def test_a_role_without_email_permission_is_refused(support_client, shop, readers):
    response = support_client.post(BULK, email_data(*readers.values()))

    assert response.status_code == 403
    assert mail.outbox == []


def test_forged_ids_of_another_shop_get_no_mail(
    staff_client, shop, other_shop, readers, django_capture_on_commit_callbacks
):
    foreign = other_shop.demo.customer
    data = email_data(readers["ala"], service_message="on")
    data["ids"].append(foreign.pk)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(BULK, data)

    assert [message.to[0] for message in mail.outbox] == ["ala@example.com"]
    with shop_context(shop):  # a leaked row would carry shop A's id
        assert not EmailDelivery.objects.filter(customer_id=foreign.pk)


def test_a_coupon_given_can_be_emailed(
    staff_client, shop, readers, coupon, django_capture_on_commit_callbacks
):
    data = {
        "action": "give_coupon",
        "scope": "selected",
        "coupon": coupon.pk,
        "email": "on",
        "ids": [readers["ala"].pk, readers["ela"].pk],
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(BULK, data, follow=True)

    assert "Coupon WIOSNA12 given to 2 customers." in text(response)
    assert "is being sent to 1 customer. 1 skipped" in text(response)
    [message] = mail.outbox
    assert message.to == ["ala@example.com"]
    assert "Hello Ala," in message.body and "WIOSNA12" in message.body


def test_the_deliveries_link_shows_only_to_roles_that_may_open_it(
    staff_client, support_client, shop, readers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(BULK, email_data(readers["ala"]))
    campaign_url = reverse("staff:email_campaign", args=[latest_job(shop).params["campaign"]])

    assert campaign_url in text(staff_client.get(reverse("staff:jobs")))
    assert campaign_url not in text(support_client.get(reverse("staff:jobs")))
    assert support_client.get(campaign_url).status_code == 403


def test_large_counts_are_grouped_as_people_read_them():
    counts = {"sent": 1203, "failed": 2, "skipped": 12_000}

    assert outcome_message(counts) == (
        "Sent to 1,203 customers. 2 failed. 12,000 skipped: not subscribed to the newsletter."
    )


def test_a_job_that_fails_keeps_what_was_sent_and_says_the_rest_will_not_go(
    staff_client, shop, readers, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.mail_servers.BreakingServer"
    settings.EMAIL_BATCH_SIZE = 1

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(BULK, email_data(readers["ala"], readers["ola"]))

    job = latest_job(shop)
    assert (job.status, job.error) == ("failed", "Failed: Connection reset by peer")
    assert [message.to[0] for message in mail.outbox] == ["ala@example.com"]
    assert deliveries(shop) == {"ala@example.com": "sent", "ola@example.com": "failed"}
    page = text(staff_client.get(reverse("staff:email_campaign", args=[job.params["campaign"]])))
    assert "ola@example.com" in page and "the job stopped" in page


def test_the_same_dialog_submitted_twice_sends_one_email(
    staff_client, shop, readers, django_capture_on_commit_callbacks
):
    dialog = staff_client.get(BULK, email_data(readers["ala"]))
    token = re.search(r'name="form_token" value="(\w+)"', text(dialog))[1]
    data = email_data(readers["ala"], form_token=token)

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(BULK, data)
        again = staff_client.post(BULK, data)

    assert "This email was sent already: see the jobs page." in text(again)
    assert [message.to[0] for message in mail.outbox] == ["ala@example.com"]
    with shop_context(shop):
        assert EmailCampaign.objects.filter(form_token=token).count() == 1


def test_who_unsubscribes_before_their_batch_is_skipped(
    staff_client, shop, readers, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BATCH_SIZE = 1
    with django_capture_on_commit_callbacks() as first_step:  # written, not yet sent
        staff_client.post(BULK, email_data(readers["ala"], readers["ola"]))
    with shop_context(shop):
        Customer.objects.filter(pk=readers["ola"].pk).update(newsletter=False)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in first_step:
            callback()

    assert [message.to[0] for message in mail.outbox] == ["ala@example.com"]
    assert deliveries(shop) == {"ala@example.com": "sent", "ola@example.com": "skipped"}
