"""Orders entered by staff. Each service runs in one transaction and leaves an AuditEvent."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from catalog.models import Product
from customers.selectors import selected_customers
from customers.services import add_order_to_stats, lock_stats, remove_order_from_stats
from discounts.pricing import quote
from discounts.services import redeem_coupon
from orders.models import Order, OrderLine
from orders.selectors import orders_of_shop
from shopadmin.counters import next_number
from shopadmin.permissions import Perm, require, require_of_shop
from shopadmin.services import ServiceError, record_audit_event


@dataclass(frozen=True)
class LineRequest:
    product: Product
    quantity: int


def place_order(*, shop, actor, customer, lines: list[LineRequest], coupon_code: str = "") -> Order:
    """A new order for `customer` at the prices the price engine quotes them (their groups'
    prices and the discounts of the day; docs/pricing.md), with the customer's statistics.
    Tax is rounded per line, half up, so the order's totals are the sums of its lines. A
    coupon code that cannot be used stops the order with the reason; one that can is redeemed
    (one use, within its limits) with the order.
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
    quoted = quote(
        shop,
        customer,
        [(line.product, line.quantity) for line in lines],
        coupon_code.strip() or None,
    )
    if quoted.coupon_problem:
        raise ServiceError(quoted.coupon_problem)
    priced = [
        _order_line(shop, line.product, quoted_line, tax_exempt=quoted.tax_exempt)
        for line, quoted_line in zip(lines, quoted.lines, strict=True)
    ]
    with transaction.atomic():
        if quoted.coupon_id is not None:
            redeem_coupon(shop=shop, coupon_id=quoted.coupon_id, customer=customer)
        pk = _next_order_id()
        order = Order.objects.create(
            pk=pk,
            shop=shop,
            # Staff-entered, counted per shop; imported and demo orders have their own.
            number=f"ST-{next_number(shop, STAFF_ORDER):06d}",
            customer=customer,
            currency=shop.currency,
            net=quoted.net,
            tax=quoted.tax,
            gross=quoted.total,
            discount_total=sum(line.discount for line in priced),
            account_manager=customer.account_manager if shop.orders_go_to_account_manager else None,
            coupon_code=quoted.coupon_code,
        )
        for line in priced:
            line.order = order
        OrderLine.objects.bulk_create(priced)
        add_order_to_stats(shop=shop, customer=customer, order=order)
        record_audit_event(
            shop=shop,
            actor=actor,
            action="order.created",
            target=order,
            customer=customer.pk,
            coupon=quoted.coupon_id,
        )
    return order


# Where an order may go from each status; a cancelled order stays cancelled.
NEXT_STATUSES = {
    Order.Status.NEW: (Order.Status.PAID, Order.Status.CANCELLED),
    Order.Status.PAID: (Order.Status.SHIPPED, Order.Status.CANCELLED),
    Order.Status.SHIPPED: (Order.Status.COMPLETED, Order.Status.CANCELLED),
    Order.Status.COMPLETED: (Order.Status.CANCELLED,),
    Order.Status.CANCELLED: (),
}


# What apps above this one do when an order's status changes (loyalty settles the order's
# points), registered from their AppConfig.ready(); each is called as
# hook(shop=, actor=, order=) inside the status change's transaction, so a hook that raises
# leaves the order as it was.
_STATUS_CHANGE_HOOKS = []


STAFF_ORDER = "staff_order"  # the shop's counter of staff-entered orders


def register_status_change_hook(hook) -> None:
    if hook not in _STATUS_CHANGE_HOOKS:
        _STATUS_CHANGE_HOOKS.append(hook)


def change_order_status(*, shop, actor, order, status: str) -> Order:
    """Move the order to `status` if its current one allows it (NEXT_STATUSES). Cancelling
    takes it out of the customer's statistics, and the registered hooks (the order's points)
    run, in the same transaction."""
    require(actor, shop, Perm.EDIT_ORDERS)
    require_of_shop(shop, order)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(shop=shop, pk=order.pk)
        before = order.status
        if status not in NEXT_STATUSES[before]:
            message = _("An order that is %(before)s cannot become %(after)s.")
            raise ServiceError(
                message
                % {"before": order.get_status_display(), "after": Order.Status(status).label}
                if status in Order.Status.values
                else _("Choose a status.")
            )
        order.status = status
        order.save(update_fields=["status"])
        if status == Order.Status.CANCELLED and order.customer_id:
            # The customer's statistics row first, locked: another cancellation or a new order
            # of the same customer waits, so the latest order below is still the latest.
            lock_stats(shop=shop, customer_id=order.customer_id)
            still_counted = (
                orders_of_shop(shop)
                .filter(customer_id=order.customer_id)
                .exclude(status=Order.Status.CANCELLED)
            )
            remove_order_from_stats(
                shop=shop,
                customer=order.customer,
                order=order,
                last_order_at=still_counted.aggregate(last=Max("placed_at"))["last"],
            )
        for hook in _STATUS_CHANGE_HOOKS:
            hook(shop=shop, actor=actor, order=order)
        record_audit_event(
            shop=shop,
            actor=actor,
            action="order.status_changed",
            target=order,
            changed={"status": [before, status]},
        )
    return order


def hand_on_managed_orders(*, shop, member, successor) -> int:
    """A staff member leaves the shop: the orders they managed go with their customers, to
    `successor` or to nobody (one UPDATE, as reassign_orders does)."""
    return Order.objects.filter(shop=shop, account_manager=member).update(account_manager=successor)


def reassign_orders(*, shop, actor, customers, manager) -> int:
    """Give the orders of the selected customers to `manager` (the account manager they were
    just given: `customers.services.assign_account_manager` checked them); returns how many
    orders moved."""
    require(actor, shop, Perm.EDIT_ORDERS)
    selection = selected_customers(shop, customers)
    with transaction.atomic():
        moved = (
            Order.objects.filter(shop=shop, customer__in=selection)
            .exclude(account_manager=manager)
            .update(account_manager=manager)
        )
        record_audit_event(
            shop=shop,
            actor=actor,
            action="orders.account_manager_assigned",
            count=moved,
            manager=manager.pk if manager else None,
        )
    return moved


def _order_line(shop, product, quoted, *, tax_exempt: bool) -> OrderLine:
    return OrderLine(
        shop=shop,
        product=product,
        sku=product.sku,
        name=product.name,
        quantity=quoted.quantity,
        list_price_net=quoted.list_price,
        price_rule=quoted.rule,
        unit_price_net=quoted.unit_price,
        vat_rate=Decimal("0") if tax_exempt else product.vat_rate,
        discount=quoted.saving,
        line_net=quoted.net,
        line_tax=quoted.tax,
        line_gross=quoted.gross,
    )


def _next_order_id() -> int:
    """Take the order's id first (the lines and the stats need it before the row is saved)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('orders_order', 'id'))")
        return cursor.fetchone()[0]
