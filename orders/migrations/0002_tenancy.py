from django.db import migrations

from shopadmin.rls import EnableTenancy


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
        ("customers", "0002_tenancy"),
        ("catalog", "0002_tenancy"),
    ]

    operations = [
        EnableTenancy("order"),
        EnableTenancy("orderline"),
    ]
