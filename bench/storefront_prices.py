"""Time the storefront's product list (/s/<slug>/products/), priced for a logged-in customer.

The database BENCH_PRICES_DB (shopadmin_bench_prices) on the server of DATABASE_URL (or the
private embedded one) is created and migrated if need be, and holds one shop, "bench-prices",
built once and kept: 240 products in 20 categories and 10 manufacturers (10 pages of 24), a
customer in three groups, each with a pricing template (list −12 % and 2 % extra; cost +40 %;
list −5 % and 3 % extra), and 50 active discounts: 10 on the whole catalogue, 15 on chosen
products, 15 on chosen categories, 10 on chosen manufacturers; every fifth an order discount
(a minimum subtotal, left out of a product's shelf price), one in four for one of the
customer's groups and a few for a group they are not in; percentages and fixed amounts.

Each scenario is requested through Django's test client (the whole page: middleware, the
session, row-level security, the rules read once, one engine pass for the page's 24 products,
rendering; DEBUG's query log off), 2 warm-ups and BENCH_PRICES_RUNS (50) timed runs walking
the 10 pages. Prints the median and p95 (nearest rank) per scenario in ms, the queries of
one page, and, apart, what the pricing costs alone (load_price_rules + shelf_prices).

    DEBUG=1 .venv/bin/python bench/storefront_prices.py
"""

import os
import random
import re
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopadmin.settings")
os.environ.setdefault("DEBUG", "1")

DB_NAME = os.environ.get("BENCH_PRICES_DB", "shopadmin_bench_prices")
RUNS = int(os.environ.get("BENCH_PRICES_RUNS", "50"))
SLUG = "bench-prices"
PRODUCTS, PER_PAGE = 240, 24
if not re.fullmatch(r"[a-z_][a-z0-9_]*", DB_NAME):
    sys.exit("BENCH_PRICES_DB: a lower-case identifier.")


from benchdb import create_and_migrate, percentile, point_at_bench_db  # noqa: E402

point_at_bench_db(DB_NAME)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from catalog.models import Category, Manufacturer, Product  # noqa: E402
from catalog.selectors import products_for_sale_by_name  # noqa: E402
from customers.models import Customer  # noqa: E402
from customers.services import create_customer  # noqa: E402
from discounts.models import (  # noqa: E402
    Discount,
    DiscountCategory,
    DiscountGroup,
    DiscountManufacturer,
    DiscountProduct,
)
from discounts.pricing import PricedProduct, load_price_rules, shelf_prices  # noqa: E402
from groups.models import CustomerGroup, GroupMembership, PricingTemplate  # noqa: E402
from shopadmin.models import Shop  # noqa: E402
from shopadmin.services import create_shop  # noqa: E402
from shopadmin.tenancy import shop_context  # noqa: E402

EMAIL = "bench-customer@bench-prices.example"
PASSWORD = "bench-prices-Secret-1"

# --- The database -----------------------------------------------------------------------------


