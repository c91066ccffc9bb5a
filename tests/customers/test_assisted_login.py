"""Log in as the customer (issue 17): who may, for how long, what it shows and what it may not
do, and that every start and end is kept. The browser's session swaps to the customer's on
the shop's storefront and back; each rule of the issue is a test here."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import timezone

from customers.models import AssistedLogin, Customer, CustomerStanding
from shopadmin.models import Shop, StaffMembership, User
from shopadmin.permissions import ROLE_PERMISSIONS, Perm
from shopadmin.services import add_staff_member
from shopadmin.tenancy import shop_context
from tests.factories import PASSWORD, CustomerFactory, CustomerGroupFactory
from tests.helpers import audit, plain_text

REASON = "Pomoc przy zamówieniu"


def start_url(customer_id: int) -> str:
    return f"/staff/customers/{customer_id}/assisted-login/"


STOP = "/s/sklep-testowy/account/assisted/stop/"
ACCOUNT = "/s/sklep-testowy/account/"


def words(response) -> str:
    return plain_text(response.content.decode())


def consenting(shop, customer, consent=True):
    with shop_context(shop):
        Customer.objects.filter(pk=customer.pk).update(assisted_login_consent=consent)


def start(client, customer, reason=REASON, **extra):
    return client.post(start_url(customer.pk), {"reason": reason}, **extra)


def open_logins(shop) -> list[AssistedLogin]:
    with shop_context(shop):
        return list(AssistedLogin.objects.filter(ended_at__isnull=True))


def staff_member(shop, role: str, email: str) -> User:
    with shop_context(shop):
        user, _created = add_staff_member(
            shop=shop,
            email=email,
            role=role,
            password=PASSWORD,
            first_name="Anna",
            last_name="Nowak",
        )
    return user


@pytest.fixture
def helper(shop, other_shop, client):
    """Shop A's support member Anna Nowak, logged in; shop A's customer has consented."""
    anna = staff_member(shop, "support", "anna@sklep.example")
    consenting(shop, shop.demo.customer)
    client.force_login(anna)
    return client


# --- 1. POST with CSRF ----------------------------------------------------------------------


def test_start_and_stop_are_posts_with_csrf(helper, shop):
    customer = shop.demo.customer
    assert helper.get(start_url(customer.pk)).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(email="anna@sklep.example"))
    assert start(strict, customer).status_code == 403  # no CSRF token
    assert open_logins(shop) == []
    start(helper, customer)
    assert helper.get(STOP).status_code == 405
    assert len(open_logins(shop)) == 1


# --- 2. Who may log in as whom: the matrix --------------------------------------------------

ROLES = ["owner", "manager", "support", "support without the permission", "another shop's owner"]
# A staff user is never a customer: the URL names customers only, so a staff user's id is one
# that no customer of the shop has ("missing").
CUSTOMERS = ["login", "guest", "blocked", "another shop's", "missing"]
CONSENTS = ["given", "not given, the shop asks", "not given, the shop does not ask"]
MATRIX = [
    *(
        (role, kind, "given", False)
        for role in ROLES
        for kind in CUSTOMERS
        if (role, kind) != ("another shop's owner", "another shop's")  # their own customer
    ),
    *(
        (role, "login", consent, busy)
        for role in ROLES
        for consent in CONSENTS
        for busy in (False, True)
        if (consent, busy) != ("given", False)
    ),
]


@pytest.mark.parametrize(("role", "kind", "consent", "busy"), MATRIX)
def test_who_may_log_in_as_whom(client, shop, other_shop, monkeypatch, role, kind, consent, busy):
    if role == "support without the permission":
        monkeypatch.setitem(
            ROLE_PERMISSIONS, "support", ROLE_PERMISSIONS["support"] - {Perm.IMPERSONATE}
        )
    if role == "another shop's owner":
        actor = other_shop.demo.owner
    else:
        actor = staff_member(shop, role.split()[0], f"{role.split()[0]}@sklep.example")
    shop_asks = consent != "not given, the shop does not ask"
    Shop.objects.filter(pk=shop.pk).update(assisted_login_needs_consent=shop_asks)
    target = {
        "login": shop.demo.customer,
        "guest": shop.demo.guest,
        "blocked": shop.demo.customer,
        "another shop's": other_shop.demo.customer,
    }.get(kind)
    if kind == "blocked":
        with shop_context(shop):
            CustomerStanding.objects.filter(customer=target).update(status="blocked")
    if target is not None and target.shop_id == shop.pk:
        consenting(shop, target, consent == "given")
    target_id = target.pk if target is not None else 10**9
    elsewhere = Client()
    if busy:  # helping another customer already, in another browser
        other_customer = CustomerFactory(shop=shop, email="inny@example.com")
        consenting(shop, other_customer)
        if role not in ("another shop's owner", "support without the permission"):
            elsewhere.force_login(actor)
            start(elsewhere, other_customer)
    before = open_logins(shop)
    client.force_login(actor)

    response = client.post(start_url(target_id), {"reason": REASON})

    may = (
        role in ("owner", "manager", "support")
        and kind == "login"
        and (consent == "given" or not shop_asks)
    )
    if may:
        assert response["Location"] == ACCOUNT
        with shop_context(shop):
            assert int(client.session[SESSION_KEY]) == target.user_id
        # One at a time: the visit in the other browser ended, replaced by this one.
        [now_open] = open_logins(shop)
        assert now_open.customer_id == target.pk
        if before:
            assert elsewhere.get(ACCOUNT)["Location"].startswith("/staff/login/")
            with shop_context(shop):
                assert AssistedLogin.objects.get(pk=before[0].pk).ending == "replaced"
        return
    assert open_logins(shop) == before
    assert int(client.session[SESSION_KEY]) == actor.pk  # still the staff member
    if role == "support without the permission":
        assert response.status_code == 403
    elif kind in ("another shop's", "missing") or role == "another shop's owner":
        # In their own shop, shop A's customer is nobody: the answer for a missing id.
        assert response.status_code == 404
    else:
        assert response.status_code == 302  # back to the card, with why not
        said = words(client.get(response["Location"]))
        expected = {
            "guest": "is a guest: there is no account to log in to.",
            "blocked": "is blocked: unblock the account first.",
        }.get(kind) or "has not agreed to staff logging in"
        assert expected in said


def test_a_reason_is_required_and_kept(helper, shop):
    page = helper.post(start_url(shop.demo.customer.pk), {"reason": "   "}, follow=True)
    assert "This field is required." in words(page)
    assert open_logins(shop) == []
    start(helper, shop.demo.customer, reason="  Klientka   pyta o fakturę ")
    [assisted] = open_logins(shop)
    assert assisted.reason == "Klientka pyta o fakturę"


# --- 3. Time-boxed, never renewed; ends at expiry, on the way back, on logout, on losing rights


def later(monkeypatch, minutes: int) -> None:
    moved = timezone.now() + timedelta(minutes=minutes)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moved)


def test_the_session_ends_at_expiry_and_is_never_renewed(helper, shop, monkeypatch):
    start(helper, shop.demo.customer)
    [assisted] = open_logins(shop)
    assert assisted.expires_at - assisted.started_at == timedelta(minutes=30)
    later(monkeypatch, 20)
    assert "10 minutes left" in words(helper.get(ACCOUNT))
    [still] = open_logins(shop)
    assert still.expires_at == assisted.expires_at  # a request does not renew it
    later(monkeypatch, 31)
    page = helper.get(ACCOUNT, follow=True)
    assert "Your time logged in as Customer Alpha Kowalska is up." in words(page)
    assert page.redirect_chain[-1][0] == f"/staff/customers/{shop.demo.customer.pk}/"
    with shop_context(shop):
        ended = AssistedLogin.objects.get(pk=assisted.pk)
    assert (ended.ending, ended.ended_at) == ("expired", ended.expires_at)


def test_back_to_the_card_restores_the_staff_session_in_that_shop(client, shop, other_shop):
    # A manager of both shops, who works in shop B and helps in shop A.
    anna = staff_member(shop, "manager", "anna@both.example")
    with shop_context(other_shop):
        add_staff_member(shop=other_shop, email="anna@both.example", role="manager")
    consenting(shop, shop.demo.customer)
    client.force_login(anna)
    client.post("/staff/switch-shop/", {"shop": shop.pk})
    staff_key = client.session.session_key
    start(client, shop.demo.customer)
    customer_key = client.session.session_key
    assert customer_key != staff_key  # rotated at start
    back = client.post(STOP, follow=True)
    assert "You are back from Customer Alpha Kowalska's account." in words(back)
    assert back.redirect_chain[-1][0] == f"/staff/customers/{shop.demo.customer.pk}/"
    assert client.session.session_key not in (staff_key, customer_key)  # and at stop
    assert int(client.session[SESSION_KEY]) == anna.pk
    assert client.get("/staff/customers/").status_code == 200
    [event] = audit(shop, "customer.assisted_login_ended")
    assert event["data"]["ending"] == "stopped"


def test_logging_out_ends_it(helper, shop):
    start(helper, shop.demo.customer)
    page = helper.post("/s/sklep-testowy/account/logout/", follow=True)
    assert "You have logged out." in words(page)
    assert SESSION_KEY not in helper.session
    assert audit(shop, "customer.assisted_login_ended")[0]["data"]["ending"] == "logged_out"


@pytest.mark.parametrize("loss", ["membership", "permission", "consent", "blocked"])
def test_losing_a_right_ends_it_on_the_next_request(helper, shop, monkeypatch, loss):
    start(helper, shop.demo.customer)
    with shop_context(shop):
        if loss == "membership":
            StaffMembership.objects.filter(user__email="anna@sklep.example").delete()
        elif loss == "consent":  # withdrawn by the customer, in their own browser
            Customer.objects.filter(pk=shop.demo.customer.pk).update(assisted_login_consent=False)
        elif loss == "blocked":
            CustomerStanding.objects.filter(customer=shop.demo.customer).update(status="blocked")
    if loss == "permission":
        monkeypatch.setitem(
            ROLE_PERMISSIONS, "support", ROLE_PERMISSIONS["support"] - {Perm.IMPERSONATE}
        )
    page = helper.get(ACCOUNT, follow=True)
    assert open_logins(shop) == []
    if loss == "membership":
        assert SESSION_KEY not in helper.session  # no staff session to go back to
        assert page.redirect_chain[-1][0].startswith("/staff/login/")
    else:
        assert "Logging in as Customer Alpha Kowalska is no longer allowed." in words(page)
        assert helper.session[SESSION_KEY] == str(User.objects.get(email="anna@sklep.example").pk)


# --- 4. One at a time, no chaining ------------------------------------------------------------


def test_no_chaining_from_inside_the_customers_account(helper, shop):
    start(helper, shop.demo.customer)
    other = CustomerFactory(shop=shop, email="druga@example.com")
    consenting(shop, other)
    response = start(helper, other, follow=True)
    assert "You are logged in as a customer: go back to the card first." in words(response)
    assert response.redirect_chain[-1][0] == ACCOUNT
    assert [a.customer_id for a in open_logins(shop)] == [shop.demo.customer.pk]
    # Nor any staff page, nor another shop's storefront.
    for path in ["/staff/", "/staff/customers/", "/s/other-shop/account/"]:
        assert helper.get(path)["Location"] == ACCOUNT


# --- 5. The banner -------------------------------------------------------------------------


def test_every_storefront_page_shows_the_banner_without_script(helper, shop):
    start(helper, shop.demo.customer)
    for path in ["/s/sklep-testowy/", ACCOUNT, "/s/sklep-testowy/products/", ACCOUNT + "orders/"]:
        page = helper.get(path).content.decode()
        banner = page[page.index('data-testid="assisted-banner"') :].split("</div>")[0]
        assert (
            "You are logged in as Customer Alpha Kowalska for Sklep Testowy Łódź, 30 minutes left."
            in plain_text(banner)
        )
        assert "Back to the card" in banner and "<script" not in banner


# --- 6. What staff may not do as the customer; what they do is theirs -------------------------


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "details/password/", {}),
        ("post", "details/password/", {"current_password": "x", "new_password": "y"}),
        ("post", "details/email/", {"email": "staff@example.com"}),
        ("post", "privacy/", {}),
        ("post", "privacy/data.json", {}),
    ],
)
def test_password_email_consent_and_data_stay_the_customers(helper, shop, method, path, data):
    start(helper, shop.demo.customer)
    page = getattr(helper, method)(ACCOUNT + path, data, follow=True)
    assert "their password, email, consent and data stay theirs alone." in words(page)
    customer = Customer.objects.none()
    with shop_context(shop):
        customer = Customer.objects.select_related("user").get(pk=shop.demo.customer.pk)
    assert (customer.email, customer.assisted_login_consent) == ("c@sklep-testowy.example", True)
    assert customer.user.check_password(PASSWORD)


def test_what_staff_change_as_the_customer_is_audited_as_theirs(helper, shop):
    start(helper, shop.demo.customer)
    helper.post(
        ACCOUNT + "details/",
        {"first_name": "Customer Alpha", "last_name": "Nowak", "country": "PL"},
    )
    [event] = audit(shop, "customer.updated")
    assert event["data"]["by"] == "staff_as_customer"
    with shop_context(shop):
        from shopadmin.models import AuditEvent

        actor = AuditEvent.objects.get(action="customer.updated").actor
    assert actor.email == "anna@sklep.example"


# --- 7. Audited, and shown on the card and in the account -----------------------------------


def test_start_and_end_are_audited_and_shown_to_staff_and_customer(helper, shop):
    customer = shop.demo.customer
    start(helper, customer, HTTP_USER_AGENT="Mozilla/5.0 Test", REMOTE_ADDR="203.0.113.7")
    helper.post(STOP)
    [started] = audit(shop, "customer.assisted_login_started")
    assert started["target_id"] == str(customer.pk)
    assert (started["data"]["reason"], started["data"]["ip_address"]) == (REASON, "203.0.113.7")
    assert started["data"]["user_agent"] == "Mozilla/5.0 Test"
    card = words(helper.get(f"/staff/customers/{customer.pk}/"))
    assert "Assisted logins Staff member From Until Reason Ended by Anna Nowak" in card
    assert f"{REASON} back to the card" in card
    own = Client()
    with shop_context(shop):
        own.force_login(customer.user)
    privacy = words(own.get(ACCOUNT + "privacy/"))
    assert "Staff member Anna Nowak logged in to help you on " in privacy


# --- 8. The customer's own session stays; nothing secret is shown -------------------------------


def test_the_customers_own_session_elsewhere_stays_logged_in(helper, shop):
    own = Client()
    with shop_context(shop):
        own.force_login(shop.demo.customer.user)
        last_login = User.objects.get(pk=shop.demo.customer.user_id).last_login
    start(helper, shop.demo.customer)
    pages = [helper.get(ACCOUNT + path).content.decode() for path in ["", "details/", "privacy/"]]
    helper.post(STOP)
    assert own.get(ACCOUNT).status_code == 200
    with shop_context(shop):
        password_hash = User.objects.get(pk=shop.demo.customer.user_id).password
    assert all(password_hash not in page for page in pages)
    with shop_context(shop):  # staff logging in as the customer is not the customer's login
        assert User.objects.get(pk=shop.demo.customer.user_id).last_login == last_login


# --- What the second review found: each a case -------------------------------------------------


def test_a_staff_password_changed_during_the_visit_ends_it_without_a_way_back(helper, shop):
    start(helper, shop.demo.customer)
    anna = User.objects.get(email="anna@sklep.example")
    anna.set_password("Nowe-haslo-2026")  # the owner cuts off Anna's sessions
    anna.save()
    page = helper.get(ACCOUNT, follow=True)
    assert "This visit to a customer's account has ended." in words(page)
    assert SESSION_KEY not in helper.session
    assert open_logins(shop) == []
    assert helper.post(STOP)["Location"].startswith("/s/sklep-testowy/account/")  # nobody


def test_a_session_the_customer_ended_elsewhere_closes_the_visit(helper, shop):
    start(helper, shop.demo.customer)
    with shop_context(shop):  # the customer changes their password in their own browser
        user = User.objects.get(pk=shop.demo.customer.user_id)
        user.set_password("Inne-haslo-klientki-7")
        user.save()
    page = helper.get(ACCOUNT, follow=True)
    assert "Logging in as Customer Alpha Kowalska is no longer allowed." in words(page)
    assert helper.session[SESSION_KEY] == str(User.objects.get(email="anna@sklep.example").pk)
    assert open_logins(shop) == []
    card = words(helper.get(f"/staff/customers/{shop.demo.customer.pk}/"))
    assert "no longer allowed" in card and "still on" not in card


def test_one_visit_at_a_time_across_shops(shop, other_shop):
    anna = staff_member(shop, "manager", "anna@both.example")
    with shop_context(other_shop):
        add_staff_member(shop=other_shop, email="anna@both.example", role="manager")
    consenting(shop, shop.demo.customer)
    consenting(other_shop, other_shop.demo.customer)
    in_a, in_b = Client(), Client()
    in_a.force_login(anna)
    in_b.force_login(anna)
    in_a.post("/staff/switch-shop/", {"shop": shop.pk})
    assert start(in_a, shop.demo.customer)["Location"] == ACCOUNT
    in_b.post("/staff/switch-shop/", {"shop": other_shop.pk})
    start(in_b, other_shop.demo.customer)
    assert in_a.get(ACCOUNT)["Location"].startswith("/staff/login/")  # replaced
    with shop_context(shop):
        assert AssistedLogin.objects.get().ending == "replaced"
    assert in_b.get("/s/other-shop/account/").status_code == 200  # the newer one goes on


def test_the_newsletter_consent_stays_the_customers(helper, shop):
    start(helper, shop.demo.customer)
    form = helper.get(ACCOUNT + "details/").content.decode()
    assert 'name="newsletter"' not in form
    helper.post(
        ACCOUNT + "details/",
        {"first_name": "Customer Alpha", "last_name": "Kowalska", "newsletter": "on"},
    )
    with shop_context(shop):
        customer = Customer.objects.get(pk=shop.demo.customer.pk)
    assert (customer.newsletter, customer.newsletter_consent_at) == (False, None)


def test_a_reset_or_email_link_does_nothing_during_a_visit(helper, shop):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    start(helper, shop.demo.customer)
    with shop_context(shop):
        user = User.objects.get(pk=shop.demo.customer.user_id)
        token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    reset = helper.get(f"{ACCOUNT}reset/{uid}/{token}/", follow=True)
    assert "their password, email, consent and data stay theirs alone." in words(reset)
    link = helper.post(ACCOUNT + "email/some-token/", follow=True)
    assert "their password, email, consent and data stay theirs alone." in words(link)


def test_odd_requests_get_a_visit_not_an_error(helper, shop):
    anna = User.objects.get(email="anna@sklep.example")
    User.objects.filter(pk=anna.pk).update(first_name="A" * 150, last_name="N" * 150)
    response = start(helper, shop.demo.customer, HTTP_USER_AGENT="Bot\x00/1", REMOTE_ADDR="unix")
    assert response["Location"] == ACCOUNT
    [visit] = open_logins(shop)
    assert (len(visit.staff_name), visit.user_agent, visit.ip_address) == (300, "Bot/1", None)


@pytest.mark.parametrize("path", [STOP, "/s/sklep-testowy/account/logout/"])
def test_stop_and_logout_need_the_csrf_token(helper, shop, path):
    start(helper, shop.demo.customer)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = helper.cookies
    assert strict.post(path).status_code == 403
    assert len(open_logins(shop)) == 1


def test_the_time_box_is_a_setting(helper, shop):
    Shop.objects.filter(pk=shop.pk).update(assisted_login_minutes=5)
    start(helper, shop.demo.customer)
    assert "5 minutes left" in words(helper.get(ACCOUNT))


def test_the_customer_sees_when_and_who_and_staffs_group_changes_are_theirs(helper, shop, settings):
    group = CustomerGroupFactory(shop=shop, name="Detal", self_selectable=True)
    start(helper, shop.demo.customer)
    helper.post(ACCOUNT + "groups/", {"groups": [group.pk]})
    helper.post(STOP)
    with shop_context(shop):
        visit = AssistedLogin.objects.get()
        from shopadmin.models import AuditEvent

        chosen = AuditEvent.objects.get(action="customer.groups_chosen")
    assert chosen.actor.email == "anna@sklep.example"
    own = Client()
    with shop_context(shop):
        own.force_login(shop.demo.customer.user)
    privacy = words(own.get(ACCOUNT + "privacy/"))
    local = timezone.localtime
    day = f"{local(visit.started_at).day} {local(visit.started_at).strftime('%B')}"
    start_time = local(visit.started_at).strftime("%-I:%M")
    assert f"Staff member Anna Nowak logged in to help you on {day}, {start_time}" in privacy
