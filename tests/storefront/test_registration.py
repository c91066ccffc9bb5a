"""A visitor registers on a shop's storefront: their details and consents kept, the groups they
may choose (one or several, as the shop allows; some waiting for staff approval), logged in at
once with a welcome email. A forged group, a taken email and too many attempts are refused in
words; a guest who registers keeps their orders; another shop is another world."""

import pytest
from django.core import mail

from customers.models import Customer
from groups.models import GroupMembership, GroupRequest
from orders.models import Order
from shopadmin.models import Shop
from shopadmin.tenancy import shop_context
from tests.factories import CustomerGroupFactory, OrderFactory
from tests.helpers import audit, plain_text, text

REGISTER = "/s/{slug}/account/register/"
ACCOUNT = "/s/{slug}/account/"
PASSWORD = "Wisniowa-77-sad"


def registration(**values) -> dict:
    data = {
        "first_name": "Zofia",
        "last_name": "Wiśniewska",
        "email": "zofia@poczta.example",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "accept_terms": "on",
    }
    return {**data, **values}


def register(client, shop, **values):
    return client.post(REGISTER.format(slug=shop.slug), registration(**values), follow=True)


def customer_with(shop, email) -> Customer | None:
    with shop_context(shop):
        return Customer.objects.filter(shop=shop, email=email).select_related("user").first()


def group_ids(shop, model, customer) -> set[int]:
    with shop_context(shop):
        return set(model.objects.filter(customer=customer).values_list("group_id", flat=True))


@pytest.fixture
def choosable(shop):
    """Two groups customers may choose in `shop`, one needing approval, and one they may not."""
    with shop_context(shop):
        retail = CustomerGroupFactory(
            shop=shop, name="Detal", tag_label="Detal", self_selectable=True
        )
        wholesale = CustomerGroupFactory(
            shop=shop,
            name="Hurt",
            tag_label="Hurt",
            description="Dla firm: ceny hurtowe po weryfikacji.",
            self_selectable=True,
            needs_approval=True,
        )
        staff_only = CustomerGroupFactory(shop=shop, name="VIP", tag_label="VIP")
    return retail, wholesale, staff_only


def allow_several(shop, several=True):
    Shop.objects.filter(pk=shop.pk).update(customers_may_choose_several_groups=several)
    shop.refresh_from_db()


def test_a_visitor_registers_with_one_group_and_is_logged_in(
    client, shop, choosable, django_capture_on_commit_callbacks
):
    retail, wholesale, staff_only = choosable
    form = text(client.get(REGISTER.format(slug=shop.slug)))
    assert "The group that fits you" in form
    assert "Detal" in form and "Dla firm: ceny hurtowe po weryfikacji." in form
    assert "approved by the shop" in form
    assert "VIP" not in form  # not one customers may choose

    with django_capture_on_commit_callbacks(execute=True):
        page = register(
            client,
            shop,
            email="Zofia@Poczta.example",
            company_name="Kwiaciarnia Zofia",
            vat_number="PL 548-124-13-31",
            phone="+48 600 100 200",
            groups=str(retail.pk),
        )

    assert "Welcome! Your account is ready." in text(page)
    assert page.redirect_chain[-1][0] == ACCOUNT.format(slug=shop.slug)
    assert "Hello, Zofia Wiśniewska" in text(page)
    customer = customer_with(shop, "zofia@poczta.example")
    assert customer.user.check_password(PASSWORD)
    assert (customer.company_name, customer.vat_number, customer.phone) == (
        "Kwiaciarnia Zofia",
        "PL5481241331",
        "+48 600 100 200",
    )
    assert customer.terms_accepted_at is not None
    assert (customer.newsletter, customer.newsletter_consent_at) == (False, None)
    assert group_ids(shop, GroupMembership, customer) == {retail.pk}
    with shop_context(shop):
        membership = GroupMembership.objects.get(customer=customer)
    assert membership.source == "registration"
    assert [event["target_id"] for event in audit(shop, "customer.registered")] == [
        str(customer.pk)
    ]
    (welcome,) = mail.outbox
    assert welcome.to == ["zofia@poczta.example"]
    assert welcome.subject == f"Welcome to {shop.name}"
    assert f"/s/{shop.slug}/account/login/" in welcome.body


