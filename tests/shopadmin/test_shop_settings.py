"""The shop's settings page: owners change the shop, registration, assisted login, orders and
email settings, each change audited with before and after; a currency change of a shop with
orders is refused with the reason; bad values are answered in words; others may not."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from shopadmin.models import Shop
from shopadmin.services import add_staff_member
from shopadmin.tenancy import shop_context
from tests.factories import PASSWORD, CustomerGroupFactory
from tests.helpers import audit, pdf_text, plain_text

URL = "/staff/settings/"


def words(response) -> str:
    return plain_text(response.content.decode())


def settings_of(shop, **values) -> dict:
    data = {
        "name": shop.name,
        "address": "ul. Piotrkowska 12\n90-001 Łódź",
        "domain": "",
        "currency": "PLN",
        "language": "pl",
        "time_zone": "Europe/Warsaw",
        "registration_groups": "several",
        "registration_confirms_email": "on",
        "assisted_login_needs_consent": "on",
        "assisted_login_minutes": "20",
        "orders_go_to_account_manager": "on",
        "email_sender_name": "Sklep Łódź",
        "email_sender_address": "sklep@lodz.example",
        "email_reply_to": "pomoc@lodz.example",
        "email_footer": "Dziękujemy za zakupy!",
    }
    data.update(values)
    return {name: value for name, value in data.items() if value is not None}


def fresh(shop) -> Shop:
    return Shop.objects.get(pk=shop.pk)


def test_an_owner_changes_every_section_and_each_change_is_audited(staff_client, shop):
    page = staff_client.get(URL)
    assert page.status_code == 200
    for section in ["The shop", "Registration", "Logging in as a customer", "Orders", "Email"]:
        assert section in words(page)
    saved = staff_client.post(URL, settings_of(shop, time_zone="Europe/Rome"), follow=True)
    assert "The settings are saved." in words(saved)
    shop = fresh(shop)
    assert (shop.language, shop.time_zone, shop.assisted_login_minutes) == ("pl", "Europe/Rome", 20)
    assert shop.registration_offers_groups and shop.customers_may_choose_several_groups
    assert shop.registration_confirms_email and shop.email_reply_to == "pomoc@lodz.example"
    [event] = audit(shop, "shop.settings_changed")
    assert event["data"]["changed"]["time_zone"] == ["Europe/Warsaw", "Europe/Rome"]
    assert event["data"]["changed"]["language"] == ["en", "pl"]


@pytest.mark.parametrize("role", ["manager", "support"])
def test_only_owners_see_and_change_the_settings(shop, role):
    user, _created = add_staff_member(
        shop=shop, email=f"{role}@sklep.example", role=role, password=PASSWORD
    )
    client = Client()
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, settings_of(shop, name="Przejęty")).status_code == 403
    assert fresh(shop).name == shop.name
    assert "Settings</a>" not in client.get("/staff/").content.decode()


def test_the_currency_of_a_shop_with_orders_stays(staff_client, shop):
    page = staff_client.post(URL, settings_of(shop, currency="EUR"))
    assert "The currency stays PLN: the shop has orders in it" in words(page)
    assert fresh(shop).currency == "PLN"


def test_the_currency_of_a_shop_without_orders_changes(staff_client, shop):
    with shop_context(shop):
        type(shop.demo.order).objects.filter(shop=shop).delete()
    staff_client.post(URL, settings_of(shop, currency="eur"))
    assert fresh(shop).currency == "EUR"


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"currency": "zł"}, "Ensure this value has at least 3 characters (it has 2)."),
        ({"currency": "E1R"}, "Use a three-letter ISO 4217 code."),
        ({"domain": "http://sklep.pl/"}, "Give a domain name such as sklep.example.pl."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice. Mars/Olympus is not one of"),
        ({"assisted_login_minutes": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"assisted_login_minutes": "9999"}, "Ensure this value is less than or equal to 240."),
        ({"assisted_login_minutes": "1e3"}, "Enter a whole number."),
        ({"email_sender_address": "nie-adres"}, "Enter a valid email address."),
        ({"language": "de"}, "Select a valid choice. de is not one of the available choices."),
        ({"name": "Sklep\x00"}, "Null characters are not allowed."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_values_are_answered_in_words_and_nothing_changes(staff_client, shop, values, said):
    page = staff_client.post(URL, settings_of(shop, **values))
    assert page.status_code == 200
    assert said in words(page)
    assert fresh(shop).address == ""


def test_a_domain_another_shop_uses_is_refused(staff_client, shop, other_shop):
    Shop.objects.filter(pk=other_shop.pk).update(domain="inny.example.pl")
    page = staff_client.post(URL, settings_of(shop, domain="INNY.example.pl"))
    assert "The domain “inny.example.pl” is already in use." in words(page)
    assert fresh(shop).domain is None


@pytest.mark.parametrize(
    ("choice", "offered", "kind"),
    [("none", False, None), ("one", True, "radio"), ("several", True, "checkbox")],
)
def test_registration_offers_no_one_or_several_groups(staff_client, shop, choice, offered, kind):
    CustomerGroupFactory(shop=shop, name="Detal", tag_label="Detal", self_selectable=True)
    staff_client.post(URL, settings_of(shop, registration_groups=choice))
    form = Client().get(f"/s/{shop.slug}/account/register/").content.decode()
    assert ('name="groups"' in form) is offered
    if kind:
        assert f'type="{kind}" name="groups"' in form


def test_emails_come_from_the_shops_sender_with_its_reply_to_and_footer(
    staff_client, shop, django_capture_on_commit_callbacks
):
    staff_client.post(URL, settings_of(shop, language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(f"/staff/customers/{shop.demo.customer.pk}/password-reset/")
    [message] = mail.outbox
    assert message.from_email == "Sklep Łódź <sklep@lodz.example>"
    assert message.reply_to == ["pomoc@lodz.example"]
    assert message.body.endswith("-- \nDziękujemy za zakupy!\nul. Piotrkowska 12\n90-001 Łódź\n")


def test_the_customer_card_pdf_prints_the_shops_address(staff_client, shop):
    staff_client.post(URL, settings_of(shop, language="en"))
    pdf = staff_client.get(f"/staff/customers/{shop.demo.customer.pk}/card.pdf")
    assert "ul. Piotrkowska 12" in pdf_text(pdf.content)


def test_staff_pages_tell_the_time_in_the_shops_zone(staff_client, shop):
    with shop_context(shop):
        type(shop.demo.order).objects.filter(pk=shop.demo.order.pk).update(
            placed_at="2026-03-05T23:30:00Z", gross=Decimal("123.00")
        )
    staff_client.post(URL, settings_of(shop, language="en", time_zone="America/New_York"))
    page = words(staff_client.get(f"/staff/orders/{shop.demo.order.pk}/"))
    # 23:30 UTC is 6:30 p.m. in New York, on the same day.
    assert "03/05/2026 6:30 p.m." in page


def test_the_back_offices_own_host_is_no_shops_domain(staff_client, shop, settings):
    settings.SITE_URL = "https://admin.shopadmin.example"
    page = staff_client.post(URL, settings_of(shop, domain="admin.shopadmin.example"))
    assert "That domain is the back-office's own; choose the shop's." in words(page)
    assert fresh(shop).domain is None


@pytest.mark.parametrize("field", ["name", "email_sender_name"])
def test_a_name_for_email_headers_keeps_to_one_line(staff_client, shop, field):
    page = staff_client.post(URL, settings_of(shop, **{field: "Sklep\nBcc: x@evil.example"}))
    assert "Use one line, without line breaks or tabs." in words(page)
    assert fresh(shop).address == ""