def build_shop() -> Shop:
    """The bench shop, made once (kept between runs)."""
    shop = Shop.objects.filter(slug=SLUG).first()
    if shop is not None:
        return shop
    rng = random.Random(2026)
    shop = create_shop(
        name="Bench: ceny sklepu", slug=SLUG, language="en"
    )  # its checks read English
    with shop_context(shop):
        categories = Category.objects.bulk_create(
            Category(shop=shop, name=f"Kategoria {number:02d}") for number in range(1, 21)
        )
        makers = Manufacturer.objects.bulk_create(
            Manufacturer(shop=shop, name=f"Producent {number:02d}") for number in range(1, 11)
        )
        products = []
        for number in range(1, PRODUCTS + 1):
            list_price = Decimal(rng.randint(199, 99_999)) / 100
            cost = (list_price * Decimal(rng.randint(30, 70)) / 100).quantize(Decimal("0.01"))
            products.append(
                Product(
                    shop=shop,
                    sku=f"BENCH-{number:04d}",
                    name=f"Produkt {rng.choice('ABCDEFGHIJ')}{number:04d}",
                    list_price_net=list_price,
                    cost=cost,
                    vat_rate=rng.choice([Decimal("23"), Decimal("8"), Decimal("5")]),
                    category=rng.choice(categories),
                    manufacturer=rng.choice(makers),
                )
            )
        products = Product.objects.bulk_create(products)
        templates = [
            PricingTemplate.objects.create(
                shop=shop,
                name="Hurt −12 %",
                base=PricingTemplate.Base.LIST_PRICE,
                adjustment_percent=Decimal("12"),
                min_margin_percent=Decimal("12"),
            ),
            PricingTemplate.objects.create(
                shop=shop,
                name="Koszt +40 %",
                base=PricingTemplate.Base.COST,
                adjustment_percent=Decimal("40"),
                min_margin_percent=Decimal("10"),
            ),
            PricingTemplate.objects.create(
                shop=shop,
                name="Stali −5 %",
                base=PricingTemplate.Base.LIST_PRICE,
                adjustment_percent=Decimal("5"),
                min_margin_percent=Decimal("5"),
            ),
        ]
        groups = [
            CustomerGroup.objects.create(
                shop=shop,
                name=name,
                tag_label=name,
                pricing_template=template,
                extra_discount_percent=Decimal(extra),
            )
            for name, template, extra in zip(
                ["Hurt", "B2B", "Stali klienci"], templates, ["2", "0", "3"], strict=True
            )
        ]
        stranger = CustomerGroup.objects.create(shop=shop, name="Inna grupa", tag_label="Inna")
        customer = create_customer(
            shop=shop, email=EMAIL, password=PASSWORD, first_name="Bench", last_name="Klient"
        )
        GroupMembership.objects.bulk_create(
            GroupMembership(shop=shop, customer=customer, group=group) for group in groups
        )
        scopes = (
            [Discount.Scope.CATALOGUE] * 10
            + [Discount.Scope.PRODUCTS] * 15
            + [Discount.Scope.CATEGORIES] * 15
            + [Discount.Scope.MANUFACTURERS] * 10
        )
        for number, scope in enumerate(scopes, start=1):
            order = number % 5 == 0
            percent = order or rng.random() < 0.7
            value = (
                Decimal(rng.randint(2, 20)) if percent else Decimal(rng.randint(100, 2000)) / 100
            )
            audience = (
                Discount.Audience.GROUPS if number % 4 == 0 or number % 9 == 0 else "everyone"
            )
            discount = Discount.objects.create(
                shop=shop,
                name=f"Rabat {number}",
                kind=Discount.Kind.PERCENT if percent else Discount.Kind.FIXED,
                value=value,
                scope=scope,
                audience=audience,
                priority=rng.randint(0, 3),
                min_subtotal=Decimal(rng.choice([300, 500, 1000, 2000])) if order else None,
            )
            if audience == Discount.Audience.GROUPS:
                group = stranger if number % 9 == 0 else rng.choice(groups)
                DiscountGroup.objects.create(shop=shop, discount=discount, group=group)
            if scope == Discount.Scope.PRODUCTS:
                DiscountProduct.objects.bulk_create(
                    DiscountProduct(shop=shop, discount=discount, product=product)
                    for product in rng.sample(products, rng.randint(5, 20))
                )
            elif scope == Discount.Scope.CATEGORIES:
                DiscountCategory.objects.bulk_create(
                    DiscountCategory(shop=shop, discount=discount, category=category)
                    for category in rng.sample(categories, rng.randint(1, 3))
                )
            elif scope == Discount.Scope.MANUFACTURERS:
                DiscountManufacturer.objects.bulk_create(
                    DiscountManufacturer(shop=shop, discount=discount, manufacturer=maker)
                    for maker in rng.sample(makers, rng.randint(1, 2))
                )
    print(f"built the shop {SLUG}: {PRODUCTS} products, 3 groups, 50 discounts", flush=True)
    return shop


