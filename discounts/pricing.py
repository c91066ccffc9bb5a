"""The price engine: what a customer pays for some products, and which rule decided it.

Every part of the product that shows or charges a price asks `quote()`. The rule, with worked
examples that tests/discounts/test_pricing_examples.py checks, is in docs/pricing.md; in short:

1. Each line starts at the product's list price (net). Each of the customer's groups offers
   its price: its pricing template's (list price minus a %, or cost plus a %), less the
   group's extra discount %. The lowest of these is the line's base price.
2. The best single discount that applies to the product and to the customer (no minimum
   subtotal) is taken off the base price: a percentage of it, or a fixed amount per unit.
3. The unit price is never below the floor, never above the list price, never negative. The
   floor is cost plus the minimum margin of the customer's pricing templates (the lowest
   margin, when several); with no template among the customer's groups there is no floor
   other than zero.
4. Discounts with a minimum order subtotal are order discounts: of those whose threshold the
   subtotal reaches, the one worth most is taken off the lines it applies to, spread over
   them in proportion to what each may still lose above its floor.
5. Tax per line at the product's VAT rate (none if any of the customer's groups is tax
   exempt); every amount rounded to the currency's minor unit, half up (floors up), and every
   total is the sum of its parts.

The engine itself (`quote_with`) is pure: `load_price_rules` reads what it needs from the
database in two queries (three or four with a coupon code), so that a caller pricing many
carts reads the rules once.
"""

from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import cached_property

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from discounts.models import (
    Coupon,
    CouponAssignment,
    Discount,
    DiscountCategory,
    DiscountGroup,
    DiscountManufacturer,
    DiscountProduct,
)
from discounts.selectors import Status, status_q
from groups.selectors import groups_of_customer, groups_of_shop
from shopadmin.formatting import percent_number
from shopadmin.money import format_money, minor_unit

ZERO = Decimal("0")
HUNDRED = Decimal("100")
# --- What the engine needs to know -------------------------------------------------------


@dataclass(frozen=True)
class PricedProduct:
    id: int
    list_price: Decimal  # net
    cost: Decimal
    vat_rate: Decimal  # %
    category_id: int | None = None
    manufacturer_id: int | None = None

    @classmethod
    def of(cls, product) -> "PricedProduct":
        return cls(
            id=product.pk,
            list_price=product.list_price_net,
            cost=product.cost,
            vat_rate=product.vat_rate,
            category_id=product.category_id,
            manufacturer_id=product.manufacturer_id,
        )


@dataclass(frozen=True)
class GroupPricing:
    """One of the customer's groups, with its pricing template (if any)."""

    id: int
    name: str
    extra_discount: Decimal = ZERO  # %
    tax_exempt: bool = False
    template: str | None = None  # the template's name
    from_cost: bool = False  # template based on cost (else on the list price)
    adjustment: Decimal = ZERO  # % off the list price, or % over cost
    min_margin: Decimal = ZERO  # % over cost

    def price(self, product: PricedProduct) -> Decimal:
        if self.template is None:
            price = product.list_price
        elif self.from_cost:
            price = product.cost * (HUNDRED + self.adjustment) / HUNDRED
        else:
            price = product.list_price * (HUNDRED - self.adjustment) / HUNDRED
        return price * (HUNDRED - self.extra_discount) / HUNDRED


@dataclass(frozen=True)
class DiscountRule:
    id: int
    name: str
    percent: bool  # else a fixed amount (per unit; per order for an order discount)
    value: Decimal
    scope: str = Discount.Scope.CATALOGUE
    targets: frozenset = frozenset()  # product, category or manufacturer ids, by scope
    min_subtotal: Decimal | None = None
    priority: int = 0

    def covers(self, product: PricedProduct) -> bool:
        if self.scope == Discount.Scope.CATALOGUE:
            return True
        if self.scope == Discount.Scope.PRODUCTS:
            return product.id in self.targets
        if self.scope == Discount.Scope.CATEGORIES:
            return product.category_id in self.targets
        return product.manufacturer_id in self.targets

    @property
    def rank(self) -> tuple:
        """Between rules that give the same price: the higher priority, then the older rule,
        is named (the price is the same whichever is)."""
        return (-self.priority, self.id)


