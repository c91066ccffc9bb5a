from django.db import migrations

from shopadmin.rls import EnableTenancy


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial"), ("shopadmin", "0002_runtime_role_and_tenancy")]

    operations = [
        EnableTenancy("customer"),
        EnableTenancy("customerstats"),
        EnableTenancy("savedfilter"),
        EnableTenancy("listpreference"),
        # Room on each page so that an update of unindexed columns (status, newsletter,
        # last visit) can stay on the page without touching the indexes (HOT updates).
        migrations.RunSQL(
            "ALTER TABLE customers_customer SET (fillfactor = 85)",
            "ALTER TABLE customers_customer RESET (fillfactor)",
        ),
        migrations.RunSQL(
            "ALTER TABLE customers_customerstats SET (fillfactor = 80)",
            "ALTER TABLE customers_customerstats RESET (fillfactor)",
        ),
    ]
