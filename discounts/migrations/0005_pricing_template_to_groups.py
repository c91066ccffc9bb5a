"""Pricing templates now belong to groups (groups/migrations/0003): only Django's state of
the model leaves discounts; the table was renamed there."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("discounts", "0004_pricing_template_adjustment_range"),
        ("groups", "0003_pricing_template_from_discounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PricingTemplate")]
        ),
    ]
