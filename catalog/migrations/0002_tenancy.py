from django.db import migrations

from shopadmin.rls import EnableTenancy


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial"), ("shopadmin", "0002_runtime_role_and_tenancy")]

    operations = [
        EnableTenancy("category"),
        EnableTenancy("manufacturer"),
        EnableTenancy("product"),
    ]
