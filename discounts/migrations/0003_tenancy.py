from django.db import migrations

from shopadmin.rls import EnableTenancy


class Migration(migrations.Migration):
    dependencies = [
        ("discounts", "0002_initial"),
        ("catalog", "0002_tenancy"),
        ("customers", "0002_tenancy"),
        ("groups", "0001_initial"),
    ]

    operations = [
        EnableTenancy("pricingtemplate"),
        EnableTenancy("discount"),
        EnableTenancy("discountproduct"),
        EnableTenancy("discountcategory"),
        EnableTenancy("discountmanufacturer"),
        EnableTenancy("discountgroup"),
        EnableTenancy("coupon"),
        EnableTenancy("couponassignment"),
    ]