# --- Timing -----------------------------------------------------------------------------------


def timed(call, runs: int) -> list[float]:
    """Milliseconds of `runs` calls (call(i) for i in 0..runs-1) after 2 warm-ups."""
    call(0)
    call(1)
    times = []
    for number in range(runs):
        started = time.perf_counter()
        call(number)
        times.append((time.perf_counter() - started) * 1000)
    return times


def figures(times: list[float]) -> str:
    return f"median {statistics.median(times):6.1f} ms, p95 {percentile(times, 95):6.1f} ms"


def page_url(number: int) -> str:
    return f"/s/{SLUG}/products/?page={number % (PRODUCTS // PER_PAGE) + 1}"


def get(client: Client, url: str, expect: str) -> None:
    response = client.get(url)
    if response.status_code != 200 or expect not in response.content.decode():
        raise AssertionError(f"{url}: HTTP {response.status_code}, no “{expect}”")


def main() -> None:
    create_and_migrate(DB_NAME)
    shop = build_shop()
    settings.DEBUG = False  # no query log: time the page as it runs in production
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    with shop_context(shop):
        customer = Customer.objects.select_related("user").get(shop=shop, email=EMAIL)
        customer_client = Client()
        customer_client.force_login(customer.user)  # writes last_login, under RLS
        product_id = Product.objects.filter(shop=shop).order_by("name").values_list("pk")[0][0]
    guest_client = Client()

    with CaptureQueriesContext(connection) as captured:
        get(customer_client, page_url(0), "group price")
    queries = len(captured)
    page_queries = sum(
        1
        for query in captured.captured_queries
        if not query["sql"].startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))
        and "set_config" not in query["sql"]
        and "current_setting" not in query["sql"]
        and "django_session" not in query["sql"]
        and "shopadmin_user" not in query["sql"]
        and "shopadmin_shop" not in query["sql"]
    )

    scenarios = [
        ("list, customer in 3 groups", lambda n: get(customer_client, page_url(n), "group price")),
        ("list, guest", lambda n: get(guest_client, page_url(n), "Log in")),
        (
            "product page, customer",
            lambda n: get(customer_client, f"/s/{SLUG}/products/{product_id}/", "incl. VAT"),
        ),
    ]

    def pricing_only(number: int) -> None:
        with shop_context(shop):
            page = list(products_for_sale_by_name(shop)[:PER_PAGE])
            rules = load_price_rules(shop, customer)
            shelf_prices(rules, [PricedProduct.of(product) for product in page])

    with shop_context(shop):
        rules = load_price_rules(shop, customer)
        first_page = [
            PricedProduct.of(product) for product in products_for_sale_by_name(shop)[:PER_PAGE]
        ]
    print(
        f"Storefront product list, {os.cpu_count()} cores; {PRODUCTS} products, {PER_PAGE} a "
        f"page; a customer in {len(rules.groups)} groups under {len(rules.discounts)} of the "
        f"shop's 50 discounts (the rest are for another group); {RUNS} runs after 2 warm-ups"
    )
    print(
        f"queries per list page: {queries} through the test client "
        f"({page_queries} by the page: count, customer, products, groups, discounts; the rest "
        f"the transaction, the shop, the session and user, the RLS setting)"
    )
    for name, call in scenarios:
        print(f"{name:32} {figures(timed(call, RUNS))}", flush=True)
    print(
        f"{'pricing alone (24 products)':32} {figures(timed(pricing_only, RUNS))}"
        "  (read products and rules + one engine pass, no page)"
    )
    engine_only = timed(lambda n: shelf_prices(rules, first_page), RUNS * 10)
    print(f"{'one engine pass (24 products)':32} {figures(engine_only)}  (shelf_prices alone)")


if __name__ == "__main__":
    main()
