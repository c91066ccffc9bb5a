"""The audit log: every event of the shop for its owners, one's own actions for the others;
filtered by who, what, when and which customer; paged by (at, id), so that the millionth
event costs what the first does; exported to CSV with the same filters."""

import csv
import re
from datetime import UTC, datetime, time, timedelta

from django.apps import apps
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backoffice.audit.forms import AuditFilterForm
from backoffice.audit.words import action_label, in_words
from backoffice.decorators import staff_view
from customers.selectors import customers_of_shop
from shopadmin.permissions import Perm, can
from shopadmin.selectors import audit_log, events_after, staff_of_shop
from shopadmin.tenancy import shop_context

PAGE_SIZE = 50
EXPORT_CHUNK = 2000
CURSOR = re.compile(r"^(\d{1,17})-(\d{1,19})$")
TARGET_MODELS = {
    "customers.customer",
    "groups.customergroup",
    "discounts.discount",
    "discounts.coupon",
    "orders.order",
    "shopadmin.user",
    "shopadmin.job",
}


@staff_view()
def audit_page(request):
    events, form, notice = _filtered(request)
    cursor = _cursor(request.GET.get("after", ""))
    rows = list(events_after(events, cursor)[: PAGE_SIZE + 1])
    has_next, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    context = {
        "form": form,
        "notice": notice,
        "rows": _described(request.shop, rows),
        "next_cursor": _cursor_of(rows[-1]) if has_next else "",
        "everyone": can(request.user, request.shop, Perm.MANAGE_STAFF),
        "paged": cursor is not None,
    }
    return render(request, "audit/audit_log.html", context)


@staff_view()
def audit_export(request):
    events, _form, _notice = _filtered(request)

    shop, language, zone = request.shop, translation.get_language(), timezone.get_current_timezone()

    def lines():
        # Streamed after the view returned, so outside the request's shop, transaction,
        # language and time zone: the generator takes them up again, one chunk at a time.
        writer = csv.writer(_Echo())
        with translation.override(language), timezone.override(zone):
            header = [_("When"), _("Done by"), _("Kind of event"), _("Event"), _("Changed")]
            yield "\ufeff" + writer.writerow(header)
            cursor = None
            while True:
                with shop_context(shop):
                    chunk = list(events_after(events, cursor)[:EXPORT_CHUNK])
                    described = _described(shop, chunk)
                if not chunk:
                    return
                yield from _csv_rows(writer, described)
                cursor = (chunk[-1].at, chunk[-1].pk)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = f"audit-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv_rows(writer, described):
    for row in described:
        event = row["event"]
        yield writer.writerow(
            [
                timezone.localtime(event.at).isoformat(),
                _neutralised(row["actor"]),
                action_label(event.action),
                _neutralised(row["words"]),
                _neutralised(_changed_text(event)),
            ]
        )


def _filtered(request):
    """The events this staff member may see, narrowed by the form; a notice when a filter
    names nothing (a customer email nobody has here)."""
    shop = request.shop
    form = AuditFilterForm(request.GET or None, staff=staff_of_shop(shop))
    notice = ""
    if form.is_bound and not form.is_valid():
        # A filter that cannot be read shows nothing, rather than everything without it.
        return audit_log(shop).none(), form, _("Correct the filters to see the events.")
    values = form.cleaned_data if form.is_bound else {}
    actor = values.get("actor")
    if not can(request.user, shop, Perm.MANAGE_STAFF):
        actor = request.user  # the others see their own actions only
    target = None
    if values.get("customer"):
        customer = customers_of_shop(shop).filter(email=values["customer"].lower()).first()
        if customer is None:
            notice = _("No customer of this shop has the email %(email)s.") % {
                "email": values["customer"]
            }
            target = ("customers.customer", 0)  # matches nothing
        else:
            target = ("customers.customer", customer.pk)
    events = audit_log(
        shop,
        actor=actor,
        action=values.get("action", ""),
        since=_start_of(values.get("since")),
        until=_start_of(values.get("until"), days=1),
        target=target,
    )
    return events, form, notice


def _start_of(day, days: int = 0):
    if day is None:
        return None
    try:
        day += timedelta(days=days)
    except OverflowError:  # the end of the year 9999: no end
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def _cursor(value: str):
    """The (at, id) an "Older" link carries, exact to the microsecond; None if it is none."""
    match = CURSOR.match(value)
    if not match:
        return None
    try:
        return EPOCH + int(match[1]) * MICROSECOND, int(match[2])
    except OverflowError:  # past the year 9999
        return None


def _cursor_of(event) -> str:
    return f"{(event.at - EPOCH) // MICROSECOND}-{event.pk}"


def _described(shop, events) -> list[dict]:
    """Each event with its actor's name, its target's name and its words; the targets read
    with one query per kind of row, whatever the number of events."""
    wanted = {}
    for event in events:
        if event.target_type in TARGET_MODELS and event.target_id.isdigit():
            wanted.setdefault(event.target_type, set()).add(int(event.target_id))
    names = {}
    for label, ids in wanted.items():
        model = apps.get_model(label)
        rows = model._base_manager.filter(pk__in=ids)
        if label != "shopadmin.user":  # staff accounts belong to no shop
            rows = rows.filter(shop=shop)
        names.update({(label, str(row.pk)): str(row) for row in rows})
    described = []
    for event in events:
        actor = (
            (event.actor.get_full_name() or event.actor.email) if event.actor else _("the system")
        )
        target = names.get((event.target_type, event.target_id), "")
        described.append(
            {
                "event": event,
                "actor": actor,
                "target": target,
                "words": in_words(event, actor, target),
            }
        )
    return described


def _changed_text(event) -> str:
    changed = (event.data or {}).get("changed") or {}
    return "; ".join(f"{name}: {values[0]} → {values[1]}" for name, values in changed.items())


def _neutralised(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value
