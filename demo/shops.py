"""The demo shops and their staff: fixed slugs, names and logins, one password for all.

The README and `make run` print these logins (demo/logins.py), so they must not change
from one run to the next.
"""

from dataclasses import dataclass

from demo.names import STAFF_NAMES
from shopadmin.models import Role

DEMO_PASSWORD = "demo-pass-2026"
SHARED_STAFF_EMAIL = "anna@shopadmin.example"


@dataclass(frozen=True)
class DemoShop:
    number: int
    slug: str
    name: str
    currency: str
    language: str
    order_prefix: str


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    first_name: str
    last_name: str
    shop_slugs: tuple[str, ...]


_FIRST_SHOPS = [
    ("sklep-krakow", "Sklep Kraków", "PLN", "pl", "KRK"),
    ("boutique-lyon", "Boutique Lyon", "EUR", "fr", "LYO"),
    ("negozio-milano", "Negozio Milano", "EUR", "it", "MIL"),
]
# Shops after the third cycle through the three locales: demo-4 is Polish, demo-5 French...
_MORE_SHOPS = [
    ("Sklep demo {n}", "PLN", "pl"),
    ("Boutique démo {n}", "EUR", "fr"),
    ("Negozio demo {n}", "EUR", "it"),
]


def demo_shops(count: int) -> list[DemoShop]:
    shops = []
    for number in range(1, count + 1):
        if number <= len(_FIRST_SHOPS):
            slug, name, currency, language, prefix = _FIRST_SHOPS[number - 1]
        else:
            name, currency, language = _MORE_SHOPS[(number - 1) % 3]
            slug, name, prefix = f"demo-{number}", name.format(n=number), f"D{number}"
        shops.append(DemoShop(number, slug, name, currency, language, prefix))
    return shops


def demo_logins(shops: list[DemoShop]) -> list[DemoLogin]:
    """An owner per shop, Anna (manager of the first two shops) and support for the first."""
    logins = []
    for shop in shops:
        first, last = STAFF_NAMES[shop.language]
        logins.append(
            DemoLogin(f"owner@{shop.slug}.example", Role.OWNER, first, last, (shop.slug,))
        )
    managed = tuple(shop.slug for shop in shops[:2])
    if managed:
        logins.append(DemoLogin(SHARED_STAFF_EMAIL, Role.MANAGER, "Anna", "Zielińska", managed))
        first_slug = shops[0].slug
        logins.append(
            DemoLogin(
                f"support@{first_slug}.example", Role.SUPPORT, "Tomasz", "Łęcki", (first_slug,)
            )
        )
    return logins