@dataclass(frozen=True)
class CouponRule:
    """A coupon code that was given and may be used: its discount is among the rules."""

    id: int
    code: str
    discount_id: int


@dataclass(frozen=True)
class PriceRules:
    """Everything that prices a cart for one customer at one moment. The discounts are
    indexed by what they apply to once, here, so that a line looks only at its own."""

    currency: str
    groups: tuple[GroupPricing, ...] = ()
    # Active now, for this customer (everyone, or one of their groups); a coupon's discount
    # only when its code was given and may be used.
    discounts: tuple[DiscountRule, ...] = ()
    coupon_problem: str = ""  # why a given coupon code was not applied
    coupon: "CouponRule | None" = None  # the coupon given, usable now

    def __post_init__(self):
        ranked = sorted(self.discounts, key=lambda discount: discount.rank)
        line = [d for d in ranked if d.min_subtotal is None]
        by_target = {scope: {} for scope in TARGETS}
        for discount in line:
            for target in discount.targets if discount.scope in by_target else ():
                by_target[discount.scope].setdefault(target, []).append(discount)
        templated = [group for group in self.groups if group.template is not None]
        margins = [group.min_margin for group in templated]
        # The group whose template sets the floor (the lowest margin; the older on a tie).
        floor_group = min(templated, key=lambda group: (group.min_margin, group.id), default=None)
        derived = {
            # On equal prices the older group is named.
            "ranked_groups": tuple(sorted(self.groups, key=lambda group: group.id)),
            "catalogue_discounts": [d for d in line if d.scope == Discount.Scope.CATALOGUE],
            "discounts_by_target": by_target,
            "order_discounts": tuple(d for d in ranked if d.min_subtotal is not None),
            "tax_exempt": any(group.tax_exempt for group in self.groups),
            "min_margin": min(margins) if margins else None,
            "floor_group": floor_group,
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @cached_property
    def without_coupon(self) -> "PriceRules":
        """The same rules without the coupon's discount, to price a cart against (built
        once per rules, not per cart)."""
        return replace(
            self,
            discounts=tuple(d for d in self.discounts if d.id != self.coupon.discount_id),
            coupon=None,
            coupon_problem=_(
                "The coupon “%(code)s” gives nothing off this order: it costs as much or "
                "less without it."
            )
            % {"code": self.coupon.code},
        )

    def line_discounts_for(self, product: PricedProduct) -> list:
        """The discounts without a minimum subtotal that apply to `product` (not ranked)."""
        by_target = self.discounts_by_target
        return [
            *self.catalogue_discounts,
            *by_target[Discount.Scope.PRODUCTS].get(product.id, ()),
            *by_target[Discount.Scope.CATEGORIES].get(product.category_id, ()),
            *by_target[Discount.Scope.MANUFACTURERS].get(product.manufacturer_id, ()),
        ]


# --- The result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceReason:
    """What decided a unit price, for words other than the staff's `rule` (a storefront's
    "VIP group price"): the kind of rule, and the group or discount by name, a discount with
    its percentage or fixed amount (per unit, net). FLOOR names the group whose pricing
    template's minimum margin raised the price back up."""

    LIST_PRICE = "list_price"
    GROUP = "group"
    DISCOUNT = "discount"
    FLOOR = "floor"

    kind: str = LIST_PRICE
    name: str = ""  # the group's or the discount's
    percent: bool = False  # a discount: a percentage (else a fixed amount)
    value: Decimal = ZERO  # a discount's % or amount


LIST_PRICE_REASON = PriceReason()


@dataclass(frozen=True)
class QuotedLine:
    product_id: int
    quantity: int
    list_price: Decimal  # per unit, net
    unit_price: Decimal  # the customer's, per unit, net, before an order discount
    rule: str  # what decided the unit price
    order_discount: Decimal  # this line's share of the order discount
    net: Decimal  # unit_price x quantity - order_discount
    tax: Decimal
    gross: Decimal
    saving: Decimal  # against the list price, order discount included
    reason: PriceReason = LIST_PRICE_REASON  # what `rule` names, as data to word otherwise


@dataclass(frozen=True)
class Quote:
    currency: str
    lines: tuple[QuotedLine, ...]
    subtotal: Decimal  # the lines at their unit prices
    order_discount: Decimal
    order_discount_rule: str
    net: Decimal
    tax: Decimal
    total: Decimal
    tax_exempt: bool
    coupon_problem: str
    groups: tuple[GroupPricing, ...] = ()  # the groups that priced it
    coupon_id: int | None = None  # the coupon applied (an order that uses it redeems it)
    coupon_code: str = ""  # its code as the shop spells it


# --- The engine ---------------------------------------------------------------------------


def quote_with(rules: PriceRules, lines) -> Quote:
    """Price `lines` (pairs of PricedProduct and quantity) under `rules`. A coupon code is
    applied only if the cart costs strictly less with it than without its discount: a code
    that saves nothing (a better or equal price, the cost floor, a minimum subtotal it
    pushes the cart under) is not used up for nothing."""
    if rules.coupon is None:
        return _quote(rules, lines)
    with_code = _quote(rules, lines)
    without = _quote(rules.without_coupon, lines)
    return with_code if with_code.total < without.total else without


def _quote(rules: PriceRules, lines) -> Quote:
    unit = minor_unit(rules.currency)
    margin = rules.min_margin
    priced, reasons = [], []
    for product, quantity in lines:
        floor = _floor(product, margin, unit)
        price, rule, reason = _unit_price(product, rules, floor, unit)
        priced.append((product, quantity, price, rule, min(floor, price)))
        reasons.append(reason)
    subtotal = sum((price * quantity for _p, quantity, price, _r, _f in priced), ZERO)

    shares, order_rule = _order_discount(rules, priced, subtotal, unit)
    quoted = []
    for (product, quantity, price, rule, _floor_price), share, reason in zip(
        priced, shares, reasons, strict=True
    ):
        net = price * quantity - share
        tax = ZERO if rules.tax_exempt else _line_tax(net, product, unit)
        quoted.append(
            QuotedLine(
                product_id=product.id,
                quantity=quantity,
                list_price=product.list_price,
                unit_price=price,
                rule=rule,
                order_discount=share,
                net=net,
                tax=tax,
                gross=net + tax,
                saving=(product.list_price - price) * quantity + share,
                reason=reason,
            )
        )
    net = sum((line.net for line in quoted), ZERO)
    tax = sum((line.tax for line in quoted), ZERO)
    return Quote(
        currency=rules.currency,
        lines=tuple(quoted),
        subtotal=subtotal,
        order_discount=sum(shares, ZERO),
        order_discount_rule=order_rule,
        net=net,
        tax=tax,
        total=net + tax,
        tax_exempt=rules.tax_exempt,
        coupon_problem=rules.coupon_problem,
        groups=rules.ranked_groups,
        coupon_id=rules.coupon.id if rules.coupon else None,
        coupon_code=rules.coupon.code if rules.coupon else "",
    )


def _round(amount: Decimal, unit: Decimal) -> Decimal:
    return amount.quantize(unit, ROUND_HALF_UP)


def _floor(product: PricedProduct, margin: Decimal | None, unit: Decimal) -> Decimal:
    """Cost plus the minimum margin, rounded up: never a minor unit below it."""
    if margin is None:
        return ZERO
    return (product.cost * (HUNDRED + margin) / HUNDRED).quantize(unit, ROUND_CEILING)


def _unit_price(product, rules: PriceRules, floor: Decimal, unit: Decimal) -> tuple:
    """The customer's unit price of `product`, the rule that decided it and that rule as a
    PriceReason. Candidates are compared rounded: a rule that does not change the price a
    customer sees is not named."""
    base, base_group = product.list_price, None
    for group in rules.ranked_groups:
        price = _round(group.price(product), unit)
        if price < base:
            base, base_group = price, group
    best, winner = base, None
    for discount in rules.line_discounts_for(product):
        if discount.percent:
            price = _round(base * (HUNDRED - discount.value) / HUNDRED, unit)
        else:
            price = _round(base - discount.value, unit)
        if price < best or (price == best and winner and discount.rank < winner.rank):
            best, winner = price, discount
    if winner is not None:
        rule = _("discount %(discount)s") % {"discount": winner.name}
        reason = PriceReason(
            PriceReason.DISCOUNT, winner.name, percent=winner.percent, value=winner.value
        )
    elif base_group is not None:
        rule = _("group %(group)s") % {"group": base_group.name}
        reason = PriceReason(PriceReason.GROUP, base_group.name)
    else:
        rule, reason = _("list price"), LIST_PRICE_REASON
    if best < floor:  # the floor is zero without a template: never negative, same name
        best = floor
        if rules.min_margin is not None:
            rule = _("minimum margin over cost")
            reason = PriceReason(PriceReason.FLOOR, rules.floor_group.name)
    if best > product.list_price:  # a floor above the list price does not raise it
        return product.list_price, _("list price"), LIST_PRICE_REASON
    return best, rule, reason


def _order_discount(rules: PriceRules, priced, subtotal: Decimal, unit: Decimal):
    """Each line's share of the best order discount the subtotal reaches, and its name. The
    best takes the most off; between equal amounts, the one leaving the least tax (spread
    over lines taxed differently, the same amount can), then the higher-ranked."""
    best_amount, best_rule, best_shares = ZERO, "", None
    for discount in rules.order_discounts:
        if subtotal < discount.min_subtotal:
            continue
        covers = [discount.covers(product) for product, *_rest in priced]
        room = [
            (price - floor) * quantity if covered else ZERO
            for (_p, quantity, price, _r, floor), covered in zip(priced, covers, strict=True)
        ]
        covered_total = sum(
            (
                price * quantity
                for (_p, quantity, price, _r, _f), covered in zip(priced, covers, strict=True)
                if covered
            ),
            ZERO,
        )
        amount = covered_total * discount.value / HUNDRED if discount.percent else discount.value
        amount = min(_round(amount, unit), sum(room, ZERO))
        if amount <= ZERO or amount < best_amount:
            continue
        shares = _spread(amount, room, unit)
        if amount == best_amount and _tax(rules, priced, shares, unit) >= _tax(
            rules, priced, best_shares, unit
        ):
            continue  # ranked: on a full tie the earlier stays
        best_amount, best_rule, best_shares = amount, discount.name, shares
    if best_shares is None:
        return [ZERO] * len(priced), ""
    return best_shares, best_rule


def _tax(rules: PriceRules, priced, shares, unit: Decimal) -> Decimal:
    """The tax of the lines after their shares of an order discount (as _quote rounds it)."""
    if rules.tax_exempt:
        return ZERO
    return sum(
        (
            _line_tax(price * quantity - share, product, unit)
            for (product, quantity, price, _r, _f), share in zip(priced, shares, strict=True)
        ),
        ZERO,
    )


def _line_tax(net: Decimal, product, unit: Decimal) -> Decimal:
    return _round(net * product.vat_rate / HUNDRED, unit)


def _spread(amount: Decimal, room: list, unit: Decimal) -> list:
    """`amount` split over the lines in proportion to their room, in minor units, so that
    the shares add up to it exactly and none exceeds its line's room (largest remainder)."""
    total_room = sum(room, ZERO)
    units = int(amount / unit)
    exact = [r * units / total_room for r in room]
    shares = [int(share) for share in exact]
    by_remainder = sorted(range(len(room)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[: units - sum(shares)]:
        shares[i] += 1
    return [share * unit for share in shares]


# --- A product on its own, as a storefront shows it ----------------------------------------


@dataclass(frozen=True)
class ShelfPrice:
    """One unit of a product on its own, as a product list or page shows it: the customer's
    price and the list price, both with VAT unless the customer is tax exempt, and why the
    price is lower in the customer's words ("" when it is not lower)."""

    product_id: int
    price: Decimal
    list_price: Decimal
    with_tax: bool
    reason: str

    @property
    def is_lower(self) -> bool:
        return self.price < self.list_price


def shelf_prices(rules: PriceRules, products) -> dict[int, ShelfPrice]:
    """The ShelfPrice of each of `products` (PricedProducts) under `rules`, by product id: one
    pass of the engine over all of them, one unit of each, so a page of products costs one
    quote whatever its size. Order discounts are left out (they belong to an order, and a
    page of products is not one: its lines' sum must not move a product's price), and so is
    a coupon's discount."""
    coupon_discount = rules.coupon.discount_id if rules.coupon else None
    line_rules = replace(
        rules,
        discounts=tuple(
            discount
            for discount in rules.discounts
            if discount.min_subtotal is None and discount.id != coupon_discount
        ),
        coupon=None,
        coupon_problem="",
    )
    products = list(products)
    quoted = quote_with(line_rules, [(product, 1) for product in products])
    unit = minor_unit(rules.currency)
    with_tax = not quoted.tax_exempt
    prices = {}
    for product, line in zip(products, quoted.lines, strict=True):
        list_price = product.list_price
        if with_tax:
            list_price += _line_tax(list_price, product, unit)
        prices[product.id] = ShelfPrice(
            product_id=product.id,
            price=line.gross,
            list_price=list_price,
            with_tax=with_tax,
            reason=reason_in_words(
                line, rules.currency, vat_rate=product.vat_rate if with_tax else None
            ),
        )
    return prices


def reason_in_words(line: QuotedLine, currency: str, *, vat_rate: Decimal | None = None) -> str:
    """Why the line's unit price is below its list price, as a customer reads it: "VIP group
    price", "Spring sale −10 %", "Spring sale −5.00 PLN" (a fixed amount per unit: net, or
    with VAT at `vat_rate` when the prices shown are); "" when the price is the list price. A
    price that a group's minimum margin over cost held up is that group's price (the
    customer is not told about cost)."""
    reason = line.reason
    if line.unit_price >= line.list_price or reason.kind == PriceReason.LIST_PRICE:
        return ""
    if reason.kind != PriceReason.DISCOUNT:  # a group's price, or its floor
        return _("%(group)s group price") % {"group": reason.name}
    if reason.percent:
        number = percent_number(reason.value)
        return _("%(discount)s −%(percent)s %%") % {"discount": reason.name, "percent": number}
    amount = reason.value
    if vat_rate is not None:
        amount = _round(amount * (HUNDRED + vat_rate) / HUNDRED, minor_unit(currency))
    return _("%(discount)s −%(amount)s") % {
        "discount": reason.name,
        "amount": format_money(amount, currency),
    }


# --- Reading the rules ---------------------------------------------------------------------

TARGETS = {
    Discount.Scope.PRODUCTS: (DiscountProduct, "product_id"),
    Discount.Scope.CATEGORIES: (DiscountCategory, "category_id"),
    Discount.Scope.MANUFACTURERS: (DiscountManufacturer, "manufacturer_id"),
}


def load_price_rules(
    shop, customer, *, group=None, coupon_code: str | None = None, at=None
) -> PriceRules:
    """The rules that price carts for `customer` (None: a guest or nobody yet) in `shop` now;
    with `group` (the preview's "a member of this group"), for a member of that group only."""
    at = at or timezone.now()
    if group is not None:
        chosen = groups_of_shop(shop).filter(pk=group.pk)
    elif customer is not None and not customer.is_guest:
        chosen = groups_of_customer(shop, customer)
    else:
        chosen = groups_of_shop(shop).none()
    groups = tuple(
        _group_pricing(group) for group in chosen.select_related("pricing_template").order_by("pk")
    )
    coupon, coupon_problem = (
        _usable_coupon(shop, customer, coupon_code) if coupon_code else (None, "")
    )
    audience = Q(audience=Discount.Audience.EVERYONE) | Q(
        Exists(
            DiscountGroup.objects.filter(
                shop=shop, discount=OuterRef("pk"), group__in=[group.id for group in groups]
            )
        )
    )
    with_coupon = Exists(Coupon.objects.filter(shop=shop, discount=OuterRef("pk")))
    discounts = list(
        Discount.objects.filter(shop=shop)
        .filter(status_q(Status.ACTIVE, at))  # as the discount list says "active"
        .filter(audience)
        # A discount that has coupons applies only with one of its codes.
        .filter(~with_coupon | Q(pk=coupon.discount_id if coupon else None))
        .annotate(
            **{
                f"{scope}_targets": ArraySubquery(
                    model.objects.filter(shop=shop, discount=OuterRef("pk")).values(column)
                )
                for scope, (model, column) in TARGETS.items()
            }
        )
    )
    if coupon is not None and not any(d.pk == coupon.discount_id for d in discounts):
        coupon_problem = _("The coupon “%(code)s” does not apply now.") % {"code": coupon.code}
        coupon = None
    rules = tuple(
        DiscountRule(
            id=discount.pk,
            name=discount.name,
            percent=discount.kind == Discount.Kind.PERCENT,
            value=discount.value,
            scope=discount.scope,
            targets=frozenset(getattr(discount, f"{discount.scope}_targets", None) or ()),
            min_subtotal=discount.min_subtotal,
            priority=discount.priority,
        )
        for discount in discounts
    )
    return PriceRules(
        currency=shop.currency,
        groups=groups,
        discounts=rules,
        coupon_problem=coupon_problem,
        coupon=CouponRule(id=coupon.pk, code=coupon.code, discount_id=coupon.discount_id)
        if coupon
        else None,
    )


def _group_pricing(group) -> GroupPricing:
    template = group.pricing_template
    return GroupPricing(
        id=group.pk,
        name=group.name,
        extra_discount=group.extra_discount_percent,
        tax_exempt=group.tax_exempt,
        template=template.name if template else None,
        from_cost=bool(template) and template.base == template.Base.COST,
        adjustment=template.adjustment_percent if template else ZERO,
        min_margin=template.min_margin_percent if template else ZERO,
    )


def _usable_coupon(shop, customer, code: str):
    """The shop's active coupon with this code if it may be used now, else why not."""
    coupon = (
        Coupon.objects.filter(shop=shop, is_active=True)
        .annotate(code_upper=Upper("code"))
        .filter(code_upper=code.strip().upper())
        .first()
    )
    if coupon is None:
        return None, _("The coupon code “%(code)s” is not valid.") % {"code": code.strip()}
    if coupon.max_uses_total is not None and coupon.uses_count >= coupon.max_uses_total:
        return None, _("The coupon “%(code)s” has been used up.") % {"code": coupon.code}
    if coupon.max_uses_per_customer is not None:
        if customer is None or customer.is_guest:
            return None, _("Log in to use the coupon “%(code)s”.") % {"code": coupon.code}
        used = (
            CouponAssignment.objects.filter(shop=shop, coupon=coupon, customer=customer)
            .values_list(F("uses_count"), flat=True)
            .first()
        ) or 0
        if used >= coupon.max_uses_per_customer:
            message = _("You have used the coupon “%(code)s” as often as it allows.")
            return None, message % {"code": coupon.code}
    return coupon, ""


def quote(shop, customer, lines, coupon_code: str | None = None, *, group=None, at=None) -> Quote:
    """The quote for `customer` (None for nobody in particular; `group`: a member of that
    group) of `lines`: pairs of the shop's Product and a quantity."""
    rules = load_price_rules(shop, customer, group=group, coupon_code=coupon_code, at=at)
    return quote_with(rules, [(PricedProduct.of(product), quantity) for product, quantity in lines])
