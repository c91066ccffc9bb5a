"""Money in one place (shopadmin/money.py): a currency's decimals come from Babel's data, and
every page, CSV file and message of a shop writes its amounts with them. A yen shop sees
whole yen everywhere, a zloty shop two decimals."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from shopadmin.models import Shop
from shopadmin.money import format_amount, format_money, minor_unit, round_money
from tests.helpers import latest_job, set_stats


@pytest.mark.parametrize(
    ("currency", "amount", "rounded", "written"),
    [
        ("PLN", "1500", "1500.00", "1,500.00 PLN"),
        ("PLN", "0.005", "0.01", "0.01 PLN"),  # half up
        ("JPY", "1500.50", "1501", "1,501 JPY"),
        ("KWD", "2.0005", "2.001", "2.001 KWD"),
        ("XYZ", "3.456", "3.46", "3.46 XYZ"),  # an unknown code has two decimals
    ],
)
def test_an_amount_is_rounded_half_up_to_the_currency_and_written_with_its_decimals(
    currency, amount, rounded, written
):
    with translation.override("en"):
        assert str(round_money(Decimal(amount), currency)) == rounded
        assert format_money(Decimal(amount), currency) == written
    assert minor_unit("JPY") == Decimal("1") and minor_unit("PLN") == Decimal("0.01")


def test_an_amount_is_grouped_the_way_the_active_language_writes_numbers():
    with translation.override("pl"):
        assert format_amount(Decimal("1234567.891"), "PLN") == "1\xa0234\xa0567,89"
    with translation.override("fr"):
        assert format_amount(Decimal("1234.5"), "EUR") == "1\xa0234,50"


def in_yen(shop):
    Shop.objects.filter(pk=shop.pk).update(currency="JPY")
    shop.refresh_from_db()
    set_stats(
        shop,
        shop.demo.customer,
        orders_value_gross=Decimal("1500.00"),
        orders_value_net=Decimal("1220.00"),
    )
    return shop


def test_a_yen_shop_sees_whole_yen_on_the_list_and_the_card(staff_client, shop):
    in_yen(shop)
    listed = staff_client.get(reverse("staff:customer_list")).content.decode()
    assert ">1,500<" in listed and "1,500.00" not in listed
    card = staff_client.get(reverse("staff:customer_card", args=[shop.demo.customer.pk]))
    assert "1,500 JPY" in card.content.decode() and "1,500.00" not in card.content.decode()


def test_a_yen_shops_csv_has_whole_yen(
    staff_client, shop, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    in_yen(shop)
    data = {
        "action": "export",
        "scope": "selected",
        "ids": [shop.demo.customer.pk],
        "query": "",
        "columns": "all",
    }
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("staff:customer_bulk"), data)
    job = latest_job(shop)
    response = staff_client.get(reverse("staff:job_download", args=[job.pk]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert (rows[0]["Orders value"], rows[0]["Net value"]) == ("1500", "1220")
