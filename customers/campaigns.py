"""Email to a selection of customers, sent by a job through an outbox (EmailDelivery).

Each step claims the next EMAIL_BATCH_SIZE waiting deliveries (pending -> sending) and
commits the claim; only then are those mails sent, outside any transaction, and their
outcomes recorded. A step done again finds nothing pending that it claimed before, so a
retried or redelivered task never mails anyone twice. A worker killed while sending leaves
its claimed rows "sending": the last step reports them as interrupted (they may have gone
out), and they are never sent again.
"""

import re
from functools import partial

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.models import EmailCampaign, EmailDelivery
from customers.selectors import deliveries_of_campaign, delivery_counts
from shopadmin.formatting import counted
from shopadmin.jobs import JobKind, JobResult, StepResult
from shopadmin.mail import shop_message
from shopadmin.tenancy import shop_context

# What a message may say about its recipient: {{ first_name }} and so on (recipient_values).
PLACEHOLDERS = ("first_name", "last_name", "company", "points", "coupon_code")
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def as_placeholders(names) -> str:
    return ", ".join(f"{{{{ {name} }}}}" for name in names)


def unknown_placeholders_error(text: str) -> str:
    """What is wrong with the placeholders of `text`, or "" when nothing is."""
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if not unknown:
        return ""
    return _("Unknown placeholders: %(names)s.") % {"names": as_placeholders(unknown)}


def recipient_values(customer, *, coupon_code: str) -> dict[str, str]:
    return {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "company": customer.company_name,
        "points": str(customer.standing.points_balance),
        "coupon_code": coupon_code,
    }


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Plain substitution, not a template language: staff text can reach no other data."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def message_for(campaign, customer) -> tuple[str, str]:
    """The subject and body this customer receives."""
    values = recipient_values(customer, coupon_code=campaign.coupon_code)
    subject = " ".join(fill_placeholders(campaign.subject, values).split())
    return subject, fill_placeholders(campaign.body, values)


class CampaignSending(JobKind):
    label = gettext_lazy("Email")

    def total(self, shop, job) -> int:
        waiting = deliveries_of_campaign(shop, job.params["campaign"])
        return waiting.filter(status=EmailDelivery.Status.PENDING).count()

    def run_step(self, shop, job, step: int) -> StepResult:
        """Claim the next batch of waiting deliveries; they are sent once this commits."""
        campaign = EmailCampaign.objects.get(shop=shop, pk=job.params["campaign"])
        waiting = deliveries_of_campaign(shop, campaign.pk).filter(
            status=EmailDelivery.Status.PENDING
        )
        batch = waiting.order_by("pk").select_for_update(skip_locked=True)
        ids = list(batch.values_list("pk", flat=True)[: settings.EMAIL_BATCH_SIZE])
        if not ids:
            return StepResult(done=0, params={}, last=True)
        claimed = deliveries_of_campaign(shop, campaign.pk).filter(pk__in=ids)
        now = timezone.now()
        if not campaign.service_message:  # who unsubscribed since the email was written
            claimed.filter(customer__newsletter=False).update(
                status=EmailDelivery.Status.SKIPPED, updated_at=now
            )
        claimed.filter(status=EmailDelivery.Status.PENDING).update(
            status=EmailDelivery.Status.SENDING, updated_at=now
        )
        send = partial(send_claimed_deliveries, shop=shop, campaign_id=campaign.pk, ids=ids)
        return StepResult(done=len(ids), params={}, last=False, after_commit=send)

    def finish(self, shop, job) -> JobResult:
        _mark_interrupted(shop, job.params["campaign"])
        counts = delivery_counts(shop, job.params["campaign"])
        return JobResult(message=outcome_message(counts))

    def failed(self, shop, job) -> str:
        """The job stopped for good: what was being sent may have gone out, what was waiting
        will not go out with this job."""
        _mark_interrupted(shop, job.params["campaign"])
        deliveries_of_campaign(shop, job.params["campaign"]).filter(
            status=EmailDelivery.Status.PENDING
        ).update(
            status=EmailDelivery.Status.FAILED,
            detail=_("the job stopped"),
            updated_at=timezone.now(),
        )
        return ""


def outcome_message(counts: dict[str, int]) -> str:
    """ "Sent to 1,180 customers. 3 failed. 23 skipped: not subscribed to the newsletter." """
    Status = EmailDelivery.Status
    sent = counts.get(Status.SENT, 0)
    parts = [counted("Sent to %(count)s customer.", "Sent to %(count)s customers.", sent)]
    others = [
        (Status.FAILED, "%(count)s failed.", "%(count)s failed."),
        (
            Status.INTERRUPTED,
            "%(count)s interrupted: sending stopped midway; it may have been delivered.",
            "%(count)s interrupted: sending stopped midway; they may have been delivered.",
        ),
        (
            Status.SKIPPED,
            "%(count)s skipped: not subscribed to the newsletter.",
            "%(count)s skipped: not subscribed to the newsletter.",
        ),
    ]
    for status, singular, plural in others:
        if counts.get(status):
            parts.append(counted(singular, plural, counts[status]))
    return " ".join(parts)


def send_claimed_deliveries(*, shop, campaign_id: int, ids: list[int]) -> None:
    """Send the deliveries a committed step claimed, then record each one's outcome.

    Runs outside any transaction: no lock is held while the mail server answers. It runs
    once per claim (a redelivered step finds its claim committed and does nothing), and only
    rows still "sending" are sent.
    """
    with shop_context(shop):
        campaign = EmailCampaign.objects.get(shop=shop, pk=campaign_id)
        claimed = deliveries_of_campaign(shop, campaign_id).filter(
            pk__in=ids, status=EmailDelivery.Status.SENDING
        )
        deliveries = list(claimed.select_related("customer__standing").order_by("pk"))
    connection = get_connection()  # EMAIL_TIMEOUT bounds each answer of the server
    try:
        connection.open()
    except Exception as error:  # the server is down: every message of the batch failed
        for delivery in deliveries:
            delivery.status, delivery.detail = EmailDelivery.Status.FAILED, str(error)[:255]
        _record_outcomes(shop, campaign_id, deliveries)
        return
    try:
        for delivery in deliveries:
            subject, body = message_for(campaign, delivery.customer)
            message = shop_message(shop, subject, body, [delivery.email], connection=connection)
            try:
                message.send()
            except Exception as error:  # this address refused; the others still go
                delivery.status, delivery.detail = EmailDelivery.Status.FAILED, str(error)[:255]
            else:
                delivery.status = EmailDelivery.Status.SENT
    finally:  # what was sent is recorded even if the worker is being stopped
        _record_outcomes(shop, campaign_id, deliveries)
        connection.close()


def _mark_interrupted(shop, campaign_id: int) -> None:
    """Rows still "sending" once no step is sending them: they may have gone out."""
    deliveries_of_campaign(shop, campaign_id).filter(status=EmailDelivery.Status.SENDING).update(
        status=EmailDelivery.Status.INTERRUPTED, updated_at=timezone.now()
    )


def _record_outcomes(shop, campaign_id: int, deliveries) -> None:
    """Write what happened to each delivery of the batch (those not tried stay "sending")."""
    now = timezone.now()
    tried = [d for d in deliveries if d.status != EmailDelivery.Status.SENDING]
    for delivery in tried:
        delivery.updated_at = now
    with shop_context(shop):
        still_claimed = deliveries_of_campaign(shop, campaign_id).filter(
            status__in=[EmailDelivery.Status.SENDING, EmailDelivery.Status.INTERRUPTED]
        )
        still_claimed.bulk_update(tried, ["status", "detail", "updated_at"])
