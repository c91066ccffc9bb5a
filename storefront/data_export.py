"""The customer's own data as a download (the privacy page): their details, groups, orders
with their lines, and points ledger, as JSON or as one CSV file in sections. Built from the
domain apps' selectors, for this customer of this shop only."""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone

from customers.self_service import OWN_DETAILS
from groups.selectors import groups_of_customer
from loyalty.selectors import points_entries_of_customer
from orders.selectors import lines_of_orders, orders_of_customer_newest_first

DETAILS = ("email", *OWN_DETAILS, "newsletter_consent_at", "terms_accepted_at", "registered_at")
ORDER_COLUMNS = ("number", "placed_at", "status", "currency", "net", "tax", "gross", "coupon_code")
LINE_COLUMNS = ("sku", "name", "quantity", "unit_price_net", "vat_rate", "line_net", "line_gross")
POINTS_COLUMNS = ("created_at", "delta", "reason", "order")


def customer_data(shop, customer) -> dict:
    orders = list(orders_of_customer_newest_first(shop, customer))
    lines = {}
    for line in lines_of_orders(shop, orders):
        lines.setdefault(line.order_id, []).append(line)
    return {
        "shop": shop.name,
        "exported_at": timezone.now(),
        "details": {name: getattr(customer, name) for name in DETAILS},
        "assisted_login_consent": customer.assisted_login_consent,
        "assisted_login_consent_at": customer.assisted_login_consent_at,
        "groups": [group.name for group in groups_of_customer(shop, customer)],
        "orders": [
            {
                **{name: getattr(order, name) for name in ORDER_COLUMNS},
                "lines": [
                    {name: getattr(line, name) for name in LINE_COLUMNS}
                    for line in lines.get(order.pk, [])
                ],
            }
            for order in orders
        ],
        "points_balance": customer.standing.points_balance,
        "points": [
            {
                "created_at": entry.created_at,
                "delta": entry.delta,
                "reason": entry.reason,
                "order": entry.order.number if entry.order else "",
            }
            for entry in points_entries_of_customer(shop, customer)
        ],
    }


def customer_data_json(shop, customer) -> HttpResponse:
    body = json.dumps(customer_data(shop, customer), cls=DjangoJSONEncoder, indent=2)
    return _download(body, "application/json", "json")


def customer_data_csv(shop, customer) -> HttpResponse:
    """One CSV file, section by section (details, groups, orders, order lines, points), each
    with its own heading row: what a spreadsheet opens in one go."""
    data = customer_data(shop, customer)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["details"])
    writer.writerows([name, _cell(value)] for name, value in data["details"].items())
    writer.writerow(["assisted_login_consent", data["assisted_login_consent"]])
    writer.writerow([])
    writer.writerow(["groups"])
    writer.writerows([_cell(name)] for name in data["groups"])
    writer.writerow([])
    writer.writerow(["orders"])
    writer.writerow(ORDER_COLUMNS)
    writer.writerows([_cell(order[name]) for name in ORDER_COLUMNS] for order in data["orders"])
    writer.writerow([])
    writer.writerow(["order lines"])
    writer.writerow(("order", *LINE_COLUMNS))
    for order in data["orders"]:
        for line in order["lines"]:
            writer.writerow([_cell(order["number"]), *(_cell(line[name]) for name in LINE_COLUMNS)])
    writer.writerow([])
    writer.writerow(["points", data["points_balance"]])
    writer.writerow(POINTS_COLUMNS)
    writer.writerows([_cell(entry[name]) for name in POINTS_COLUMNS] for entry in data["points"])
    # A byte-order mark, so that spreadsheet programs read the accents as UTF-8.
    return _download("\ufeff" + out.getvalue(), "text/csv; charset=utf-8", "csv")


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # never a formula when a spreadsheet opens it
    return value


def _download(body: str, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    filename = f"my-data-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
