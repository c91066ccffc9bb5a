"""The customer's account on the storefront: overview, orders, points, details, password,
email, groups and privacy. Each page shows the logged-in customer's own rows only; anyone
else (nobody, another shop's customer) is sent to this shop's login."""

import json
import re
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from customers.models import Customer, CustomerStanding
from groups.models import GroupMembership, GroupRequest
from loyalty.models import PointsEntry
from shopadmin.models import User
from shopadmin.tenancy import shop_context
from tests.conftest import SENTINEL
from tests.factories import (
    PASSWORD,
    CustomerFactory,
    CustomerGroupFactory,
    GroupMembershipFactory,
    OrderFactory,
    OrderLineFactory,
)
from tests.helpers import audit, plain_text

BASE = "/s/sklep-testowy/account/"
NEW_PASSWORD = "Jablonowa-88-sad"

PAGES = [
    "",
    "orders/",
    "points/",
    "details/",
    "details/password/",
    "details/email/",
    "groups/",
    "privacy/",
]


def words(response) -> str:
    """What the page says: its text without the tags."""
    return plain_text(response.content.decode())


def log_in_as(client, shop, customer) -> None:
    with shop_context(shop):  # logging in writes the login's last_login, a row of the shop
        client.force_login(customer.user)


def fresh(shop, customer) -> Customer:
    with shop_context(shop):
        return Customer.objects.select_related("user", "standing").get(pk=customer.pk)


@pytest.fixture
def customer_client(client, shop, other_shop):
    """Shop A's customer (in group "Group Alpha", with order SKLEP-TE-1), logged in."""
    log_in_as(client, shop, shop.demo.customer)
    return client


# --- Who may see the account ----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_every_account_page_is_the_customers_own_and_nobody_elses(client, shop, other_shop, page):
    # Nobody logged in: the login page.
    assert client.get(BASE + page)["Location"] == "/s/sklep-testowy/account/login/"
    # A customer of the other shop is nobody here, whatever their session says.
    log_in_as(client, other_shop, other_shop.demo.customer)
    assert client.get(BASE + page)["Location"] == "/s/sklep-testowy/account/login/"
    # On their own shop's pages they see their own, and nothing of shop A.
    own = client.get(f"/s/other-shop/account/{page}")
    assert own.status_code == 200
    assert "Alpha" not in words(own)
    # And shop A's customer sees no sentinel of shop B.
    log_in_as(client, shop, shop.demo.customer)
    mine = client.get(BASE + page)
    assert mine.status_code == 200
    assert SENTINEL not in mine.content.decode()


def test_another_shops_domain_is_not_this_shops_account(client, shop, other_shop, settings):
    settings.ALLOWED_HOSTS = ["b.example"]
    with shop_context(other_shop):
        other_shop.domain = "b.example"
        other_shop.save(update_fields=["domain"])
    log_in_as(client, shop, shop.demo.customer)
    response = client.get(BASE, HTTP_HOST="b.example")
    assert response.status_code == 404  # on shop B's domain, /s/<A>/ is not shop A


def test_a_customer_blocked_meanwhile_is_logged_out(customer_client, shop):
    with shop_context(shop):
        CustomerStanding.objects.filter(customer=shop.demo.customer).update(status="blocked")
    page = customer_client.get(BASE + "orders/", follow=True)
    assert "This account is blocked. Please contact the shop." in words(page)
    assert "_auth_user_id" not in customer_client.session


# --- Overview, orders, points ------------------------------------------------------------


def test_the_overview_shows_groups_pending_ones_points_manager_and_orders(customer_client, shop):
    customer = shop.demo.customer
    wholesale = CustomerGroupFactory(
        shop=shop, name="Hurt", tag_label="Hurt", self_selectable=True, needs_approval=True
    )
    with shop_context(shop):
        GroupRequest.objects.create(shop=shop, customer=customer, group=wholesale)
        CustomerStanding.objects.filter(customer=customer).update(points_balance=1250)
        Customer.objects.filter(pk=customer.pk).update(account_manager=shop.demo.owner)
    page = words(customer_client.get(BASE))
    assert "Your groups Tag Alpha Hurt waiting for approval" in page
    assert "Loyalty points 1,250" in page
    assert f"Your account manager Owner Alpha · {shop.demo.owner.email}" in page
    assert "SKLEP-TE-1" in page  # the latest orders


