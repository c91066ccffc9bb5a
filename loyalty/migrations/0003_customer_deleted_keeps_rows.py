# Deleting a customer keeps these rows: the database clears their customer (decision 18).

import django.db.models.deletion
import shopadmin.models
from shopadmin.rls import set_null_on_delete
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0004_orders_value_in_cents"),
        ("loyalty", "0002_tenancy"),
    ]

    operations = [
        migrations.AlterField(
            model_name="pointsentry",
            name="customer",
            field=shopadmin.models.ShopForeignKey(
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="points_entries",
                to="customers.customer",
            ),
        ),
        set_null_on_delete(
            table="loyalty_pointsentry", column="customer_id", target_table="customers_customer"
        ),
    ]
