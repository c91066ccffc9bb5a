"""Staff pages for discounts: the list, the form (with its coupon), switching off and on, and
deleting; the shop's own rows only, and what the pages save is what the price engine uses."""

from datetime import datetime, timedelta
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.discounts.forms import DiscountForm
from discounts.models import (
    Coupon,
    CouponAssignment,
    Discount,
    DiscountCategory,
    DiscountGroup,
    DiscountManufacturer,
    DiscountProduct,
)
from discounts.pricing import quote
from discounts.services import (
    CouponData,
    DiscountData,
    create_discount,
    delete_discount,
    set_discount_active,
    update_discount,
)
from groups.services import delete_pricing_template
from shopadmin.models import AuditEvent
from shopadmin.permissions import PermissionDeniedForShop
from shopadmin.services import ServiceError
from shopadmin.tenancy import shop_context
from tests.factories import (
    CategoryFactory,
    CouponFactory,
    CustomerFactory,
    CustomerGroupFactory,
    DiscountCategoryFactory,
    DiscountFactory,
    DiscountGroupFactory,
    ManufacturerFactory,
    ProductFactory,
    discount_data_of,
)
from tests.helpers import audit, cells, in_shop, plain_text

WARSAW = ZoneInfo("Europe/Warsaw")
LIST = reverse("staff:discount_list")
CREATE = reverse("staff:discount_create")


def edit_url(discount):
    return reverse("staff:discount_edit", args=[discount.pk])


def toggle_url(discount):
    return reverse("staff:discount_toggle", args=[discount.pk])


def delete_url(discount):
    return reverse("staff:discount_delete", args=[discount.pk])


