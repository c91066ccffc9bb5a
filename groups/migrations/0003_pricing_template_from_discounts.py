"""Pricing templates move from discounts to groups: a template is how a group's prices are
made, and discounts (which name groups) then sit above groups with no cycle between the two
apps. Only Django's state moves; in the database the table is renamed, and its rows, its
row-level security, constraints and indexes stay as they were."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

import shopadmin.models


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_tenancy_and_no_guest_members"),
        ("discounts", "0004_pricing_template_adjustment_range"),
        ("shopadmin", "0003_job_chunks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PricingTemplate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "base",
                            models.CharField(
                                choices=[
                                    ("list_price", "list price minus a percentage"),
                                    ("cost", "cost plus a percentage"),
                                ],
                                max_length=10,
                                verbose_name="based on",
                            ),
                        ),
                        (
                            "adjustment_percent",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=6,
                                verbose_name="adjustment %",
                            ),
                        ),
                        (
                            "min_margin_percent",
                            models.DecimalField(
                                decimal_places=2,
                                default=Decimal("0"),
                                max_digits=6,
                                validators=[django.core.validators.MinValueValidator(0)],
                                verbose_name="minimum margin over cost %",
                            ),
                        ),
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
                        "verbose_name": "pricing template",
                        "verbose_name_plural": "pricing templates",
                        "db_table": "discounts_pricingtemplate",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("shop", "name"), name="pricingtemplate_unique_name"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("min_margin_percent__gte", 0)),
                                name="pricingtemplate_margin_positive",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("adjustment_percent__gte", 0),
                                    models.Q(
                                        ("base", "cost"),
                                        ("adjustment_percent__lte", 100),
                                        _connector="OR",
                                    ),
                                ),
                                name="pricingtemplate_adjustment_range",
                            ),
                        ],
                    },
                ),
                migrations.AlterField(
                    model_name="customergroup",
                    name="pricing_template",
                    field=shopadmin.models.ShopForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="groups.pricingtemplate",
                        verbose_name="pricing template",
                    ),
                ),
            ]
        ),
        # The table takes the name of its new app: groups_pricingtemplate.
        migrations.AlterModelTable(name="pricingtemplate", table=None),
    ]
