"""Quotes per second from the price engine (discounts/pricing.py) on one core.

Carts of 20 lines (quantities 1-5) from a catalogue of 500 products in 20 categories and 10
manufacturers, priced for a customer in 3 groups (two with pricing templates, one with an
extra discount) under 50 active discounts: 10 on the whole catalogue, 15 on chosen products,
15 on chosen categories, 10 on chosen manufacturers; a fifth of them percent-off order
discounts with a minimum subtotal, the rest a mix of percentages and fixed amounts.

The rules are read once (load_price_rules: two queries, measured by
tests/discounts/test_price_rules.py) and every cart is priced by quote_with, as a page that
prices many carts or lines for one customer does. The figure is the best of 5 rounds of 1,000
different carts; one process, so one core.

    DEBUG=1 .venv/bin/python bench/pricing.py
"""

import os
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopadmin.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from discounts.pricing import (  # noqa: E402
    CouponRule,
    DiscountRule,
    GroupPricing,
    PricedProduct,
    PriceRules,
    quote_with,
)

CARTS, LINES, ROUNDS = 1_000, 20, 5


def catalogue(rng: random.Random) -> list[PricedProduct]:
    products = []
    for number in range(1, 501):
        list_price = Decimal(rng.randint(199, 99_999)) / 100
        products.append(
            PricedProduct(
                id=number,
                list_price=list_price,
                cost=(list_price * Decimal(rng.randint(30, 70)) / 100).quantize(Decimal("0.01")),
                vat_rate=rng.choice([Decimal("23"), Decimal("8"), Decimal("5")]),
                category_id=rng.randint(1, 20),
                manufacturer_id=rng.randint(1, 10),
            )
        )
    return products


def rules(rng: random.Random) -> PriceRules:
    groups = (
        GroupPricing(
            id=1,
            name="Hurt",
            template="Hurt −12 %",
            adjustment=Decimal("12"),
            min_margin=Decimal("12"),
            extra_discount=Decimal("2"),
        ),
        GroupPricing(
            id=2,
            name="B2B",
            template="Koszt +40 %",
            from_cost=True,
            adjustment=Decimal("40"),
            min_margin=Decimal("10"),
        ),
        GroupPricing(id=3, name="Stali klienci", extra_discount=Decimal("3")),
    )
    scopes = ["catalogue"] * 10 + ["products"] * 15 + ["categories"] * 15 + ["manufacturers"] * 10
    discounts = []
    for number, scope in enumerate(scopes, start=1):
        targets = {
            "catalogue": set(),
            "products": {rng.randint(1, 500) for _ in range(rng.randint(5, 20))},
            "categories": {rng.randint(1, 20) for _ in range(rng.randint(1, 3))},
            "manufacturers": {rng.randint(1, 10) for _ in range(rng.randint(1, 2))},
        }[scope]
        order = number % 5 == 0
        percent = order or rng.random() < 0.7
        value = Decimal(rng.randint(2, 20)) if percent else Decimal(rng.randint(100, 2000)) / 100
        discounts.append(
            DiscountRule(
                id=number,
                name=f"Rabat {number}",
                percent=percent,
                value=value,
                scope=scope,
                targets=frozenset(targets),
                priority=rng.randint(0, 3),
                min_subtotal=Decimal(rng.choice([300, 500, 1000, 2000])) if order else None,
            )
        )
    return PriceRules(currency="PLN", groups=groups, discounts=tuple(discounts))


def timed(price_rules: PriceRules, carts) -> tuple[float, float]:
    """The best and the median of ROUNDS rounds pricing every cart, in seconds."""
    seconds = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        for cart in carts:
            quote_with(price_rules, cart)
        seconds.append(time.perf_counter() - started)
    return min(seconds), statistics.median(seconds)


def main() -> None:
    rng = random.Random(2026)
    products, price_rules = catalogue(rng), rules(rng)
    carts = [
        [(product, rng.randint(1, 5)) for product in rng.sample(products, LINES)]
        for _ in range(CARTS)
    ]
    best, median = timed(price_rules, carts)
    sample = quote_with(price_rules, carts[0])
    decided = Counter(
        line.rule.split(" ")[0]
        for cart in carts[:100]
        for line in quote_with(price_rules, cart).lines
    )
    discounts, groups = len(price_rules.discounts), len(price_rules.groups)
    print(
        f"Price engine, {os.cpu_count()} cores (one used), {CARTS:,} carts of {LINES} lines, "
        f"{discounts} discounts, a customer in {groups} groups"
    )
    print(
        f"best round {best:.3f} s = {CARTS / best:,.0f} carts/s "
        f"({CARTS * LINES / best:,.0f} lines/s); median round {median:.3f} s = "
        f"{CARTS / median:,.0f} carts/s"
    )
    # A coupon code given: its discount (one of the 50) is priced in and out of each cart.
    with_code = replace(price_rules, coupon=CouponRule(id=1, code="KOD", discount_id=7))
    code_best, code_median = timed(with_code, carts)
    print(
        f"with a coupon code: best round {code_best:.3f} s = {CARTS / code_best:,.0f} carts/s; "
        f"median round {code_median:.3f} s = {CARTS / code_median:,.0f} carts/s"
    )
    print(
        f"first cart: subtotal {sample.subtotal}, order discount {sample.order_discount} "
        f"({sample.order_discount_rule or 'none'}), total {sample.total}; rules that decided "
        f"the 2,000 lines of the first 100 carts: {dict(decided.most_common())}"
    )


if __name__ == "__main__":
    main()