def form(*, coupons=(), initial_coupons=0, **changes) -> dict:
    """A valid discount form: 12 % off everything, for everyone, active; `coupons` are the
    rows of its coupon codes (the first `initial_coupons` of them the discount's own)."""
    data = {
        "name": "Wiosna",
        "kind": "percent",
        "value": "12",
        "scope": "catalogue",
        "product_skus": "",
        "audience": "everyone",
        "active_from": "",
        "active_to": "",
        "priority": "0",
        "is_active": "on",
        "min_subtotal": "",
        **coupon_rows(*coupons, initial=initial_coupons),
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def coupon_rows(*rows: dict, initial: int = 0) -> dict:
    """The coupon formset's fields for `rows` (code, max_uses_total, ..., id, DELETE)."""
    data = {
        "coupons-TOTAL_FORMS": str(len(rows)),
        "coupons-INITIAL_FORMS": str(initial),
        "coupons-MIN_NUM_FORMS": "0",
        "coupons-MAX_NUM_FORMS": "100",
    }
    for index, row in enumerate(rows):
        values = {"is_active": "on", **row}
        data.update({f"coupons-{index}-{name}": value for name, value in values.items()})
    return {name: value for name, value in data.items() if value is not None}


def coupon_errors(response) -> list[dict]:
    return [dict(row) for row in response.context["coupons"].errors]


def errors(response) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


@pytest.fixture
def catalogue(shop):
    """Two products, two categories, two manufacturers and two groups of shop A."""
    coffee = CategoryFactory(shop=shop, name="Kawa")
    tea = CategoryFactory(shop=shop, name="Herbata")
    acme = ManufacturerFactory(shop=shop, name="Acme")
    zeta = ManufacturerFactory(shop=shop, name="Zeta")
    mug = ProductFactory(shop=shop, sku="MUG-1", name="Mug", category=coffee, manufacturer=acme)
    book = ProductFactory(shop=shop, sku="BOOK-2", name="Book", category=tea)
    hurt = CustomerGroupFactory(shop=shop, name="Hurt", tag_label="Hurt")
    vip = CustomerGroupFactory(shop=shop, name="VIP", tag_label="VIP")
    return {
        "coffee": coffee,
        "tea": tea,
        "acme": acme,
        "zeta": zeta,
        "mug": mug,
        "book": book,
        "hurt": hurt,
        "vip": vip,
    }


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_each_discount_with_what_where_who_when_and_its_coupons(
    staff_client, shop, catalogue
):
    now = timezone.now()
    spring = DiscountFactory(shop=shop, name="Wiosna", value=Decimal("12"), priority=5)
    CouponFactory(shop=shop, discount=spring, code="WIOSNA", uses_count=3, max_uses_total=100)
    CouponFactory(shop=shop, discount=spring, code="wiosna-vip", max_uses_per_customer=1)
    wholesale = DiscountFactory(
        shop=shop,
        name="Hurt 15 zł",
        kind="fixed",
        value=Decimal("15.00"),
        scope="categories",
        audience="groups",
        min_subtotal=Decimal("200.00"),
        active_from=datetime(2030, 5, 1, 10, 0, tzinfo=WARSAW),
        active_to=datetime(2030, 5, 31, 23, 59, tzinfo=WARSAW),
    )
    DiscountCategoryFactory(shop=shop, discount=wholesale, category=catalogue["coffee"])
    DiscountCategoryFactory(shop=shop, discount=wholesale, category=catalogue["tea"])
    DiscountGroupFactory(shop=shop, discount=wholesale, group=catalogue["vip"])
    DiscountGroupFactory(shop=shop, discount=wholesale, group=catalogue["hurt"])
    off = DiscountFactory(shop=shop, name="Off", is_active=False)
    ended = DiscountFactory(shop=shop, name="Ended", active_to=now - timedelta(days=1))

    page = staff_client.get(LIST).content.decode()

    assert cells(page, spring) == {
        "name": "Wiosna",
        "value": "12 %",
        "scope": "whole catalogue",
        "audience": "everyone",
        "min_subtotal": "—",
        "period": "always",
        "priority": "5",
        "status": "active",
        "coupons": "WIOSNA 3/100 wiosna-vip 0/∞ (1 use per customer)",
        "actions": "Edit Deactivate Delete",
    }
    assert cells(page, wholesale) == {
        "name": "Hurt 15 zł",
        "value": "15.00 PLN",
        "scope": "2 categories",
        "audience": "Hurt VIP",
        "min_subtotal": "200.00 PLN",
        "period": "from 05/01/2030 10 a.m. to 05/31/2030 11:59 p.m.",
        "priority": "0",
        "status": "scheduled",
        "coupons": "—",
        "actions": "Edit Deactivate Delete",
    }
    assert cells(page, off)["status"] == "inactive"
    assert cells(page, off)["actions"] == "Edit Activate Delete"
    assert cells(page, ended)["status"] == "ended"
    assert "4 discounts" in page
    assert f'href="{reverse("staff:pricing_template_list")}"' in page
    # The navigation's "Discounts" is a link to this page, marked as the current one.
    assert f'<a href="{LIST}" aria-current="page">Discounts</a>' in page


def test_the_list_filters_by_status_and_searches_names_and_coupon_codes(staff_client, shop):
    spring = DiscountFactory(shop=shop, name="Wiosna")
    summer = DiscountFactory(shop=shop, name="Lato", is_active=False)
    CouponFactory(shop=shop, discount=summer, code="SUN25")
    later = DiscountFactory(shop=shop, name="Jesień", active_from=timezone.now() + timedelta(1))

    def listed(**query):
        response = staff_client.get(LIST, query)
        return [discount.name for discount in response.context["table"].data]

    assert listed() == ["Jesień", "Lato", "Wiosna"]  # newest first
    assert listed(status="active") == ["Wiosna"]
    assert listed(status="inactive") == ["Lato"]
    assert listed(status="scheduled") == ["Jesień"]
    assert listed(q="wios") == ["Wiosna"]
    assert listed(q="sun2") == ["Lato"]  # by a coupon code, in any case
    assert listed(q="sun2", status="active") == []
    assert "No discount matches this search." in staff_client.get(LIST, {"q": "x"}).content.decode()
    assert spring and later
    # Each listed row is the discount it names (its edit link), not another of that name.
    page = staff_client.get(LIST, {"status": "scheduled"}).content.decode()
    assert edit_url(later) in page and edit_url(spring) not in page


def test_the_list_runs_as_many_queries_for_12_discounts_as_for_3(staff_client, shop, catalogue):
    def make(count):
        for number in range(count):
            discount = DiscountFactory(shop=shop, scope="categories", audience="groups")
            DiscountCategoryFactory(shop=shop, discount=discount, category=catalogue["coffee"])
            DiscountGroupFactory(shop=shop, discount=discount, group=catalogue["hurt"])
            CouponFactory(shop=shop, discount=discount, code=f"C{discount.pk}-{number}")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(LIST)
        assert response.status_code == 200
        return len(captured)

    make(3)
    three = queries()
    make(9)
    twelve = queries()
    # 24 = 21 for any staff page (session, user, staff membership and shop, the role check,
    # app.user_id / app.shop_id read, set and cleared in savepoints) + the page of discounts,
    # their coupons and their groups. The page is read once, and a first page that is not
    # full is the whole list, so nothing is counted.
    assert three == twelve == 24
    assert staff_client.get(LIST).content.decode().count('<tr data-row="') == 12


def test_a_list_of_several_pages_reads_its_page_once_and_counts_the_rest(staff_client, shop):
    for number in range(30):
        DiscountFactory(shop=shop, name=f"Rabat {number:02}")

    with CaptureQueriesContext(connection) as captured:
        response = staff_client.get(LIST, {"per_page": 25, "page": 2})

    html = response.content.decode()
    assert [d.name for d in response.context["table"].data] == [
        f"Rabat {number:02}" for number in range(4, -1, -1)
    ]  # newest first
    assert "30 discounts" in html
    assert "Showing 26–30" in html and "Page 2 of 2" in html
    assert 'rel="prev" href="?per_page=25&amp;page=1"' in html
    # 27 = the 24 of one page + the total, counted through a cursor (declare, move, close).
    assert len(captured) == 27


@pytest.mark.parametrize("page", ["x", "-3", "0", "2.5", "99", "99999999999999999999999"])
def test_a_junk_or_too_large_page_number_shows_a_page_with_its_pager(staff_client, shop, page):
    DiscountFactory(shop=shop, name="Wiosna")

    response = staff_client.get(LIST, {"page": page, "per_page": "7"})

    assert response.status_code == 200
    assert [d.name for d in response.context["table"].data] == ["Wiosna"]
    html = response.content.decode()
    assert 'data-testid="pagination"' in html and "Page 1 of 1" in html


# --- Creating and editing ---------------------------------------------------------------------


def test_creating_a_discount_saves_its_products_groups_minimum_and_coupon(
    staff_client, shop, owner, catalogue
):
    response = staff_client.post(
        CREATE,
        form(
            name="Hurt 12 %",
            scope="products",
            product_skus="MUG-1\nBOOK-2, MUG-1",
            audience="groups",
            groups=[catalogue["hurt"].pk],
            min_subtotal="250.00",
            active_from="2030-05-01T10:00",
            active_to="2030-06-01T00:00",
            priority="3",
            coupons=[
                {"code": "Wiosna", "max_uses_total": "100", "max_uses_per_customer": "1"},
                {"code": "WIOSNA-VIP", "is_active": None},
                {"code": ""},  # the empty row for one more code
            ],
        ),
        follow=True,
    )

    assert response.redirect_chain[-1][0] == LIST
    assert "Created the discount “Hurt 12 %”." in response.content.decode()
    with shop_context(shop):
        discount = Discount.objects.get(shop=shop, name="Hurt 12 %")
        assert (discount.kind, discount.value, discount.scope, discount.audience) == (
            "percent",
            Decimal("12.00"),
            "products",
            "groups",
        )
        assert discount.min_subtotal == Decimal("250.00") and discount.priority == 3
        assert discount.active_from == datetime(2030, 5, 1, 10, tzinfo=WARSAW)
        assert discount.active_to == datetime(2030, 6, 1, tzinfo=WARSAW)
        products = DiscountProduct.objects.filter(discount=discount)
        assert sorted(products.values_list("product__sku", flat=True)) == ["BOOK-2", "MUG-1"]
        groups = DiscountGroup.objects.filter(discount=discount).values_list("group", flat=True)
        assert list(groups) == [catalogue["hurt"].pk]
        coupons = Coupon.objects.filter(discount=discount).order_by("code")
        assert list(
            coupons.values_list("code", "max_uses_total", "max_uses_per_customer", "is_active")
        ) == [("WIOSNA-VIP", None, None, False), ("Wiosna", 100, 1, True)]
    [event] = audit(shop, "discount.created")
    assert event["target_id"] == str(discount.pk)
    assert event["data"] == {
        "name": "Hurt 12 %",
        "kind": "percent",
        "value": "12",
        "scope": "products",
        "targets": 3,
        "coupons_added": ["Wiosna", "WIOSNA-VIP"],
    }


def test_a_discount_made_on_the_page_is_the_one_the_price_engine_gives(
    staff_client, shop, catalogue
):
    staff_client.post(
        CREATE,
        form(
            name="Kawa −30 %", value="30", scope="categories", categories=[catalogue["coffee"].pk]
        ),
    )

    with shop_context(shop):
        priced = quote(shop, None, [(catalogue["mug"], 1), (catalogue["book"], 1)])
    mug, book = priced.lines
    assert (mug.unit_price, mug.rule) == (Decimal("70.00"), "discount Kawa −30 %")
    assert (book.unit_price, book.rule) == (Decimal("100.00"), "list price")


def test_the_form_shows_the_discount_as_it_is_and_saving_replaces_its_targets_and_codes(
    staff_client, shop, owner, catalogue
):
    discount = DiscountFactory(
        shop=shop, name="Kawa", value=Decimal("12.50"), scope="categories", audience="groups"
    )
    DiscountCategoryFactory(shop=shop, discount=discount, category=catalogue["coffee"])
    DiscountGroupFactory(shop=shop, discount=discount, group=catalogue["hurt"])
    coupon = CouponFactory(
        shop=shop, discount=discount, code="KAWA", uses_count=7, max_uses_total=50
    )
    page = staff_client.get(edit_url(discount)).content.decode()
    assert "Edit “Kawa”" in page
    assert 'name="value" value="12.5"' in page
    assert 'name="coupons-0-code" value="KAWA"' in page
    assert f'name="coupons-0-id" value="{coupon.pk}"' in page
    assert f'<option value="{catalogue["coffee"].pk}" selected>Kawa</option>' in page

    response = staff_client.post(
        edit_url(discount),
        form(
            name="Producenci",
            kind="fixed",
            value="5.50",
            scope="manufacturers",
            manufacturers=[catalogue["acme"].pk, catalogue["zeta"].pk],
            audience="everyone",
            is_active=None,
            initial_coupons=1,
            coupons=[
                {"id": coupon.pk, "code": "kawa2", "max_uses_total": "60"},
                {"code": "KAWA-NOWA", "max_uses_per_customer": "2"},
            ],
        ),
    )

    assert response.status_code == 302
    with shop_context(shop):
        discount.refresh_from_db()
        assert (discount.name, discount.kind, discount.value, discount.is_active) == (
            "Producenci",
            "fixed",
            Decimal("5.50"),
            False,
        )
        assert not DiscountCategory.objects.filter(discount=discount).exists()
        assert not DiscountGroup.objects.filter(discount=discount).exists()
        manufacturers = DiscountManufacturer.objects.filter(discount=discount)
        assert set(manufacturers.values_list("manufacturer", flat=True)) == {
            catalogue["acme"].pk,
            catalogue["zeta"].pk,
        }
        coupon.refresh_from_db()  # the same coupon, changed in place: its uses stay
        assert (coupon.code, coupon.max_uses_total, coupon.uses_count) == ("kawa2", 60, 7)
        added = Coupon.objects.get(discount=discount, code="KAWA-NOWA")
        assert (added.max_uses_per_customer, added.uses_count) == (2, 0)
    [event] = audit(shop, "discount.updated")
    assert event["target_id"] == str(discount.pk)
    # What it was is kept: the prices of everyone it reaches changed.
    assert event["data"]["changed"]["value"] == ["12.50", "5.50"]
    assert event["data"]["changed"]["kind"] == ["percent", "fixed"]
    assert event["data"]["coupons_changed"] == {
        "KAWA": {"code": ["KAWA", "kawa2"], "max_uses_total": ["50", "60"]}
    }
    assert event["data"]["coupons_added"] == ["KAWA-NOWA"]


def test_a_code_is_removed_only_when_ticked_and_the_others_stay(staff_client, shop, owner):
    discount = DiscountFactory(shop=shop, name="Kody")
    old = CouponFactory(shop=shop, discount=discount, code="STARY", uses_count=3)
    kept = CouponFactory(shop=shop, discount=discount, code="ZOSTAJE", max_uses_total=9)
    page = staff_client.get(edit_url(discount)).content.decode()
    assert 'name="coupons-1-code" value="ZOSTAJE"' in page
    assert 'name="coupons-0-DELETE"' in page and 'name="coupons-1-DELETE"' in page
    rows = [
        {"id": old.pk, "code": "STARY"},
        {"id": kept.pk, "code": "ZOSTAJE", "max_uses_total": "9"},
    ]

    # A cleared code is a mistake until "Remove" is ticked: nothing is lost by a slip.
    cleared = staff_client.post(
        edit_url(discount),
        form(name="Kody", initial_coupons=2, coupons=[{**rows[0], "code": ""}, rows[1]]),
    )
    assert cleared.status_code == 200
    assert coupon_errors(cleared)[0] == {"code": ["Enter the code, or tick “Remove” to remove it."]}

    removed = staff_client.post(
        edit_url(discount),
        form(name="Kody", initial_coupons=2, coupons=[{**rows[0], "DELETE": "on"}, rows[1]]),
    )

    assert removed.status_code == 302
    with shop_context(shop):
        assert list(Coupon.objects.filter(discount=discount).values_list("code", flat=True)) == [
            "ZOSTAJE"
        ]
    [event] = audit(shop, "discount.updated")
    assert event["data"]["coupons_removed"] == ["STARY"]
    assert "coupons_changed" not in event["data"]  # ZOSTAJE was saved as it was


def test_codes_swapped_or_renamed_in_a_chain_are_saved(staff_client, shop):
    discount = DiscountFactory(shop=shop, name="Kody")
    a, b, c = (CouponFactory(shop=shop, discount=discount, code=code) for code in "ABC")
    rows = [{"id": a.pk, "code": "B"}, {"id": b.pk, "code": "A"}, {"id": c.pk, "code": "C"}]
    swapped = staff_client.post(edit_url(discount), form(initial_coupons=3, coupons=rows))
    assert swapped.status_code == 302
    rows = [{"id": a.pk, "code": "C"}, {"id": b.pk, "code": "D"}, {"id": c.pk, "code": "B"}]
    chained = staff_client.post(edit_url(discount), form(initial_coupons=3, coupons=rows))
    assert chained.status_code == 302
    with shop_context(shop):
        codes = dict(Coupon.objects.filter(discount=discount).values_list("pk", "code"))
    assert codes == {a.pk: "C", b.pk: "D", c.pk: "B"}


def test_a_form_shown_before_a_colleague_added_a_code_saves_without_touching_it(staff_client, shop):
    """The page showed one code and an empty row; meanwhile a second code was added. The
    empty row stays empty (it is not taken for the new code), and the new code stays."""
    discount = DiscountFactory(shop=shop, name="Kody")
    shown = CouponFactory(shop=shop, discount=discount, code="PIERWSZY")
    CouponFactory(shop=shop, discount=discount, code="DRUGI", uses_count=4)  # meanwhile
    rows = [{"id": shown.pk, "code": "PIERWSZY", "max_uses_total": "9"}, {"code": ""}]
    response = staff_client.post(edit_url(discount), form(initial_coupons=1, coupons=rows))
    assert response.status_code == 302
    with shop_context(shop):
        coupons = Coupon.objects.filter(discount=discount).order_by("pk")
        assert list(coupons.values_list("code", "max_uses_total", "uses_count")) == [
            ("PIERWSZY", 9, 0),
            ("DRUGI", None, 4),
        ]


def test_one_coupon_sent_twice_is_refused(staff_client, shop):
    discount = DiscountFactory(shop=shop, name="Kody")
    coupon = CouponFactory(shop=shop, discount=discount, code="RAZ")
    rows = [{"id": coupon.pk, "code": "RAZ"}, {"id": coupon.pk, "code": "RAZ", "DELETE": "on"}]
    response = staff_client.post(edit_url(discount), form(initial_coupons=2, coupons=rows))
    assert response.status_code == 200
    assert "A coupon is in the form twice: reload the page." in unescape(response.content.decode())
    with shop_context(shop):
        assert Coupon.objects.filter(discount=discount).count() == 1


def test_a_row_naming_another_discounts_coupon_is_refused(staff_client, shop, other_shop):
    mine = DiscountFactory(shop=shop, name="Mine")
    neighbour = CouponFactory(shop=shop, discount=DiscountFactory(shop=shop), code="SASIAD")
    theirs = discount_data_of(other_shop).coupon
    for forged in (neighbour, theirs):
        for row in ({"id": forged.pk, "code": "PRZEJETY"}, {"id": forged.pk, "DELETE": "on"}):
            response = staff_client.post(
                edit_url(mine), form(name="Mine", initial_coupons=1, coupons=[row])
            )
            assert response.status_code == 200, row
            assert "This coupon is not one of this discount's." in unescape(
                response.content.decode()
            ), row
    with shop_context(shop):
        assert Coupon.objects.get(pk=neighbour.pk).code == "SASIAD"
        assert not Coupon.objects.filter(discount=mine).exists()
    with shop_context(other_shop):
        assert Coupon.objects.get(pk=theirs.pk).code == theirs.code


def test_saving_again_keeps_the_targets_that_stay_and_adds_the_new(staff_client, shop, catalogue):
    staff_client.post(CREATE, form(scope="products", product_skus="MUG-1"))
    discount = in_shop(shop, lambda: Discount.objects.get(shop=shop))
    kept = in_shop(shop, lambda: DiscountProduct.objects.get(discount=discount).pk)

    staff_client.post(edit_url(discount), form(scope="products", product_skus="MUG-1\nBOOK-2"))

    links = in_shop(shop, lambda: dict(DiscountProduct.objects.values_list("product__sku", "pk")))
    assert set(links) == {"MUG-1", "BOOK-2"} and links["MUG-1"] == kept


# --- Validation --------------------------------------------------------------------------------

NOT_POSITIVE = "A fixed amount is an amount in PLN of more than 0."
VALIDATION = [
    ({"name": ""}, "name", "This field is required."),
    ({"value": "0"}, "value", "A percentage is more than 0 and at most 100."),
    ({"value": "100.5"}, "value", "A percentage is more than 0 and at most 100."),
    ({"value": "12.345"}, "value", "A percentage has at most 2 decimal places."),
    (
        {"kind": "fixed", "value": "0"},
        "value",
        "A fixed amount is an amount in PLN of more than 0.",
    ),
    (
        {"kind": "fixed", "value": "-5"},
        "value",
        "A fixed amount is an amount in PLN of more than 0.",
    ),
    (
        {"kind": "fixed", "value": "1.005"},
        "value",
        "A fixed amount is an amount in PLN with at most 2 decimal places.",
    ),
    (
        {"kind": "fixed", "value": "10000000000"},
        "value",
        "A fixed amount is less than 10,000,000,000 PLN.",
    ),
    ({"value": "abc"}, "value", "Enter a number."),
    (
        {"min_subtotal": "99.999"},
        "min_subtotal",
        "A minimum subtotal is an amount in PLN with at most 2 decimal places.",
    ),
    (
        {"min_subtotal": "0"},
        "min_subtotal",
        "A minimum subtotal is an amount in PLN of more than 0.",
    ),
    (
        {"active_from": "2030-05-02T00:00", "active_to": "2030-05-01T00:00"},
        "active_to",
        "“Active to” must be later than “active from”.",
    ),
    (
        {"active_from": "2030-05-01T00:00", "active_to": "2030-05-01T00:00"},
        "active_to",
        "“Active to” must be later than “active from”.",
    ),
    ({"scope": "products"}, "product_skus", "Enter at least one SKU."),
    (
        {"scope": "products", "product_skus": "MUG-1\nNOPE-9\nNOPE-8"},
        "product_skus",
        "This shop has no product with the SKU “NOPE-9”, “NOPE-8”.",
    ),
    ({"scope": "categories"}, "categories", "Choose at least one category."),
    ({"scope": "manufacturers"}, "manufacturers", "Choose at least one manufacturer."),
    ({"audience": "groups"}, "groups", "Choose at least one group."),
    ({"priority": ""}, "priority", "This field is required."),
]


@pytest.mark.parametrize(("changes", "field", "message"), VALIDATION)
def test_the_form_says_what_is_wrong_and_saves_nothing(
    staff_client, shop, catalogue, changes, field, message
):
    response = staff_client.post(CREATE, form(**changes))

    assert response.status_code == 200
    assert errors(response) == {field: [message]}
    assert message in unescape(response.content.decode())
    assert not in_shop(shop, lambda: Discount.objects.filter(shop=shop).exists())


COUPON_VALIDATION = [
    ([{"code": "WIOSNA 25"}], [{"code": ["A coupon code has no spaces."]}]),
    (
        [{"code": "X" * 41}],
        [{"code": ["A coupon code is at most 40 characters (this one has 41)."]}],
    ),
    (
        [{"code": "", "max_uses_total": "5"}],
        [{"code": ["Enter a code, or leave the whole row empty."]}],
    ),
    (
        [{"code": "A1", "max_uses_per_customer": "0"}],
        [{"max_uses_per_customer": ["Ensure this value is greater than or equal to 1."]}],
    ),
    (
        [{"code": "LATO"}, {"code": "lato"}],
        [{}, {"code": ["The code “lato” is given twice."]}],
    ),
]


@pytest.mark.parametrize(("rows", "expected"), COUPON_VALIDATION)
def test_coupon_rows_say_what_is_wrong_and_nothing_is_saved(staff_client, shop, rows, expected):
    response = staff_client.post(CREATE, form(coupons=rows))

    assert response.status_code == 200
    assert coupon_errors(response) == expected
    for row in expected:
        for message in row.get("code", []) + row.get("max_uses_per_customer", []):
            assert message in unescape(response.content.decode())
    assert not in_shop(shop, lambda: Discount.objects.filter(shop=shop).exists())


def test_the_discount_and_its_codes_say_their_errors_at_once(staff_client, shop):
    response = staff_client.post(CREATE, form(name="", coupons=[{"code": "A B"}]))

    assert errors(response) == {"name": ["This field is required."]}
    assert coupon_errors(response) == [{"code": ["A coupon code has no spaces."]}]


def test_the_value_is_described_in_the_shops_currency(staff_client, shop):
    page = staff_client.get(CREATE).content.decode()
    assert "an amount in PLN off each unit" in page
    assert "Minimum order subtotal (PLN)" in page
    assert 'data-amount-unit="PLN"' in page


def test_amounts_in_a_currency_without_cents_are_whole_numbers(shop):
    shop.currency = "JPY"  # as a shop in yen would have it (not saved)
    with shop_context(shop):
        bound = DiscountForm(form(kind="fixed", value="15.50", min_subtotal="1000.5"), shop=shop)
        assert bound.errors == {
            "value": ["A fixed amount in JPY is a whole number."],
            "min_subtotal": ["A minimum subtotal in JPY is a whole number."],
        }
        assert DiscountForm(form(kind="fixed", value="150"), shop=shop).is_valid()


def test_a_coupon_code_is_unique_in_the_shop_in_any_case_but_not_across_shops(
    staff_client, shop, other_shop
):
    mine = DiscountFactory(shop=shop, name="Mine")
    kept = CouponFactory(shop=shop, discount=mine, code="Wiosna")
    theirs = discount_data_of(other_shop).coupon

    refused = staff_client.post(CREATE, form(coupons=[{"code": "NOWY"}, {"code": "WIOSNA"}]))
    assert coupon_errors(refused) == [
        {},
        {"code": ["The coupon code “WIOSNA” exists already in this shop (in any case)."]},
    ]
    # The coupon being edited may keep its code, in another case too.
    edited = staff_client.post(
        edit_url(mine), form(initial_coupons=1, coupons=[{"id": kept.pk, "code": "wiosna"}])
    )
    assert edited.status_code == 302
    # Another shop's code is free here: codes belong to their shop.
    taken_there = staff_client.post(CREATE, form(name="B's code", coupons=[{"code": theirs.code}]))
    assert taken_there.status_code == 302
    with shop_context(shop):
        codes = Coupon.objects.filter(shop=shop).order_by("pk").values_list("code", flat=True)
        assert list(codes) == ["wiosna", theirs.code]


def test_the_service_refuses_a_taken_code_with_the_reason(shop, owner):
    """Without the form's check (an import, a shell, two staff saving at once) the unique index
    refuses the code, and the service says which."""
    mine = DiscountFactory(shop=shop, name="Mine")
    CouponFactory(shop=shop, discount=mine, code="RAZ")
    with shop_context(shop), pytest.raises(ServiceError) as refused:
        create_discount(
            shop=shop,
            actor=owner,
            data=DiscountData(name="X", kind="percent", value=5),
            coupons=[CouponData(code="raz")],
        )
    assert str(refused.value) == "The coupon code “raz” exists already in this shop."
    with shop_context(shop):
        assert not Discount.objects.filter(name="X").exists()


def test_another_shops_products_categories_manufacturers_and_groups_are_refused(
    staff_client, shop, other_shop, catalogue
):
    theirs = discount_data_of(other_shop)
    their_manufacturer = ManufacturerFactory(shop=other_shop, name="Their maker")
    cases = [
        (
            {"scope": "products", "product_skus": other_shop.demo.product.sku},
            "product_skus",
            f"This shop has no product with the SKU “{other_shop.demo.product.sku}”.",
        ),
        (
            {"scope": "categories", "categories": [theirs.category.pk]},
            "categories",
            f"Select a valid choice. {theirs.category.pk} is not one of the available choices.",
        ),
        (
            {"scope": "manufacturers", "manufacturers": [their_manufacturer.pk]},
            "manufacturers",
            f"Select a valid choice. {their_manufacturer.pk} is not one of the available choices.",
        ),
        (
            {"audience": "groups", "groups": [catalogue["hurt"].pk, other_shop.demo.group.pk]},
            "groups",
            f"Select a valid choice. {other_shop.demo.group.pk} is not one of the available "
            "choices.",
        ),
    ]
    assert other_shop.demo.product.sku != catalogue["mug"].sku
    for changes, field, message in cases:
        response = staff_client.post(CREATE, form(**changes))
        assert errors(response) == {field: [message]}
    assert not in_shop(shop, lambda: Discount.objects.filter(shop=shop).exists())
    # The form offers the shop's own rows only.
    page = staff_client.get(CREATE).content.decode()
    assert "Their maker" not in page and "Acme" in page and "Hurt" in page


# --- Switching off and on, deleting ------------------------------------------------------------


def test_a_discount_is_switched_off_and_on_again_from_the_list(staff_client, shop):
    discount = DiscountFactory(shop=shop, name="Wiosna")

    response = staff_client.post(toggle_url(discount), {"active": "0", "next": f"{LIST}?q=w"})
    assert response.status_code == 302 and response.url == f"{LIST}?q=w"
    assert not in_shop(shop, lambda: Discount.objects.get(pk=discount.pk).is_active)
    page = staff_client.get(LIST).content.decode()
    assert "The discount “Wiosna” is switched off." in page

    staff_client.post(toggle_url(discount), {"active": "1"})
    assert in_shop(shop, lambda: Discount.objects.get(pk=discount.pk).is_active)
    assert len(audit(shop, "discount.deactivated")) == len(audit(shop, "discount.activated")) == 1
    assert staff_client.get(toggle_url(discount)).status_code == 405  # POST only


def test_deleting_asks_first_naming_the_discount_and_who_holds_its_coupons(staff_client, shop):
    discount = DiscountFactory(shop=shop, name="Wiosna", value=Decimal("12"))
    coupon = CouponFactory(shop=shop, discount=discount, code="WIOSNA")
    with shop_context(shop):
        for number in range(3):
            customer = CustomerFactory(shop=shop, email=f"holder{number}@example.com")
            CouponAssignment.objects.create(shop=shop, coupon=coupon, customer=customer)

    page = plain_text(staff_client.get(delete_url(discount)).content.decode())
    assert "Delete the discount “Wiosna”?" in page
    assert "Discount 12 % Applies to whole catalogue" in page
    assert (
        "Its coupon WIOSNA is deleted with it. "
        "3 customers hold a code of this discount and will lose it."
    ) in page
    assert in_shop(shop, lambda: Discount.objects.filter(pk=discount.pk).exists())

    response = staff_client.post(delete_url(discount), follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert "Deleted the discount “Wiosna”." in response.content.decode()
    with shop_context(shop):
        assert not Discount.objects.filter(pk=discount.pk).exists()
        assert not Coupon.objects.filter(pk=coupon.pk).exists()
    assert audit(shop, "discount.deleted") == [
        {"target_id": str(discount.pk), "data": {"name": "Wiosna"}}
    ]


def test_deleting_a_discount_without_coupons_says_nothing_of_coupons(staff_client, shop):
    discount = DiscountFactory(shop=shop, name="Bez kodu")
    page = staff_client.get(delete_url(discount)).content.decode()
    assert "Delete the discount “Bez kodu”?" in page and 'data-testid="coupon-holders"' not in page


# --- Other shops and other roles ----------------------------------------------------------------


def test_another_shops_discount_is_not_found_and_stays_as_it_was(staff_client, other_shop):
    theirs = discount_data_of(other_shop).discount
    requests = [
        ("get", edit_url(theirs), {}),
        ("post", edit_url(theirs), form(name="Taken over", value="99")),
        ("post", toggle_url(theirs), {"active": "0"}),
        ("get", delete_url(theirs), {}),
        ("post", delete_url(theirs), {}),
    ]
    for method, url, data in requests:
        assert getattr(staff_client, method)(url, data).status_code == 404, (method, url)
    with shop_context(other_shop):
        theirs_now = Discount.objects.get(pk=theirs.pk)
        assert (theirs_now.name, theirs_now.value, theirs_now.is_active) == (
            theirs.name,
            theirs.value,
            True,
        )
        assert Coupon.objects.filter(discount=theirs).count() == 1
        assert AuditEvent.objects.filter(action__startswith="discount.").count() == 0


def test_staff_without_manage_discounts_are_refused_every_page(support_client, shop):
    discount = DiscountFactory(shop=shop, name="Wiosna")
    requests = [
        ("get", LIST, {}),
        ("get", CREATE, {}),
        ("post", CREATE, form()),
        ("get", edit_url(discount), {}),
        ("post", edit_url(discount), form(name="Changed")),
        ("post", toggle_url(discount), {"active": "0"}),
        ("get", delete_url(discount), {}),
        ("post", delete_url(discount), {}),
    ]
    for method, url, data in requests:
        assert getattr(support_client, method)(url, data).status_code == 403, (method, url)
    with shop_context(shop):
        assert list(Discount.objects.values_list("name", "is_active")) == [("Wiosna", True)]


def test_the_services_refuse_another_shops_rows_too(shop, other_shop, owner):
    theirs = discount_data_of(other_shop)
    for_their_group = DiscountData(
        name="X",
        kind="percent",
        value=Decimal("5"),
        audience="groups",
        groups=(other_shop.demo.group,),
    )
    on_their_product = DiscountData(
        name="X",
        kind="percent",
        value=Decimal("5"),
        scope="products",
        products=(other_shop.demo.product,),
    )
    everything = DiscountData(name="X", kind="percent", value=Decimal("5"))
    with shop_context(shop):
        refused = [
            lambda: create_discount(shop=shop, actor=owner, data=for_their_group),
            lambda: create_discount(shop=shop, actor=owner, data=on_their_product),
            lambda: update_discount(
                shop=shop, actor=owner, discount=theirs.discount, data=everything
            ),
            lambda: set_discount_active(
                shop=shop, actor=owner, discount=theirs.discount, active=False
            ),
            lambda: delete_discount(shop=shop, actor=owner, discount=theirs.discount),
            lambda: delete_pricing_template(shop=shop, actor=owner, template=theirs.template),
        ]
        for call in refused:
            with pytest.raises(PermissionDeniedForShop):
                call()
        assert not Discount.objects.filter(shop=shop).exists()
