from django.db import migrations

from shopadmin.db_roles import ensure_runtime_role
from shopadmin.rls import CURRENT_SHOP, CURRENT_USER, EnableTenancy


def create_runtime_role(apps, schema_editor):
    ensure_runtime_role(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("shopadmin", "0001_initial")]

    operations = [
        migrations.RunPython(create_runtime_role, migrations.RunPython.noop),
        # Staff accounts (no shop) are not tenant data: every shop's login page must find them.
        EnableTenancy("user", using=f"shop_id IS NULL OR shop_id = {CURRENT_SHOP}"),
        # A staff member reads their own memberships (for the shop switcher) before a shop is
        # chosen; writing one still needs that shop.
        EnableTenancy("staffmembership", also_readable=f"user_id = {CURRENT_USER}"),
        EnableTenancy("auditevent"),
        EnableTenancy("job"),
    ]
