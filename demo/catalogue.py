"""A demo shop's small, hand-made data: catalogue, groups, pricing, discounts, loyalty.

These are a few hundred rows per shop, so plain bulk_create is right here; the big tables
(customers, orders) are filled set-based in demo/seeding.py. Texts are shop content in the
shop's language, not interface strings, so they are not translated with gettext.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from catalog.models import Category, Manufacturer, Product
from demo.names import fold
from discounts.models import (
    Coupon,
    Discount,
    DiscountCategory,
    DiscountGroup,
    DiscountManufacturer,
)
from groups.models import CustomerGroup, PricingTemplate
from loyalty.models import LoyaltyRule

LANGUAGES = ("pl", "fr", "it")
VAT_RATE = {"pl": Decimal("23.00"), "fr": Decimal("20.00"), "it": Decimal("22.00")}
# Prices below are in euro; a shop in złoty multiplies them (and rounds to .99 like shops do).
PRICE_FACTOR = {"PLN": Decimal("4.3")}

# (category in pl, fr, it), then (product in pl, fr, it, net price in euro) per category.
# fmt: off
CATEGORIES = [
    (("Kuchnia", "Cuisine", "Cucina"), [
        ("Kubek ceramiczny", "Tasse en céramique", "Tazza in ceramica", "7.50"),
        ("Dzbanek do herbaty", "Théière", "Teiera", "19.00"),
        ("Deska do krojenia", "Planche à découper", "Tagliere", "14.00"),
        ("Zestaw noży", "Set de couteaux", "Set di coltelli", "59.00"),
        ("Patelnia żeliwna", "Poêle en fonte", "Padella in ghisa", "44.00"),
    ]),
    (("Łazienka", "Salle de bain", "Bagno"), [
        ("Ręcznik kąpielowy", "Serviette de bain", "Asciugamano da bagno", "16.00"),
        ("Dozownik mydła", "Distributeur de savon", "Dispenser di sapone", "9.50"),
        ("Szlafrok", "Peignoir", "Accappatoio", "42.00"),
        ("Mata łazienkowa", "Tapis de bain", "Tappetino da bagno", "12.00"),
        ("Lusterko kosmetyczne", "Miroir grossissant", "Specchio cosmetico", "18.00"),
    ]),
    (("Ogród", "Jardin", "Giardino"), [
        ("Donica gliniana", "Pot en terre cuite", "Vaso in terracotta", "11.00"),
        ("Konewka", "Arrosoir", "Annaffiatoio", "13.00"),
        ("Leżak ogrodowy", "Chaise longue", "Sdraio da giardino", "69.00"),
        ("Latarnia solarna", "Lanterne solaire", "Lanterna solare", "15.00"),
        ("Sekator", "Sécateur", "Cesoie da potatura", "21.00"),
    ]),
    (("Oświetlenie", "Éclairage", "Illuminazione"), [
        ("Lampa biurkowa", "Lampe de bureau", "Lampada da scrivania", "35.00"),
        ("Żarówka LED", "Ampoule LED", "Lampadina LED", "4.50"),
        ("Kinkiet", "Applique murale", "Applique", "46.00"),
        ("Lampka nocna", "Veilleuse", "Lampada da comodino", "21.00"),
        ("Girlanda świetlna", "Guirlande lumineuse", "Ghirlanda luminosa", "17.00"),
    ]),
    (("Tekstylia", "Textile", "Tessili"), [
        ("Poduszka dekoracyjna", "Coussin décoratif", "Cuscino decorativo", "14.00"),
        ("Koc wełniany", "Plaid en laine", "Coperta di lana", "53.00"),
        ("Obrus lniany", "Nappe en lin", "Tovaglia di lino", "28.00"),
        ("Zasłona zaciemniająca", "Rideau occultant", "Tenda oscurante", "32.00"),
        ("Fartuch kuchenny", "Tablier de cuisine", "Grembiule da cucina", "12.50"),
    ]),
    (("Dekoracje", "Décoration", "Decorazioni"), [
        ("Świeca zapachowa", "Bougie parfumée", "Candela profumata", "8.00"),
        ("Ramka na zdjęcia", "Cadre photo", "Cornice portafoto", "7.00"),
        ("Wazon szklany", "Vase en verre", "Vaso di vetro", "21.00"),
        ("Zegar ścienny", "Horloge murale", "Orologio da parete", "30.00"),
        ("Lustro w ramie", "Miroir encadré", "Specchio con cornice", "64.00"),
    ]),
    (("Biuro", "Bureau", "Ufficio"), [
        ("Notes w kratkę", "Carnet quadrillé", "Quaderno a quadretti", "3.50"),
        ("Długopis żelowy", "Stylo gel", "Penna gel", "2.10"),
        ("Segregator", "Classeur", "Raccoglitore", "4.40"),
        ("Organizer na biurko", "Organiseur de bureau", "Organizer da scrivania", "11.50"),
        ("Lampka USB", "Lampe USB", "Lampada USB", "9.00"),
    ]),
    (("Zabawki", "Jouets", "Giocattoli"), [
        ("Klocki drewniane", "Cubes en bois", "Costruzioni in legno", "23.00"),
        ("Pluszowy miś", "Ours en peluche", "Orsetto di peluche", "16.00"),
        ("Puzzle 1000 elementów", "Puzzle 1000 pièces", "Puzzle 1000 pezzi", "11.50"),
        ("Gra planszowa", "Jeu de société", "Gioco da tavolo", "30.00"),
        ("Latawiec", "Cerf-volant", "Aquilone", "13.50"),
    ]),
]
# fmt: on

# Each product base comes in five product lines, which also keeps Polish adjectives agreeing.
SERIES = {
    "pl": ("linia {word}", ["Bałtyk", "Tatry", "Wawel", "Mazury", "Żuraw"]),
    "fr": ("collection {word}", ["Lumière", "Côte", "Étoile", "Rhône", "Forêt"]),
    "it": ("linea {word}", ["Aurora", "Lario", "Vesuvio", "Città", "Dolomiti"]),
}
MANUFACTURERS = {
    "pl": [
        "Ceramika Bolesławiec",
        "Huta Szkła Jasło",
        "Drewnex",
        "Łódzkie Tkaniny",
        "Polmetal",
        "Świecznik Toruń",
        "Zabawkowo",
        "Żarówki Śląskie",
    ],
    "fr": [
        "Manufacture du Rhône",
        "Verrerie d'Alsace",
        "Tissages Lyonnais",
        "Bois & Métal",
        "Céramiques du Périgord",
        "Bougies Émile",
        "Jouets Gaspard",
        "Lumières de Lyon",
    ],
    "it": [
        "Ceramiche Faentine",
        "Vetreria Muranese",
        "Tessitura Comasca",
        "Legnami Brianza",
        "Officine Milanesi",
        "Candele Sant'Anna",
        "Giocattoli Pinocchio",
        "Luci di Forlì",
    ],
}

# key, name in pl/fr/it, tag label in pl/fr/it, colour, self-selectable, extra discount %,
# and who gets a membership: per mille of login customers, companies only, source.
GROUPS = [
    ("vip", ("VIP", "VIP", "VIP"), ("VIP", "VIP", "VIP"), "#D4AF37", False, "5", 40, False, "bulk"),
    (
        "wholesale",
        ("Hurt", "Grossiste", "Ingrosso"),
        ("Hurt", "Gros", "Ingrosso"),
        "#1E88E5",
        True,  # chosen at registration, approved by staff
        "0",
        300,
        True,
        "bulk",
    ),
    (
        "regulars",
        ("Stali klienci", "Clients fidèles", "Clienti abituali"),
        ("Stały klient", "Fidèle", "Abituale"),
        "#43A047",
        True,
        "0",
        150,
        False,
        "registration",
    ),
    (
        "b2b",
        ("B2B", "B2B", "B2B"),
        ("B2B", "B2B", "B2B"),
        "#6D4C41",
        True,
        "0",
        600,
        True,
        "registration",
    ),
    (
        "family",
        ("Rodzina i przyjaciele", "Famille et amis", "Amici e parenti"),
        ("Rodzina", "Famille", "Amici"),
        "#E91E63",
        False,
        "15",
        15,
        False,
        "bulk",
    ),
]

TEXTS = {
    "pl": {
        "wholesale_template": "Hurt: koszt + 25%",
        "seasonal": "Wyprzedaż sezonowa",
        "vip": "Rabat VIP",
        "brand": "Tydzień marki {name}",
        "fixed": "50 zł rabatu od 500 zł",
        "welcome": "Kupon powitalny",
        "coupon": "WITAJ10",
        "loyalty_rule": "Punkty za zakupy",
        "points_reason": "Punkty za zamówienia",
    },
    "fr": {
        "wholesale_template": "Grossiste : coût + 25 %",
        "seasonal": "Soldes de saison",
        "vip": "Remise VIP",
        "brand": "Semaine {name}",
        "fixed": "20 € de remise dès 150 €",
        "welcome": "Bon de bienvenue",
        "coupon": "BIENVENUE10",
        "loyalty_rule": "Points fidélité",
        "points_reason": "Points gagnés sur les commandes",
    },
    "it": {
        "wholesale_template": "Ingrosso: costo + 25%",
        "seasonal": "Saldi di stagione",
        "vip": "Sconto VIP",
        "brand": "Settimana {name}",
        "fixed": "20 € di sconto da 150 €",
        "welcome": "Buono di benvenuto",
        "coupon": "BENVENUTO10",
        "loyalty_rule": "Punti fedeltà",
        "points_reason": "Punti guadagnati con gli ordini",
    },
}
FIXED_DISCOUNT = {"PLN": (Decimal("50"), Decimal("500"))}  # (value, minimum subtotal)
FIXED_DISCOUNT_DEFAULT = (Decimal("20"), Decimal("150"))


@dataclass
class Catalogue:
    products: list[Product]
    groups: dict[str, CustomerGroup]
    membership_rules: list[tuple[str, int, bool, str]]  # (group key, per mille, companies, source)
    points_per_unit: Decimal
    points_reason: str


def create_catalogue(shop, *, language: str, now) -> Catalogue:
    """Categories, manufacturers, 200 products, groups, discounts, a coupon and a loyalty rule.

    Must run inside shop_context(shop)."""
    lang = LANGUAGES.index(language)
    texts = TEXTS[language]
    categories = Category.objects.bulk_create(
        [Category(shop=shop, name=names[lang]) for names, _products in CATEGORIES]
    )
    manufacturers = Manufacturer.objects.bulk_create(
        [Manufacturer(shop=shop, name=name) for name in MANUFACTURERS[language]]
    )
    products = Product.objects.bulk_create(_products(shop, language, categories, manufacturers))

    template = PricingTemplate.objects.create(
        shop=shop,
        name=texts["wholesale_template"],
        base=PricingTemplate.Base.COST,
        adjustment_percent=Decimal("25"),
        min_margin_percent=Decimal("10"),
    )
    groups = {}
    rules = []
    for key, names, tags, colour, selectable, extra, per_mille, companies, source in GROUPS:
        groups[key] = CustomerGroup(
            shop=shop,
            name=names[lang],
            tag_label=tags[lang],
            tag_colour=colour,
            self_selectable=selectable,
            needs_approval=key == "wholesale",
            extra_discount_percent=Decimal(extra),
            pricing_template=template if key == "wholesale" else None,
            created_at=now - timedelta(days=5 * 365),
        )
        rules.append((key, per_mille, companies, source))
    CustomerGroup.objects.bulk_create(groups.values())

    _create_discounts(shop, texts, groups, categories, manufacturers, now)
    rule = LoyaltyRule.objects.create(
        shop=shop, name=texts["loyalty_rule"], points_per_unit=Decimal("1")
    )
    return Catalogue(products, groups, rules, rule.points_per_unit, texts["points_reason"])


def _products(shop, language, categories, manufacturers) -> list[Product]:
    lang = LANGUAGES.index(language)
    factor = PRICE_FACTOR.get(shop.currency, Decimal("1"))
    series_format, series_words = SERIES[language]
    products = []
    for series_no, word in enumerate(series_words):
        for category_no, (category_names, bases) in enumerate(CATEGORIES):
            for base in bases:
                number = len(products) + 1
                # Product lines differ a little in price: 90% to 130% of the base price.
                price = Decimal(base[3]) * factor * (Decimal("0.9") + Decimal(series_no) / 10)
                price = max(price.quantize(Decimal("1")) - Decimal("0.01"), Decimal("0.99"))
                # Cost 50% to 68% of the price: always below it, as the pricing rules assume.
                cost = (price * (Decimal("0.50") + Decimal(number % 10) / 50)).quantize(
                    Decimal("0.01")
                )
                products.append(
                    Product(
                        shop=shop,
                        sku=f"{fold(category_names[0])[:3].upper()}-{number:04d}",
                        name=f"{base[lang]} – {series_format.format(word=word)}",
                        list_price_net=price,
                        cost=cost,
                        vat_rate=VAT_RATE[language],
                        category=categories[category_no],
                        manufacturer=manufacturers[(category_no + series_no) % len(manufacturers)],
                    )
                )
    return products


def _create_discounts(shop, texts, groups, categories, manufacturers, now) -> None:
    fixed_value, fixed_minimum = FIXED_DISCOUNT.get(shop.currency, FIXED_DISCOUNT_DEFAULT)
    seasonal, vip, brand, _fixed, welcome = Discount.objects.bulk_create(
        [
            Discount(
                shop=shop,
                name=texts["seasonal"],
                kind=Discount.Kind.PERCENT,
                value=Decimal("15"),
                scope=Discount.Scope.CATEGORIES,
                active_from=now - timedelta(days=14),
                active_to=now + timedelta(days=30),
                priority=10,
            ),
            Discount(
                shop=shop,
                name=texts["vip"],
                kind=Discount.Kind.PERCENT,
                value=Decimal("10"),
                audience=Discount.Audience.GROUPS,
                priority=20,
            ),
            Discount(
                shop=shop,
                name=texts["brand"].format(name=manufacturers[0].name),
                kind=Discount.Kind.PERCENT,
                value=Decimal("20"),
                scope=Discount.Scope.MANUFACTURERS,
                active_from=now - timedelta(days=2),
                active_to=now + timedelta(days=5),
            ),
            Discount(
                shop=shop,
                name=texts["fixed"],
                kind=Discount.Kind.FIXED,
                value=fixed_value,
                min_subtotal=fixed_minimum,
            ),
            Discount(
                shop=shop, name=texts["welcome"], kind=Discount.Kind.PERCENT, value=Decimal("10")
            ),
        ]
    )
    DiscountCategory.objects.bulk_create(
        [DiscountCategory(shop=shop, discount=seasonal, category=c) for c in categories[4:6]]
    )
    DiscountGroup.objects.create(shop=shop, discount=vip, group=groups["vip"])
    DiscountManufacturer.objects.create(shop=shop, discount=brand, manufacturer=manufacturers[0])
    Coupon.objects.create(
        shop=shop, code=texts["coupon"], discount=welcome, max_uses_per_customer=1
    )
