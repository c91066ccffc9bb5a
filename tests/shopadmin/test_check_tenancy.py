import pytest
from django.core.management import CommandError, call_command
from django.db import connections

pytestmark = pytest.mark.django_db(databases=["default", "owner"])


def test_check_tenancy_passes_on_our_schema(capsys):
    call_command("check_tenancy")
    out = capsys.readouterr().out
    assert "All " in out and "tenant tables have row-level security" in out


def test_check_tenancy_names_a_tenant_table_without_its_wall(capsys):
    with connections["owner"].cursor() as cursor:
        cursor.execute(
            "CREATE TABLE leaky_notes (id bigserial PRIMARY KEY, shop_id bigint NOT NULL, "
            "note text UNIQUE)"
        )
    with pytest.raises(CommandError, match="tenancy problem"):
        call_command("check_tenancy")
    err = capsys.readouterr().err
    assert "leaky_notes: row-level security is not enabled" in err
    assert "leaky_notes: row-level security is not forced" in err
    assert "leaky_notes: no policy reads app.shop_id" in err
    assert "leaky_notes: unique index leaky_notes_note_key does not include shop_id" in err


def test_check_tenancy_names_a_foreign_key_without_its_same_shop_twin(capsys):
    with connections["owner"].cursor() as cursor:
        cursor.execute(
            "ALTER TABLE groups_groupmembership "
            "DROP CONSTRAINT groups_groupmembership_customer_id_same_shop"
        )
    with pytest.raises(CommandError):
        call_command("check_tenancy")
    assert (
        "groups_groupmembership.customer_id: no same-shop foreign key "
        "(shop_id, customer_id) -> customers_customer" in capsys.readouterr().err
    )


def test_check_tenancy_names_a_link_without_its_shop_index(capsys):
    with connections["owner"].cursor() as cursor:
        cursor.execute("DROP INDEX orderline_product_idx")
    with pytest.raises(CommandError):
        call_command("check_tenancy")
    assert (
        "orders_orderline.product_id: no index on (shop_id, product_id)" in capsys.readouterr().err
    )
