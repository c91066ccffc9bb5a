"""Orders entered by staff. Each service runs in one transaction and leaves an AuditEvent."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _

from catalog.models import Product
from customers.models import CustomerStats
from orders.models import Order, OrderLine
from shopadmin.permissions import Perm, require, require_of_shop
from shopadmin.services import ServiceError, record_audit_event

CENT = Decimal("0.01")


@dataclass(frozen=True)
class LineRequest:
    product: Product
    quantity: int


def place_order(*, shop, actor, customer, lines: list[LineRequest]) -> Order:
    """A new order for `customer` at the products' list prices, with the customer's statistics.

    Prices are list prices until the price engine (issue 5) quotes group and discount prices.
    Tax is rounded per line, half up, so the order's totals are the sums of its lines.
    """
    require(actor, shop, Perm.EDIT_ORDERS)
    require_of_shop(shop, customer, *(line.product for line in lines))
    if not lines:
        raise ServiceError(_("Add at least one product."))
    for line in lines:
        if not line.product.is_active:
            raise ServiceError(_("%(sku)s is not for sale.") % {"sku": line.product.sku})
        if line.quantity < 1:
            raise ServiceError(_("A quantity must be at least 1."))
    priced = [_priced_line(shop, line) for line in lines]
    with transaction.atomic():
        pk = _next_order_id()
        order = Order.objects.create(
            pk=pk,
            shop=shop,
            number=f"ST-{pk:09d}",  # staff-entered; imported and demo orders have their own
            customer=customer,
            currency=shop.currency,
            net=sum(line.line_net for line in priced),
            tax=sum(line.line_tax for line in priced),
            gross=sum(line.line_gross for line in priced),
            account_manager=customer.account_manager if shop.orders_go_to_account_manager else None,
        )
        for line in priced:
            line.order = order
        OrderLine.objects.bulk_create(priced)
        CustomerStats.objects.filter(shop=shop, customer=customer).update(
            orders_count=F("orders_count") + 1,
            orders_value_gross=F("orders_value_gross") + order.gross,
            orders_value_net=F("orders_value_net") + order.net,
            last_order_at=Greatest(Coalesce("last_order_at", order.placed_at), order.placed_at),
        )
        record_audit_event(
            shop=shop, actor=actor, action="order.created", target=order, customer=customer.pk
        )
    return order


def _priced_line(shop, line: LineRequest) -> OrderLine:
    product = line.product
    net = (product.list_price_net * line.quantity).quantize(CENT, ROUND_HALF_UP)
    tax = (net * product.vat_rate / 100).quantize(CENT, ROUND_HALF_UP)
    return OrderLine(
        shop=shop,
        product=product,
        sku=product.sku,
        name=product.name,
        quantity=line.quantity,
        unit_price_net=product.list_price_net,
        vat_rate=product.vat_rate,
        line_net=net,
        line_tax=tax,
        line_gross=net + tax,
    )


def _next_order_id() -> int:
    """Take the order's id first, so that its number can be made from it: unique without a
    counter to lock, whoever else is entering an order at the same moment."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('orders_order', 'id'))")
        return cursor.fetchone()[0]
