"""Numbers that count per shop: the shop's first job is its job 1, whatever the others did.
One statement takes the next number, so two at once never get the same one."""

from django.db import connection

from shopadmin.models import ShopCounter

JOB = "job"


def next_number(shop, name: str) -> int:
    table = ShopCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (shop_id, name, value) VALUES (%s, %s, 1)
            ON CONFLICT (shop_id, name) DO UPDATE SET value = {table}.value + 1
            RETURNING value
            """,
            [shop.pk, name],
        )
        return cursor.fetchone()[0]
