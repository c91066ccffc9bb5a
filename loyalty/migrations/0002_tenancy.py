from django.db import migrations

from shopadmin.rls import EnableTenancy


class Migration(migrations.Migration):
    dependencies = [
        ("loyalty", "0001_initial"),
        ("customers", "0002_tenancy"),
        ("orders", "0002_tenancy"),
    ]

    operations = [
        EnableTenancy("loyaltyrule"),
        EnableTenancy("pointsentry"),
    ]