def test_the_orders_are_paged_newest_first_and_each_opens(customer_client, shop, other_shop):
    customer = shop.demo.customer
    for n in range(21):
        OrderFactory(shop=shop, customer=customer, number=f"A-{n:03d}", placed_at=_day(n))
    first = words(customer_client.get(BASE + "orders/"))
    assert first.index("SKLEP-TE-1") < first.index("A-020") < first.index("A-019")
    assert "Page 1 of 2" in first and "A-001" not in first
    second = words(customer_client.get(BASE + "orders/?page=2"))
    assert "A-001 Jan. 2, 2026 new 123.00 PLN A-000 Jan. 1, 2026" in second
    # Hostile page numbers show a page, never an error.
    for value in ["abc", "-1", "0", "99999999999999999999", "1e9", "%00"]:
        assert customer_client.get(BASE + "orders/", {"page": value}).status_code == 200


def test_an_order_page_shows_lines_prices_and_totals(customer_client, shop):
    order = OrderFactory(
        shop=shop,
        customer=shop.demo.customer,
        number="A-777",
        net=Decimal("180.00"),
        tax=Decimal("41.40"),
        gross=Decimal("221.40"),
        discount_total=Decimal("20.00"),
    )
    OrderLineFactory(
        shop=shop,
        order=order,
        sku="KAW-1",
        name="Kawa ziarnista",
        quantity=2,
        list_price_net=Decimal("100.00"),
        unit_price_net=Decimal("90.00"),
        line_net=Decimal("180.00"),
        line_tax=Decimal("41.40"),
        line_gross=Decimal("221.40"),
    )
    page = words(customer_client.get(f"{BASE}orders/{order.pk}/"))
    assert "Order A-777" in page
    assert "Kawa ziarnista KAW-1 2 list price 100.00 PLN 90.00 PLN 23 % 221.40 PLN" in page
    assert "Discount −20.00 PLN Net 180.00 PLN VAT 41.40 PLN Total 221.40 PLN" in page


def test_another_customers_order_is_not_found(customer_client, shop, other_shop):
    neighbour = CustomerFactory(shop=shop, email="sasiad@example.com")
    theirs = OrderFactory(shop=shop, customer=neighbour, number="THEIRS-1")
    for order in (theirs, other_shop.demo.order):
        assert customer_client.get(f"{BASE}orders/{order.pk}/").status_code == 404
    assert customer_client.get(f"{BASE}orders/999999999/").status_code == 404


def test_the_points_page_lists_the_ledger_and_the_balance(customer_client, shop):
    customer, order = shop.demo.customer, shop.demo.order
    with shop_context(shop):
        PointsEntry.objects.create(
            shop=shop, customer=customer, delta=120, reason="Order points", order=order
        )
        PointsEntry.objects.create(shop=shop, customer=customer, delta=-20, reason="Gift card")
        CustomerStanding.objects.filter(customer=customer).update(points_balance=100)
    page = words(customer_client.get(BASE + "points/"))
    assert "You have 100 points." in page
    assert "Gift card — -20" in page
    assert f"Order points {order.number} +120" in page


# --- Details, password, email ------------------------------------------------------------


def details(**values) -> dict:
    data = {
        "first_name": "Anna",
        "last_name": "Nowak",
        "company_name": "Nowak Sp. z o.o.",
        "vat_number": "PL 526-000-12-46",
        "phone": "+48 600 100 200",
        "street": "Piotrkowska 12",
        "postal_code": "90-001",
        "city": "Łódź",
        "country": "PL",
        "newsletter": "on",
    }
    return {**data, **values}


def test_a_customer_edits_their_details_and_the_change_is_audited(customer_client, shop):
    page = customer_client.post(BASE + "details/", details(), follow=True)
    assert "Your details are saved." in words(page)
    customer = fresh(shop, shop.demo.customer)
    assert (customer.last_name, customer.city, customer.vat_number) == (
        "Nowak",
        "Łódź",
        "PL5260001246",
    )
    assert customer.newsletter and customer.newsletter_consent_at is not None
    [event] = audit(shop, "customer.updated")
    assert event["data"]["by"] == "customer"
    assert event["data"]["changed"]["last_name"] == ["Kowalska", "Nowak"]


