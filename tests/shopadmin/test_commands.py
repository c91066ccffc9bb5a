import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from shopadmin.models import Shop, StaffMembership
from shopadmin.tenancy import shop_context


def test_create_shop_then_again_with_the_same_name_is_a_no_op(db, capsys):
    call_command("create_shop", name="Sklep Gdańsk", slug="gdansk", currency="pln")
    call_command("create_shop", name="Sklep Gdańsk", slug="gdansk")
    out = capsys.readouterr().out
    assert Shop.objects.get(slug="gdansk").currency == "PLN"
    assert "Created shop “Sklep Gdańsk” (gdansk)." in out
    assert "already exists; nothing to do" in out


def test_create_shop_refuses_a_slug_taken_by_another_shop(db):
    call_command("create_shop", name="Sklep Gdańsk", slug="gdansk")
    with pytest.raises(CommandError, match="taken by the shop “Sklep Gdańsk”"):
        call_command("create_shop", name="Boutique Nîmes", slug="gdansk")


def test_create_shop_refuses_a_bad_currency(db):
    with pytest.raises(CommandError, match="three-letter"):
        call_command("create_shop", name="X", slug="x", currency="ZŁOTY")


def test_create_staff_makes_a_login_and_a_membership(db, monkeypatch):
    call_command("create_shop", name="Sklep Gdańsk", slug="gdansk")
    monkeypatch.setenv("STAFF_PASSWORD", "a-long-password-1")
    call_command("create_staff", shop="gdansk", email="Ewa@Example.com", role="manager")
    user = authenticate(email="ewa@example.com", password="a-long-password-1", shop=None)
    shop = Shop.objects.get(slug="gdansk")
    with shop_context(shop):
        role = StaffMembership.objects.get(shop=shop, user=user).role
    assert role == "manager"


def test_create_staff_again_changes_the_role_and_keeps_one_account(db):
    call_command("create_shop", name="Sklep Gdańsk", slug="gdansk")
    call_command(
        "create_staff",
        shop="gdansk",
        email="ewa@example.com",
        role="support",
        password="pw-1-long-enough",
    )
    call_command("create_staff", shop="gdansk", email="ewa@example.com", role="owner")
    shop = Shop.objects.get(slug="gdansk")
    with shop_context(shop):
        roles = list(StaffMembership.objects.filter(shop=shop).values_list("role", flat=True))
    assert roles == ["owner"]
    assert authenticate(email="ewa@example.com", password="pw-1-long-enough", shop=None) is not None


def test_create_staff_errors_are_clear(db):
    call_command("create_shop", name="Sklep Gdańsk", slug="gdansk")
    with pytest.raises(CommandError, match="no shop with the slug “nowhere”"):
        call_command("create_staff", shop="nowhere", email="a@b.c", role="owner", password="x")
    with pytest.raises(CommandError, match="invalid choice: 'boss'"):
        call_command("create_staff", shop="gdansk", email="a@b.c", role="boss", password="x")
    with pytest.raises(CommandError, match="needs a password"):
        call_command("create_staff", shop="gdansk", email="new@b.c", role="owner")
