"""A note and the date of newsletter consent on the customer; VAT numbers kept normalised
(no spaces, dashes, dots or slashes; upper case), as customers.services now writes them, so
that a search for "5481241331" finds one typed "548-124-13-31"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0007_customer_standing"),
    ]

    operations = [
        migrations.AddField(
            model_name="customer",
            name="newsletter_consent_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="newsletter consent given"
            ),
        ),
        migrations.AddField(
            model_name="customer",
            name="note",
            field=models.TextField(blank=True, db_default="", max_length=5000, verbose_name="note"),
        ),
        # The owner may be an ordinary role, which forced row-level security binds, and no shop
        # is set while migrating: lifted for the update, as in 0007.
        migrations.RunSQL(
            [
                "ALTER TABLE customers_customer NO FORCE ROW LEVEL SECURITY",
                "UPDATE customers_customer "
                "SET vat_number = upper(regexp_replace(vat_number, '[[:space:]./-]+', '', 'g')) "
                "WHERE vat_number ~ '[[:space:]./-]' OR vat_number <> upper(vat_number)",
                "ALTER TABLE customers_customer FORCE ROW LEVEL SECURITY",
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
