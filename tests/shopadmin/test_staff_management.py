"""The shop's staff, managed by its owners: invite a colleague (a new account chooses its
password by a link that works once; a staff member of another shop joins as they are),
change a role, remove a member (refused on their next request; their customers go to
another member or to nobody). The last owner stays; nobody else may do any of it."""

import re

import pytest
from django.core import mail
from django.test import Client

from customers.models import Customer
from shopadmin.models import StaffMembership, User
from shopadmin.services import add_staff_member
from shopadmin.tenancy import shop_context
from tests.factories import PASSWORD
from tests.helpers import audit, plain_text

LIST = "/staff/staff/"
NEW_PASSWORD = "Nowe-haslo-pracownika-9"


def words(response) -> str:
    return plain_text(response.content.decode())


def member(shop, email, role="support"):
    with shop_context(shop):
        user, _created = add_staff_member(shop=shop, email=email, role=role, password=PASSWORD)
    return user


def role_of(shop, user):
    with shop_context(shop):
        return (
            StaffMembership.objects.filter(shop=shop, user=user)
            .values_list("role", flat=True)
            .first()
        )


def test_a_new_colleague_is_invited_and_chooses_a_password_once(
    staff_client, shop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = staff_client.post(
            LIST,
            {"email": "Nowa@Sklep.example", "first_name": "Ewa", "role": "manager"},
            follow=True,
        )
    assert "nowa@sklep.example is invited: a link to choose a password is on its way." in words(
        page
    )
    [message] = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0).split("/staff/", 1)[1]
    ewa = User.objects.get(email="nowa@sklep.example", shop=None)
    assert not ewa.has_usable_password() and role_of(shop, ewa) == "manager"
    fresh = Client()
    form_page = fresh.get(f"/staff/{link}", follow=True)
    set_url = form_page.redirect_chain[-1][0]
    done = fresh.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Your password is set. Log in with it." in words(done)
    assert User.objects.get(pk=ewa.pk).check_password(NEW_PASSWORD)
    again = fresh.get(f"/staff/{link}", follow=True)
    assert "This link has expired or was used already." in words(again)
    assert audit(shop, "staff.invited")[0]["data"] == {"role": "manager", "new": True}


