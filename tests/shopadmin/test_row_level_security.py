"""The second wall: PostgreSQL itself keeps shops apart, whatever the ORM code does.

Raw SQL through the runtime connection, which is what the web app and the workers use.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from shopadmin.rls import is_tenant_model
from shopadmin.tenancy import set_db_setting, shop_context


def count(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_the_runtime_role_is_not_superuser_owner_or_bypassrls(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        role, superuser, bypassrls = cursor.fetchone()
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'customers_customer'")
        table_owner = cursor.fetchone()[0]
    assert role == "shopadmin_app"
    assert (superuser, bypassrls) == (False, False)
    assert table_owner != role


def test_with_no_shop_set_every_tenant_table_reads_as_empty(shop, other_shop):
    from django.apps import apps

    tables = [m._meta.db_table for m in apps.get_models() if is_tenant_model(m)]
    assert "customers_customer" in tables and "orders_order" in tables
    with transaction.atomic():
        set_db_setting("app.shop_id", "")
        counts = {table: count(f'SELECT count(*) FROM "{table}"') for table in tables}
    assert counts == dict.fromkeys(tables, 0)


def test_with_shop_a_set_only_shop_a_rows_are_read(shop, other_shop):
    with shop_context(shop):
        shop_ids = count("SELECT array_agg(DISTINCT shop_id) FROM customers_customer")
        orders = count("SELECT count(*) FROM orders_order")
    with shop_context(other_shop):
        other_orders = count("SELECT count(*) FROM orders_order")
    assert shop_ids == [shop.pk]
    assert (orders, other_orders) == (1, 1)


def test_inserting_a_row_of_shop_b_while_shop_a_is_set_fails(shop, other_shop):
    with (
        shop_context(shop),
        pytest.raises(DatabaseError, match="row-level security"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO groups_customergroup (shop_id, name, description, tag_label, "
            "tag_colour, self_selectable, extra_discount_percent, tax_exempt, created_at) "
            "VALUES (%s, 'Forged', '', 'F', '#000000', false, 0, false, now())",
            [other_shop.pk],
        )


def test_moving_a_row_of_shop_a_to_shop_b_fails(shop, other_shop):
    with (
        shop_context(shop),
        pytest.raises(DatabaseError, match="row-level security"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE customers_customer SET shop_id = %s WHERE id = %s",
            [other_shop.pk, shop.demo.customer.pk],
        )


def test_updating_or_deleting_shop_b_rows_while_shop_a_is_set_touches_nothing(shop, other_shop):
    with shop_context(shop), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE customers_customer SET first_name = 'Hacked' WHERE id = %s",
            [other_shop.demo.customer.pk],
        )
        updated = cursor.rowcount
        cursor.execute("DELETE FROM orders_orderline WHERE shop_id = %s", [other_shop.pk])
        deleted = cursor.rowcount
    with shop_context(other_shop):
        name = count(
            "SELECT first_name FROM customers_customer WHERE id = %s", [other_shop.demo.customer.pk]
        )
    assert (updated, deleted) == (0, 0)
    assert name == other_shop.demo.customer.first_name


def test_a_row_cannot_point_at_another_shops_row(shop, other_shop):
    """Foreign-key checks bypass RLS; the same-shop composite keys catch what they would miss."""
    with (
        shop_context(shop),
        pytest.raises(DatabaseError, match="same_shop"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO groups_groupmembership (shop_id, customer_id, group_id, added_at, "
            "source) VALUES (%s, %s, %s, now(), 'staff')",
            [shop.pk, other_shop.demo.customer.pk, shop.demo.group.pk],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_append_only_ledgers_cannot_be_rewritten_by_the_app(shop):
    with (
        shop_context(shop),
        pytest.raises(DatabaseError, match="permission denied"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM shopadmin_auditevent")


def test_staff_see_only_their_own_memberships_before_choosing_a_shop(shop, other_shop):
    owner = shop.demo.owner
    with transaction.atomic():
        set_db_setting("app.user_id", owner.pk)
        rows = count("SELECT array_agg(shop_id) FROM shopadmin_staffmembership")
    assert rows == [shop.pk]