def test_several_groups_one_waits_for_approval(client, shop, choosable, staff_client):
    retail, wholesale, _staff_only = choosable
    allow_several(shop)
    assert "Groups that fit you" in text(client.get(REGISTER.format(slug=shop.slug)))

    page = register(client, shop, newsletter="on", groups=[str(retail.pk), str(wholesale.pk)])

    assert "Hurt: the shop approves this group first" in text(page)
    customer = customer_with(shop, "zofia@poczta.example")
    assert customer.newsletter and customer.newsletter_consent_at is not None
    assert group_ids(shop, GroupMembership, customer) == {retail.pk}
    assert group_ids(shop, GroupRequest, customer) == {wholesale.pk}
    account = plain_text(text(client.get(ACCOUNT.format(slug=shop.slug))))
    assert "Your groups Detal Hurt waiting for approval" in account


@pytest.mark.parametrize(
    "forged",
    ["other shop's group", "a group not offered", "two in a one-group shop", "not a number"],
)
def test_a_forged_group_is_refused_and_nothing_is_saved(
    client, shop, other_shop, choosable, forged
):
    retail, wholesale, staff_only = choosable
    with shop_context(other_shop):
        theirs = CustomerGroupFactory(shop=other_shop, name="Obca", self_selectable=True)
    groups = {
        "other shop's group": [str(theirs.pk)],
        "a group not offered": [str(staff_only.pk)],
        "two in a one-group shop": [str(retail.pk), str(wholesale.pk)],
        "not a number": ["1 OR 1=1"],
    }[forged]

    page = register(client, shop, groups=groups)

    assert page.status_code == 200
    said = "Choose one group." if forged == "two in a one-group shop" else "Select a valid choice."
    assert said in text(page)
    assert customer_with(shop, "zofia@poczta.example") is None
    assert mail.outbox == []


def test_what_is_missing_or_wrong_is_said_by_its_field(client, shop):
    page = text(
        register(
            client,
            shop,
            first_name="",
            email="not-an-email",
            password="zof1",
            password_again="zof1",
            accept_terms="",
            vat_number="PL<script>",
        )
    )
    assert "This field is required." in page
    assert "Enter a valid email address." in page
    assert "This password is too short." in page
    assert "Accept the shop's terms to register." in page
    assert "A VAT number has letters, digits, spaces and dashes only." in page
    differ = text(register(client, shop, password_again=PASSWORD + "x"))
    assert "The two passwords differ." in differ
    assert customer_with(shop, "zofia@poczta.example") is None


def test_an_email_with_an_account_here_is_refused_without_saying_more(client, shop, other_shop):
    page = register(client, shop, email="C@Sklep-Testowy.example")  # the fixture's customer

    said = text(page)
    assert "This email cannot be used to register here." in said
    assert "Forgot your password?" in said
    assert "Customer Alpha" not in said  # who has it is not said
    with shop_context(shop):
        assert Customer.objects.filter(shop=shop, email="c@sklep-testowy.example").count() == 1
    # The same address is a new, separate account in another shop.
    other = register(client, other_shop, email="c@sklep-testowy.example")
    assert "Welcome! Your account is ready." in text(other)
    assert customer_with(other_shop, "c@sklep-testowy.example").user.check_password(PASSWORD)