def test_a_staff_member_of_another_shop_joins_with_their_password(
    staff_client, shop, other_shop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = staff_client.post(
            LIST, {"email": other_shop.demo.owner.email, "role": "support"}, follow=True
        )
    assert "works in this shop now, with the password they have." in words(page)
    assert "2 shops" in words(staff_client.get(LIST))  # marked as working in two
    assert role_of(shop, other_shop.demo.owner) == "support"
    assert User.objects.get(pk=other_shop.demo.owner.pk).check_password(PASSWORD)
    twice = staff_client.post(LIST, {"email": other_shop.demo.owner.email, "role": "support"})
    assert "is one of the shop's staff already." in words(twice)


def test_the_list_shows_the_shops_staff_only(staff_client, shop, other_shop):
    member(shop, "anna@sklep.example")
    page = words(staff_client.get(LIST))
    assert "anna@sklep.example" in page and other_shop.demo.owner.email not in page


def test_a_role_changes_and_the_last_owner_stays_owner(staff_client, shop):
    anna = member(shop, "anna@sklep.example")
    staff_client.post(f"{LIST}{anna.pk}/role/", {"role": "manager"})
    assert role_of(shop, anna) == "manager"
    refused = staff_client.post(
        f"{LIST}{shop.demo.owner.pk}/role/", {"role": "support"}, follow=True
    )
    assert "The shop's last owner stays an owner" in words(refused)
    assert role_of(shop, shop.demo.owner) == "owner"
    staff_client.post(f"{LIST}{anna.pk}/role/", {"role": "owner"})
    staff_client.post(f"{LIST}{shop.demo.owner.pk}/role/", {"role": "manager"})
    assert role_of(shop, shop.demo.owner) == "manager"  # another owner is there now
    [changed, *_rest] = audit(shop, "staff.role_changed")
    assert changed["data"]["changed"] == {"role": ["support", "manager"]}


def test_a_removed_member_is_refused_next_and_their_customers_move_on(staff_client, shop):
    anna = member(shop, "anna@sklep.example")
    bob = member(shop, "bob@sklep.example", role="manager")
    with shop_context(shop):
        Customer.objects.filter(pk=shop.demo.customer.pk).update(account_manager=anna)
    annas = Client()
    annas.force_login(anna)
    assert annas.get("/staff/customers/").status_code == 200
    confirm = staff_client.get(f"{LIST}{anna.pk}/remove/")
    assert "Their customers go to" in words(confirm)
    staff_client.post(f"{LIST}{anna.pk}/remove/", {"successor": bob.pk})
    assert role_of(shop, anna) is None
    with shop_context(shop):
        assert Customer.objects.get(pk=shop.demo.customer.pk).account_manager_id == bob.pk
    assert annas.get("/staff/customers/").status_code == 403  # no shop of hers any more
    [removed] = audit(shop, "staff.removed")
    assert removed["data"]["successor"] == bob.pk


def test_the_last_owner_cannot_be_removed(staff_client, shop):
    page = staff_client.post(f"{LIST}{shop.demo.owner.pk}/remove/", {}, follow=True)
    assert "The shop's last owner stays an owner" in words(page)
    assert role_of(shop, shop.demo.owner) == "owner"


@pytest.mark.parametrize("role", ["manager", "support"])
def test_only_owners_manage_staff(shop, role):
    user = member(shop, f"{role}@sklep.example", role=role)
    target = member(shop, "anna@sklep.example")
    client = Client()
    client.force_login(user)
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"email": "x@example.com", "role": "owner"}).status_code == 403
    assert client.post(f"{LIST}{target.pk}/role/", {"role": "owner"}).status_code == 403
    assert client.post(f"{LIST}{target.pk}/remove/", {}).status_code == 403
    assert role_of(shop, target) == "support"


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"email": "nie-adres", "role": "support"}, "Enter a valid email address."),
        ({"email": "a@example.com", "role": "boss"}, "Select a valid choice. boss is not one of"),
        ({"email": "a\x00@example.com", "role": "support"}, "Null characters are not allowed."),
    ],
)
def test_bad_invitations_are_answered_in_words(staff_client, shop, values, said):
    page = staff_client.post(LIST, values)
    assert page.status_code == 200 and said in words(page)
    assert not User.objects.filter(email="a@example.com").exists()


def test_another_shops_member_is_not_found(staff_client, shop, other_shop):
    owner_b = other_shop.demo.owner
    assert staff_client.post(f"{LIST}{owner_b.pk}/role/", {"role": "support"}).status_code == 404
    assert staff_client.get(f"{LIST}{owner_b.pk}/remove/").status_code == 404
    assert staff_client.get(f"{LIST}999999999/remove/").status_code == 404


def test_an_invited_account_that_never_chose_a_password_gets_the_link_again(
    staff_client, shop, other_shop, django_capture_on_commit_callbacks
):
    from shopadmin.staff import invite_staff_member

    with shop_context(other_shop):
        invite_staff_member(
            shop=other_shop, actor=other_shop.demo.owner, email="ewa@example.com", role="support"
        )
    with django_capture_on_commit_callbacks(execute=True):
        page = staff_client.post(LIST, {"email": "ewa@example.com", "role": "support"}, follow=True)
    assert "ewa@example.com is invited: a link to choose a password is on its way." in words(page)
    assert "/staff/staff/invite/" in mail.outbox[-1].body


def test_a_removed_members_orders_go_with_their_customers(staff_client, shop):
    from orders.models import Order

    anna = member(shop, "anna@sklep.example")
    bob = member(shop, "bob@sklep.example")
    with shop_context(shop):
        Order.objects.filter(pk=shop.demo.order.pk).update(account_manager=anna)
    staff_client.post(f"{LIST}{anna.pk}/remove/", {"successor": bob.pk})
    with shop_context(shop):
        assert Order.objects.get(pk=shop.demo.order.pk).account_manager_id == bob.pk