@pytest.mark.parametrize(
    ("values", "said"),
    [
        (
            {"first_name": "", "last_name": "", "company_name": ""},
            "Give your name or your company's.",
        ),
        ({"country": "XX"}, "Select a valid choice. XX is not one of the available choices."),
        ({"country": "P<"}, "Select a valid choice."),
        ({"vat_number": "PL<script>"}, "A VAT number has letters, digits, spaces and dashes only."),
        ({"city": "Ł" * 121}, "Ensure this value has at most 120 characters (it has 121)."),
        ({"first_name": "Anna\x00"}, "Null characters are not allowed."),
        ({"vat_number": "- -"}, "A VAT number has letters or digits."),
    ],
)
def test_bad_details_are_refused_in_words_and_nothing_changes(customer_client, shop, values, said):
    page = customer_client.post(BASE + "details/", details(**values))
    assert page.status_code == 200
    assert said in words(page)
    assert fresh(shop, shop.demo.customer).last_name == "Kowalska"


def test_the_password_changes_only_with_the_current_one(customer_client, shop):
    url = BASE + "details/password/"
    wrong = customer_client.post(
        url,
        {
            "current_password": "not-it",
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert "Your current password is not right." in words(wrong)
    weak = customer_client.post(
        url, {"current_password": PASSWORD, "new_password": "123", "new_password_again": "123"}
    )
    assert "This password is too short." in words(weak)
    done = customer_client.post(
        url,
        {
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
        follow=True,
    )
    assert "Your new password is set." in words(done)
    assert customer_client.get(BASE).status_code == 200  # still logged in
    with shop_context(shop):
        user = User.objects.get(pk=shop.demo.customer.user_id)
    assert user.check_password(NEW_PASSWORD)
    assert len(audit(shop, "customer.password_changed")) == 1


def confirmation_link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).replace("http://testserver", "")


def ask_for_new_email(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(BASE + "details/email/", {"email": email}, follow=True)


def follow(client, link, django_capture_on_commit_callbacks):
    """Open the emailed link, then press its button (opening alone changes nothing)."""
    page = client.get(link)
    assert page.status_code == 200 and "Confirm" in words(page)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(link, follow=True)


def test_a_new_email_is_used_once_its_link_is_followed(
    customer_client, shop, django_capture_on_commit_callbacks
):
    page = ask_for_new_email(
        customer_client, "Anna.Nowa@Poczta.example", django_capture_on_commit_callbacks
    )
    assert "We have sent a link to anna.nowa@poczta.example." in words(page)
    assert fresh(shop, shop.demo.customer).email == "c@sklep-testowy.example"  # not yet
    [message] = mail.outbox
    assert message.to == ["anna.nowa@poczta.example"]
    link = confirmation_link(message)
    customer_client.get(link)  # a mail scanner opening the link changes nothing
    assert fresh(shop, shop.demo.customer).email == "c@sklep-testowy.example"

    done = follow(customer_client, link, django_capture_on_commit_callbacks)
    assert "Your email is now anna.nowa@poczta.example. Log in with it." in words(done)
    customer = fresh(shop, shop.demo.customer)
    assert customer.email == customer.user.email == "anna.nowa@poczta.example"
    assert customer.pending_email == ""
    notice = mail.outbox[-1]  # the old address is told
    assert notice.to == ["c@sklep-testowy.example"]
    assert "now uses the address anna.nowa@poczta.example" in notice.body
    again = follow(customer_client, link, django_capture_on_commit_callbacks)
    assert "This link has been used already: the address is changed." in words(again)


def test_only_the_latest_link_works_and_never_twice(
    customer_client, shop, django_capture_on_commit_callbacks
):
    # A typo first, then the right address: the typo's link no longer works.
    ask_for_new_email(customer_client, "typo@strangr.example", django_capture_on_commit_callbacks)
    ask_for_new_email(customer_client, "anna@praca.example", django_capture_on_commit_callbacks)
    typo, work = (confirmation_link(message) for message in mail.outbox)
    stale = follow(customer_client, typo, django_capture_on_commit_callbacks)
    assert "This link is no longer valid: a newer one was sent" in words(stale)
    follow(customer_client, work, django_capture_on_commit_callbacks)
    # Back to the first address: the link to the work address, kept by its mailbox, is spent.
    ask_for_new_email(
        customer_client, "c@sklep-testowy.example", django_capture_on_commit_callbacks
    )
    follow(customer_client, confirmation_link(mail.outbox[-1]), django_capture_on_commit_callbacks)
    assert fresh(shop, shop.demo.customer).email == "c@sklep-testowy.example"
    replay = follow(Client(), work, django_capture_on_commit_callbacks)
    assert "This link is no longer valid" in words(replay)
    assert fresh(shop, shop.demo.customer).email == "c@sklep-testowy.example"


def test_an_email_link_that_expired_or_was_forged_says_so(
    customer_client, shop, other_shop, monkeypatch, django_capture_on_commit_callbacks
):
    four_days_ago = time.time() - 4 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: four_days_ago)
    ask_for_new_email(customer_client, "nowy@example.com", django_capture_on_commit_callbacks)
    monkeypatch.undo()
    link = confirmation_link(mail.outbox[0])
    expired = follow(customer_client, link, django_capture_on_commit_callbacks)
    assert "This link has expired." in words(expired)
    garbage = follow(
        customer_client, BASE + "email/not-a-token/", django_capture_on_commit_callbacks
    )
    assert "This link is not valid in this shop." in words(garbage)
    # A link made by shop A does nothing in shop B.
    token = link.rstrip("/").rsplit("/", 1)[1]
    in_b = follow(
        customer_client, f"/s/other-shop/account/email/{token}/", django_capture_on_commit_callbacks
    )
    assert "This link is not valid in this shop." in words(in_b)
    # Signed by the shop but of a shape it never makes: no link either, no error.
    for payload in (["x"], {"c": "abc", "e": "x@example.com"}, {"c": 1, "e": 5}, {"c": [1]}):
        odd = signing.dumps(payload, salt=f"customers.tokens.change.{shop.pk}")
        page = follow(customer_client, BASE + f"email/{odd}/", django_capture_on_commit_callbacks)
        assert "This link is not valid in this shop." in words(page)
    assert fresh(shop, shop.demo.customer).email == "c@sklep-testowy.example"


def test_an_email_taken_in_this_shop_is_refused_without_naming_anyone(customer_client, shop):
    CustomerFactory(shop=shop, email="zajety@example.com", first_name="Zenon")
    page = words(customer_client.post(BASE + "details/email/", {"email": "ZAJETY@example.com"}))
    assert "This email cannot be used in this shop. Choose another one." in page
    assert "Zenon" not in page
    own = words(customer_client.post(BASE + "details/email/", {"email": "c@sklep-testowy.example"}))
    assert "That is your address already." in own
    assert mail.outbox == []


# --- Groups ------------------------------------------------------------------------------


@pytest.fixture
def choosable(shop):
    with shop_context(shop):
        shop.customers_may_choose_several_groups = True
        shop.save(update_fields=["customers_may_choose_several_groups"])
    retail = CustomerGroupFactory(shop=shop, name="Detal", tag_label="Detal", self_selectable=True)
    wholesale = CustomerGroupFactory(
        shop=shop, name="Hurt", tag_label="Hurt", self_selectable=True, needs_approval=True
    )
    return retail, wholesale


def group_state(shop, customer) -> tuple[set, set]:
    with shop_context(shop):
        members = GroupMembership.objects.filter(customer=customer)
        waiting = GroupRequest.objects.filter(customer=customer)
        return (
            set(members.values_list("group__name", flat=True)),
            set(waiting.values_list("group__name", flat=True)),
        )


def test_a_customer_joins_asks_leaves_and_keeps_the_groups_staff_gave(
    customer_client, shop, choosable
):
    retail, wholesale = choosable
    customer = shop.demo.customer
    page = customer_client.post(
        BASE + "groups/", {"groups": [retail.pk, wholesale.pk]}, follow=True
    )
    said = words(page)
    assert "You joined: Detal." in said
    assert "Hurt: the shop approves this group first" in said
    assert group_state(shop, customer) == ({"Group Alpha", "Detal"}, {"Hurt"})
    assert "Given by the shop Tag Alpha" in said  # staff's group: shown, not offered to leave
    assert "Hurt waiting for approval" in said

    page = customer_client.post(BASE + "groups/", {"groups": []}, follow=True)
    assert "You left: Detal, Hurt." in words(page)
    assert group_state(shop, customer) == ({"Group Alpha"}, set())
    [joined, left] = audit(shop, "customer.groups_chosen")
    assert joined["data"]["joined"] == [retail.pk] and left["data"]["withdrawn"] == [wholesale.pk]


def test_a_forged_group_in_the_account_is_refused(customer_client, shop, other_shop, choosable):
    not_offered = shop.demo.group  # staff's group: not self-selectable
    for forged in (not_offered.pk, other_shop.demo.group.pk, 10**20):
        page = customer_client.post(BASE + "groups/", {"groups": [forged]})
        said = f"Select a valid choice. {forged} is not one of the available choices."
        assert said in words(page)
    page = customer_client.post(BASE + "groups/", {"groups": ["abc"]})
    assert "“abc” is not a valid value." in words(page)
    assert group_state(shop, shop.demo.customer) == ({"Group Alpha"}, set())


def test_in_a_one_group_shop_the_customer_switches_or_leaves(customer_client, shop, choosable):
    retail, wholesale = choosable
    with shop_context(shop):
        shop.customers_may_choose_several_groups = False
        shop.save(update_fields=["customers_may_choose_several_groups"])
    customer_client.post(BASE + "groups/", {"groups": retail.pk})
    two = customer_client.post(BASE + "groups/", {"groups": [retail.pk, wholesale.pk]})
    assert "Choose one group." in words(two)
    customer_client.post(BASE + "groups/", {"groups": wholesale.pk})
    assert group_state(shop, shop.demo.customer) == ({"Group Alpha"}, {"Hurt"})
    page = words(customer_client.get(BASE + "groups/"))
    assert "None of these" in page
    customer_client.post(BASE + "groups/", {"groups": ""})
    assert group_state(shop, shop.demo.customer) == ({"Group Alpha"}, set())


def test_a_self_selectable_group_staff_gave_cannot_be_left(customer_client, shop, choosable):
    retail, _wholesale = choosable
    GroupMembershipFactory(shop=shop, customer=shop.demo.customer, group=retail, source="staff")
    customer_client.post(BASE + "groups/", {"groups": []})
    assert "Detal" in group_state(shop, shop.demo.customer)[0]


# --- Privacy -------------------------------------------------------------------------------


def test_the_assisted_login_consent_is_given_and_withdrawn_with_its_date(customer_client, shop):
    page = words(customer_client.get(BASE + "privacy/"))
    assert "Not given." in page
    given = words(
        customer_client.post(BASE + "privacy/", {"assisted_login_consent": "on"}, follow=True)
    )
    assert "The shop's staff may now log in to your account." in given
    assert "Given on " in given
    customer = fresh(shop, shop.demo.customer)
    assert customer.assisted_login_consent and customer.assisted_login_consent_at is not None
    withdrawn = words(customer_client.post(BASE + "privacy/", {}, follow=True))
    assert "The shop's staff may no longer log in to your account." in withdrawn
    assert "Withdrawn on " in withdrawn
    assert not fresh(shop, shop.demo.customer).assisted_login_consent
    assert len(audit(shop, "customer.assisted_login_consent")) == 2
    # Staff see it on the card, with the date.
    staff = Client()
    staff.force_login(shop.demo.owner)
    card = words(staff.get(f"/staff/customers/{shop.demo.customer.pk}/"))
    assert "Assisted login no consent (changed on " in card


def test_the_customer_downloads_their_own_data_as_json_and_csv(customer_client, shop, other_shop):
    customer, order = shop.demo.customer, shop.demo.order
    with shop_context(shop):
        PointsEntry.objects.create(
            shop=shop, customer=customer, delta=50, reason="=HYPERLINK(1)", order=order
        )
    OrderFactory(shop=shop, customer=CustomerFactory(shop=shop), number="NOT-MINE")
    response = customer_client.post(BASE + "privacy/data.json")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["details"]["email"] == "c@sklep-testowy.example"
    assert data["groups"] == ["Group Alpha"]
    assert [o["number"] for o in data["orders"]] == [order.number]
    assert data["orders"][0]["lines"][0]["name"] == "Product Alpha"
    assert data["points"][0]["delta"] == 50
    csv_body = customer_client.post(BASE + "privacy/data.csv").content.decode("utf-8-sig")
    assert "c@sklep-testowy.example" in csv_body and order.number in csv_body
    assert "'=HYPERLINK(1)" in csv_body  # never a formula in a spreadsheet
    for body in (response.content.decode(), csv_body):
        assert SENTINEL not in body and "NOT-MINE" not in body
    assert customer_client.get(BASE + "privacy/data.json").status_code == 405
    assert customer_client.post(BASE + "privacy/data.xml").status_code == 404


def _day(n: int) -> datetime:
    return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=n)


@pytest.mark.parametrize("page", ["", "orders/", "points/", "groups/"])
def test_an_account_page_costs_the_same_queries_for_few_or_many_rows(customer_client, shop, page):
    customer = shop.demo.customer

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert customer_client.get(BASE + page).status_code == 200
        return len(captured)

    def add_rows(count: int, start: int = 0) -> None:
        for n in range(start, start + count):
            order = OrderFactory(shop=shop, customer=customer, number=f"M-{n:03d}")
            with shop_context(shop):
                PointsEntry.objects.create(
                    shop=shop, customer=customer, delta=5, reason="Order points", order=order
                )
            group = CustomerGroupFactory(shop=shop, name=f"G{n}")
            GroupMembershipFactory(shop=shop, customer=customer, group=group)

    add_rows(1)  # one of each: an empty page needs no query for its rows
    few = queries()
    add_rows(30, start=1)
    assert queries() == few


def test_a_request_for_a_group_no_longer_offered_is_not_withdrawn_unseen(
    customer_client, shop, choosable
):
    retail, wholesale = choosable
    customer_client.post(BASE + "groups/", {"groups": [wholesale.pk]})
    with shop_context(shop):  # staff stop offering it; the request still waits for them
        type(wholesale).objects.filter(pk=wholesale.pk).update(self_selectable=False)
    customer_client.post(BASE + "groups/", {"groups": [retail.pk]})
    assert group_state(shop, shop.demo.customer) == ({"Group Alpha", "Detal"}, {"Hurt"})


def test_a_country_the_list_does_not_name_is_kept_and_a_company_needs_no_name(
    customer_client, shop
):
    with shop_context(shop):
        Customer.objects.filter(pk=shop.demo.customer.pk).update(
            country="UK", first_name="", last_name="", company_name="Firma Sp. z o.o."
        )
    form = customer_client.get(BASE + "details/").content.decode()
    assert '<option value="UK" selected>UK</option>' in form
    saved = customer_client.post(
        BASE + "details/",
        details(first_name="", last_name="", company_name="Firma Sp. z o.o.", country="UK"),
        follow=True,
    )
    assert "Your details are saved." in words(saved)
    customer = fresh(shop, shop.demo.customer)
    assert (customer.country, customer.first_name, customer.newsletter) == ("UK", "", True)


def test_guessing_the_current_password_is_limited(customer_client, shop, settings):
    settings.STOREFRONT_RATES = {**settings.STOREFRONT_RATES, "change_password": ("20/h", "2/h")}
    wrong = {
        "current_password": "x",
        "new_password": NEW_PASSWORD,
        "new_password_again": NEW_PASSWORD,
    }
    for _attempt in range(2):
        customer_client.post(BASE + "details/password/", wrong)
    right = {**wrong, "current_password": PASSWORD}
    page = words(customer_client.post(BASE + "details/password/", right))
    assert "Too many attempts. Please wait an hour and try again." in page
    with shop_context(shop):
        assert User.objects.get(pk=shop.demo.customer.user_id).check_password(PASSWORD)


def test_a_group_name_is_never_a_formula_in_the_csv(customer_client, shop):
    with shop_context(shop):
        type(shop.demo.group).objects.filter(pk=shop.demo.group.pk).update(name="=HYPERLINK(2)")
    body = customer_client.post(BASE + "privacy/data.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(2)" in body and "\n=HYPERLINK(2)" not in body
