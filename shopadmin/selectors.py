from django.db.models import Q
from django.shortcuts import get_object_or_404

from shopadmin.models import AuditEvent, Job, StaffMembership


def jobs_of_shop(shop):
    return Job.objects.filter(shop=shop)


def get_job_for_shop(shop, pk):
    return get_object_or_404(jobs_of_shop(shop), pk=pk)


def staff_of_shop(shop):
    """The shop's staff members as users, for account-manager choices."""
    from shopadmin.models import User

    return User.objects.filter(shop__isnull=True, memberships__shop=shop).order_by(
        "last_name", "first_name", "email"
    )


def history_of(shop, target):
    """The shop's audit events about `target` (a row of any app), newest first, with who."""
    events = AuditEvent.objects.filter(
        shop=shop, target_type=target._meta.label_lower, target_id=str(target.pk)
    )
    return events.select_related("actor").order_by("-at", "-pk")


def memberships_of_shop(shop):
    """The shop's staff memberships with their users, owners first, then by name."""
    return (
        StaffMembership.objects.filter(shop=shop)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "user__email")
    )


def get_membership_for_shop(shop, user_id):
    """The shop's membership of staff user `user_id`; 404 for anyone else."""
    return get_object_or_404(memberships_of_shop(shop), user_id=user_id)


def audit_log(shop, *, actor=None, action: str = "", since=None, until=None, target=None):
    """The shop's audit events, newest first (index auditevent_shop_at_id_idx and its kin),
    narrowed to who did them, what kind, from and until when, and about which row
    (`target`: (type, id))."""
    events = AuditEvent.objects.filter(shop=shop)
    if actor is not None:
        events = events.filter(actor=actor)
    if action:
        events = events.filter(action=action)
    if since is not None:
        events = events.filter(at__gte=since)
    if until is not None:
        events = events.filter(at__lt=until)
    if target is not None:
        events = events.filter(target_type=target[0], target_id=str(target[1]))
    return events.select_related("actor").order_by("-at", "-pk")


def events_after(events, cursor: tuple | None):
    """`events` (newest first) past the (at, id) of the last one a page showed."""
    if cursor is None:
        return events
    at, pk = cursor
    return events.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))