def test_a_guest_who_registers_becomes_the_account_and_keeps_their_orders(client, shop):
    guest = shop.demo.guest
    with shop_context(shop):
        order = OrderFactory(shop=shop, customer=guest, number="GUEST-1")

    page = register(client, shop, email=guest.email, company_name="")

    assert "Welcome! Your account is ready." in text(page)
    customer = customer_with(shop, guest.email)
    assert customer.pk == guest.pk and not customer.is_guest
    assert customer.user.check_password(PASSWORD)
    with shop_context(shop):
        assert Order.objects.get(pk=order.pk).customer_id == guest.pk
    event = audit(shop, "customer.registered")[0]["data"]
    assert event["was_guest"] is True
    # What registering changed on the guest's record, each field before and after.
    assert event["changed"]["first_name"] == [guest.first_name, "Zofia"]
    assert event["changed"]["terms_accepted_at"][0] == "None"
    assert "email" not in event["changed"]


def test_a_logged_in_customer_is_sent_to_their_account(client, shop):
    register(client, shop)
    response = client.get(REGISTER.format(slug=shop.slug))
    assert response.status_code == 302 and response["Location"].endswith("/account/")


def test_too_many_registrations_for_one_address_are_refused(client, shop, settings):
    settings.STOREFRONT_RATES = {**settings.STOREFRONT_RATES, "register": ("100/h", "2/h")}
    for _attempt in range(2):
        register(client, shop, email="zofia@poczta.example", accept_terms="")
    page = register(client, shop, email="zofia@poczta.example")

    assert "Too many attempts. Please wait an hour and try again." in text(page)
    assert customer_with(shop, "zofia@poczta.example") is None
    # Another address from the same place is still welcome.
    assert "Welcome!" in text(register(client, shop, email="ewa@poczta.example"))


def test_too_many_registrations_from_one_ip_are_refused(client, shop, settings):
    settings.STOREFRONT_RATES = {**settings.STOREFRONT_RATES, "register": ("2/h", "100/h")}
    for number in range(2):
        register(client, shop, email=f"bot{number}@spam.example", accept_terms="")
    page = register(client, shop, email="bot9@spam.example")

    assert "Too many attempts." in text(page)
    assert customer_with(shop, "bot9@spam.example") is None
    elsewhere = client.post(
        REGISTER.format(slug=shop.slug),
        registration(email="ewa@poczta.example"),
        REMOTE_ADDR="10.1.2.3",
        follow=True,
    )
    assert "Welcome!" in text(elsewhere)


def test_the_limit_is_counted_in_redis_shared_by_every_process(client, shop, settings, redis_url):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        }
    }
    settings.STOREFRONT_RATES = {**settings.STOREFRONT_RATES, "register": ("100/h", "1/h")}
    import redis

    register(client, shop, accept_terms="")
    counted = redis.Redis.from_url(redis_url).keys("*rl:*")
    assert counted  # the attempt's counters are in Redis, where every worker reads them
    assert "Too many attempts." in text(register(client, shop))


@pytest.mark.parametrize(
    "values, said",
    [
        ({"first_name": "Zo\x00fia"}, "Null characters are not allowed."),
        ({"email": "zofia@poczta.example\x00"}, "Null characters are not allowed."),
        ({"groups": "99999999999999999999"}, "Select a valid choice."),
        ({"first_name": "Z" * 151}, "Ensure this value has at most 150 characters"),
        ({"vat_number": "1" * 33}, "Ensure this value has at most 32 characters"),
    ],
)
def test_hostile_values_are_answered_in_words(client, shop, choosable, values, said):
    page = register(client, shop, **values)
    assert page.status_code == 200
    assert said in text(page)
    assert customer_with(shop, "zofia@poczta.example") is None


def test_an_email_sent_twice_registers_the_last_one_only(client, shop):
    data = registration()
    data["email"] = ["first@poczta.example", "zofia@poczta.example"]
    client.post(REGISTER.format(slug=shop.slug), data)
    assert customer_with(shop, "first@poczta.example") is None
    assert customer_with(shop, "zofia@poczta.example") is not None
