"""Status and points move from the wide customer row and the seven-index statistics row to a
narrow CustomerStanding row each, so that blocking or giving points to 100,000 customers
writes few index entries (docs/decisions.md, 24). The values are copied, then the old
columns dropped; going back copies them back."""

import django.db.models.deletion
from django.db import migrations, models

import shopadmin.models
from shopadmin.rls import EnableTenancy

COPY_FORWARD = """
INSERT INTO customers_customerstanding (shop_id, customer_id, status, points_balance)
SELECT c.shop_id, c.id, c.status, coalesce(s.points_balance, 0)
FROM customers_customer AS c
LEFT JOIN customers_customerstats AS s ON s.customer_id = c.id
"""

COPY_BACK = """
UPDATE customers_customer AS c SET status = standing.status
FROM customers_customerstanding AS standing WHERE standing.customer_id = c.id;
UPDATE customers_customerstats AS s SET points_balance = standing.points_balance
FROM customers_customerstanding AS standing WHERE standing.customer_id = s.customer_id;
"""

# Every customer has its standing row, or the migration stops before a column is dropped.
EVERY_CUSTOMER_COPIED = """
DO $$ BEGIN
    IF (SELECT count(*) FROM customers_customer)
       <> (SELECT count(*) FROM customers_customerstanding) THEN
        RAISE EXCEPTION 'customers.0007: not every customer has a standing row';
    END IF;
END $$
"""

READ_TABLES = ("customers_customer", "customers_customerstats")


def seeing_every_shop(statements: str) -> list[str]:
    """`statements` with the forced row-level security of the tables they read lifted. The
    owner may be an ordinary role (decision 13), which forced policies bind, and no shop is
    set while migrating: the copy would see no rows, and the columns would go with the data.
    ALTER TABLE also locks the tables until the migration commits, so no row changes between
    the copy and the dropping of the columns."""
    lift = [f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY" for table in READ_TABLES]
    restore = [f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY" for table in READ_TABLES]
    return [*lift, statements, EVERY_CUSTOMER_COPIED, *restore]


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0006_email_form_token"),
        ("shopadmin", "0002_runtime_role_and_tenancy"),
    ]

    operations = [
        migrations.CreateModel(
            name="CustomerStanding",
            fields=[
                (
                    "customer",
                    shopadmin.models.ShopOneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="standing",
                        serialize=False,
                        to="customers.customer",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("active", "active"), ("blocked", "blocked")],
                        default="active",
                        max_length=7,
                        verbose_name="status",
                    ),
                ),
                ("points_balance", models.IntegerField(default=0, verbose_name="loyalty points")),
                (
                    "shop",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="shopadmin.shop",
                    ),
                ),
            ],
            options={
                "verbose_name": "customer standing",
                "verbose_name_plural": "customer standings",
            },
        ),
        # Half of each page free: blocking every customer on a page still fits beside the
        # old row versions (a HOT update). The rows are small (56 bytes): the table takes
        # about 117 MB a million customers, twice what full pages would.
        migrations.RunSQL(
            "ALTER TABLE customers_customerstanding SET (fillfactor = 50)",
            "ALTER TABLE customers_customerstanding RESET (fillfactor)",
        ),
        migrations.RunSQL(seeing_every_shop(COPY_FORWARD), seeing_every_shop(COPY_BACK)),
        migrations.AddIndex(
            model_name="customerstanding",
            index=models.Index(
                fields=["shop", "points_balance", "customer"], name="standing_points_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="customerstanding",
            constraint=models.CheckConstraint(
                condition=models.Q(("points_balance__gte", 0)),
                name="standing_points_not_negative",
            ),
        ),
        EnableTenancy("customerstanding"),
        migrations.RemoveConstraint(
            model_name="customerstats",
            name="customerstats_points_not_negative",
        ),
        migrations.RemoveIndex(
            model_name="customerstats",
            name="stats_points_idx",
        ),
        migrations.RemoveField(
            model_name="customer",
            name="status",
        ),
        migrations.RemoveField(
            model_name="customerstats",
            name="points_balance",
        ),
        migrations.AlterModelTableComment(
            name="customer",
            table_comment=(
                "Customers of a shop; order figures live in customers_customerstats, status "
                "and points in customers_customerstanding."
            ),
        ),
    ]
