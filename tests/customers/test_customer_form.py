"""Staff add a customer and edit one's details: a login account gets a link to choose its
password, a guest joins no group, an email is free in the shop (the error names who has it),
the VAT number is kept normalised, and every change is audited with before and after."""

from django.core import mail
from django.urls import reverse

from customers.models import Customer, CustomerStanding, CustomerStats
from groups.models import GroupMembership
from orders.models import Order
from shopadmin.tenancy import shop_context
from tests.factories import CustomerFactory, OrderFactory
from tests.helpers import audit, audit_event, text

NEW = reverse("staff:customer_create")


def edit_url(customer) -> str:
    return reverse("staff:customer_edit", args=[customer.pk])


def details(**values) -> dict:
    data = {"first_name": "Zofia", "last_name": "Wiśniewska", "email": "zofia@poczta.example"}
    return {**data, **values}


def customer_named(shop, email) -> Customer | None:
    with shop_context(shop):
        return (
            Customer.objects.filter(shop=shop, email=email)
            .select_related("user", "account_manager")
            .first()
        )


def test_a_new_login_customer_gets_a_link_to_choose_a_password_and_their_groups(
    staff_client, shop, django_capture_on_commit_callbacks
):
    data = details(
        account_type="login",
        email="Zofia.W@Poczta.Example",
        company_name="Wiśniewska i Syn",
        vat_number="pl 548-124-13-31",
        street="ul. Piotrkowska 12",
        postal_code="90-001",
        city="Łódź",
        country="pl",
        newsletter="on",
        account_manager=shop.demo.owner.pk,
        groups=[shop.demo.group.pk],
        note="Prefers invoices by post.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(NEW, data, follow=True)

    customer = customer_named(shop, "zofia.w@poczta.example")
    assert response.redirect_chain == [(reverse("staff:customer_card", args=[customer.pk]), 302)]
    assert (
        "Added Zofia Wiśniewska; a link to choose a password is on its way to "
        "zofia.w@poczta.example." in text(response)
    )
    assert (customer.account_type, customer.user.email) == ("login", "zofia.w@poczta.example")
    assert not customer.user.has_usable_password()  # staff never set it
    assert (customer.vat_number, customer.country, customer.city) == ("PL5481241331", "PL", "Łódź")
    assert customer.account_manager == shop.demo.owner
    assert customer.newsletter and customer.newsletter_consent_at is not None
    assert customer.note == "Prefers invoices by post."
    with shop_context(shop):
        assert CustomerStats.objects.filter(customer=customer).exists()
        assert CustomerStanding.objects.filter(customer=customer).exists()
        groups = list(GroupMembership.objects.filter(customer=customer).values_list("group_id"))
    assert groups == [(shop.demo.group.pk,)]
    assert {"target_id": str(customer.pk), "data": {}} in audit(shop, "customer.created")
    assert [message.to for message in mail.outbox] == [["zofia.w@poczta.example"]]
    assert "/account/reset/" in mail.outbox[0].body
    card = text(response)
    assert "PL5481241331" in card and "ul. Piotrkowska 12, 90-001 Łódź (PL)" in card


def test_a_guest_is_added_without_a_login_and_cannot_be_put_in_a_group(staff_client, shop):
    refused = staff_client.post(NEW, details(account_type="guest", groups=[shop.demo.group.pk]))
    assert refused.status_code == 200
    assert "Guests cannot join groups." in text(refused)
    assert customer_named(shop, "zofia@poczta.example") is None

    response = staff_client.post(NEW, details(account_type="guest"), follow=True)
    guest = customer_named(shop, "zofia@poczta.example")
    assert "Added Zofia Wiśniewska, a guest." in text(response)
    assert (guest.account_type, guest.user) == ("guest", None)
    assert len(mail.outbox) == 0


def test_an_email_the_shop_has_already_is_refused_naming_that_customer(
    staff_client, shop, other_shop
):
    taken = shop.demo.customer.email.upper()
    response = staff_client.post(NEW, details(account_type="guest", email=taken))
    assert (
        "Another customer of this shop, Customer Alpha Kowalska, has the email "
        f"{shop.demo.customer.email}." in text(response)
    )
    # Another shop's customer's email is free here: emails are unique per shop.
    theirs = other_shop.demo.customer.email
    staff_client.post(NEW, details(account_type="guest", email=theirs))
    assert customer_named(shop, theirs) is not None


def test_the_form_says_what_is_missing_or_wrong(staff_client, shop):
    response = staff_client.post(
        NEW,
        {
            "account_type": "login",
            "email": "not an email",
            "country": "1A",
            "vat_number": "<b>",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert "Give a first name, a last name or a company." in page
    assert "Enter a valid email address." in page
    assert "Give the country as two letters, e.g. PL." in page
    assert "A VAT number has letters, digits, spaces and dashes only." in page


def test_another_shops_staff_member_and_group_are_not_choices(staff_client, shop, other_shop):
    response = staff_client.post(
        NEW,
        details(
            account_type="login",
            account_manager=other_shop.demo.owner.pk,
            groups=[other_shop.demo.group.pk],
        ),
    )
    page = text(response)
    # The manager's and the groups' errors.
    assert "Select a valid choice. That choice is not one of the available choices." in page
    assert f"Select a valid choice. {other_shop.demo.group.pk} is not one of" in page
    assert customer_named(shop, "zofia@poczta.example") is None


def as_shown(client, customer) -> dict:
    """The edit form's fields as the page fills them in, as a browser would send them."""
    form = client.get(edit_url(customer)).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data["groups"] = [group.pk for group in form.initial.get("groups", [])]
    return data


def test_editing_saves_the_details_and_audits_each_change(staff_client, shop):
    customer = shop.demo.customer
    data = {
        **as_shown(staff_client, customer),
        **details(email="Nowy@Example.com", phone="+48 600 100 200"),
        "vat_number": "PL-123 456 78 90",
        "groups": [],  # out of the group
    }
    response = staff_client.post(edit_url(customer), data, follow=True)

    assert "Saved Zofia Wiśniewska." in text(response)
    saved = customer_named(shop, "nowy@example.com")
    assert saved.pk == customer.pk
    assert saved.user.email == "nowy@example.com"  # the login follows the email
    assert saved.vat_number == "PL1234567890"
    event = audit_event(shop, "customer.updated")
    assert event.data["changed"] == {
        "first_name": ["Customer Alpha", "Zofia"],
        "last_name": [customer.last_name, "Wiśniewska"],
        "email": [customer.email, "nowy@example.com"],
        "phone": [customer.phone, "+48 600 100 200"],
        "vat_number": [customer.vat_number, "PL1234567890"],
    }
    with shop_context(shop):
        assert not GroupMembership.objects.filter(customer=customer).exists()


def test_editing_refuses_another_shops_staff_member_and_group(staff_client, shop, other_shop):
    customer = shop.demo.customer
    with shop_context(shop):
        groups_before = set(
            GroupMembership.objects.filter(customer=customer).values_list("group", flat=True)
        )
    data = {
        **as_shown(staff_client, customer),
        "account_manager": other_shop.demo.owner.pk,
        "groups": [other_shop.demo.group.pk],
        "city": "Łódź",
    }
    response = staff_client.post(edit_url(customer), data)

    page = text(response)
    assert "Select a valid choice. That choice is not one of the available choices." in page
    assert f"Select a valid choice. {other_shop.demo.group.pk} is not one of" in page
    with shop_context(shop):
        unchanged = Customer.objects.get(pk=customer.pk)
        groups_after = set(
            GroupMembership.objects.filter(customer=customer).values_list("group", flat=True)
        )
    assert (unchanged.city, unchanged.account_manager_id) == (customer.city, None)
    assert groups_after == groups_before
    assert not audit(shop, "customer.updated")


def test_an_unchanged_form_changes_nothing(staff_client, shop):
    customer = shop.demo.customer
    staff_client.post(edit_url(customer), as_shown(staff_client, customer))
    assert audit_event(shop, "customer.updated").data["changed"] == {}


def test_a_guest_given_a_login_keeps_their_orders(
    staff_client, shop, django_capture_on_commit_callbacks
):
    guest = CustomerFactory(shop=shop, first_name="Jan", email="jan@example.com", guest=True)
    order = OrderFactory(shop=shop, customer=guest, number="GUEST-1")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(edit_url(guest), {**as_shown(staff_client, guest), "make_login": "on"})

    now = customer_named(shop, "jan@example.com")
    assert (now.pk, now.account_type, now.user.email) == (guest.pk, "login", "jan@example.com")
    with shop_context(shop):
        assert Order.objects.get(pk=order.pk).customer_id == guest.pk
    assert audit_event(shop, "customer.updated").data["changed"] == {
        "account_type": ["guest", "login"]
    }
    assert [message.to for message in mail.outbox] == [["jan@example.com"]]


def test_another_shops_customer_cannot_be_edited(staff_client, other_shop):
    customer = other_shop.demo.customer
    assert staff_client.get(edit_url(customer)).status_code == 404
    response = staff_client.post(edit_url(customer), details())
    assert response.status_code == 404
    assert customer_named(other_shop, customer.email).first_name == customer.first_name


def test_a_vat_number_is_found_typed_with_or_without_separators(staff_client, shop):
    staff_client.post(NEW, details(account_type="guest", vat_number="PL 548-124-13-31"))
    customer = customer_named(shop, "zofia@poczta.example")

    def found(term) -> bool:
        page = staff_client.get(reverse("staff:customer_list"), {"q": term}).content.decode()
        return f'data-customer="{customer.pk}"' in page

    assert found("5481241331") and found("548-124-13-31") and found("PL 548.124.13.31")
    assert not found("548-124-13-32")


def test_the_card_blocks_and_gives_points_through_the_bulk_actions_and_returns_to_it(
    staff_client, shop
):
    customer = shop.demo.customer
    card = reverse("staff:customer_card", args=[customer.pk])
    page = text(staff_client.get(card))
    for label in ["Add to a group", "Edit loyalty points", "Give a coupon", "Block"]:
        assert f">{label}</option>" in page
    assert ">Delete</option>" not in page  # the card's own Delete button does that

    one = {"scope": "selected", "ids": customer.pk, "query": "", "next": card}
    confirm = staff_client.get(reverse("staff:customer_bulk"), {**one, "action": "block"})
    assert "This applies to 1 customer." in text(confirm)
    assert f'<input type="hidden" name="next" value="{card}">' in text(confirm)
    blocked = staff_client.post(reverse("staff:customer_bulk"), {**one, "action": "block"})
    assert blocked.url == card
    points = {"mode": "add", "points": 25, "reason": "Reklamacja"}
    staff_client.post(reverse("staff:customer_bulk"), {**one, "action": "points", **points})
    with shop_context(shop):
        standing = CustomerStanding.objects.get(customer=customer)
    assert (standing.status, standing.points_balance) == ("blocked", 25)
    assert audit_event(shop, "points.add").count == 1


def test_a_next_address_of_another_site_is_not_followed(staff_client, shop):
    data = {
        "scope": "selected",
        "ids": shop.demo.customer.pk,
        "query": "",
        "action": "block",
        "next": "https://evil.example/phish",
    }
    response = staff_client.post(reverse("staff:customer_bulk"), data)
    assert response.url == reverse("staff:customer_list")


def test_my_customers_are_those_i_manage(staff_client, shop):
    mine = CustomerFactory(shop=shop, first_name="Mój", account_manager=shop.demo.owner)
    page = text(staff_client.get(reverse("staff:customer_list")))
    link = f"{reverse('staff:customer_list')}?account_manager={shop.demo.owner.pk}"
    assert f'<a class="button" href="{link}">My customers</a>' in page
    listed = text(staff_client.get(link))
    assert f'data-customer="{mine.pk}"' in listed
    assert f'data-customer="{shop.demo.customer.pk}"' not in listed


def test_support_cannot_set_an_account_manager(support_client, shop):
    form = support_client.get(edit_url(shop.demo.customer)).context["form"]
    assert "account_manager" not in form.fields  # managers come with orders
    data = {**as_shown(support_client, shop.demo.customer), "account_manager": shop.demo.owner.pk}
    support_client.post(edit_url(shop.demo.customer), data)
    assert customer_named(shop, shop.demo.customer.email).account_manager is None
