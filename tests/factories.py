"""Factories that write through the services, inside the shop's context (RLS is on in tests)."""

from dataclasses import dataclass
from decimal import Decimal

import factory

from catalog.models import Category, Product
from customers.models import Customer, CustomerStanding, EmailCampaign, EmailDelivery, SavedFilter
from customers.services import create_customer, create_saved_filter
from discounts.models import Coupon, Discount, DiscountCategory, DiscountGroup
from groups.models import CustomerGroup, GroupMembership, PricingTemplate
from orders.models import Order, OrderLine
from shopadmin.models import Job, Shop
from shopadmin.services import add_staff_member, create_shop
from shopadmin.tenancy import shop_context

PASSWORD = "correct-horse-battery-9"


class TenantFactory(factory.django.DjangoModelFactory):
    """Creates the row inside its shop's context, as the app would."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with shop_context(kwargs["shop"]):
            return super()._create(model_class, *args, **kwargs)


class CustomerFactory(factory.Factory):
    class Meta:
        model = Customer

    first_name = factory.Sequence(lambda n: f"Anna{n}")
    last_name = "Kowalska"
    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    city = "Łódź"
    guest = False

    @classmethod
    def _create(
        cls, model_class, *, shop, guest, email, status=None, points_balance=None, **fields
    ):
        with shop_context(shop):
            customer = create_customer(
                shop=shop, email=email, guest=guest, password=PASSWORD, **fields
            )
            # Kept on the customer's standing row, which create_customer made.
            standing = {"status": status, "points_balance": points_balance}
            given = {name: value for name, value in standing.items() if value is not None}
            if given:
                CustomerStanding.objects.filter(shop=shop, customer=customer).update(**given)
            return customer


class CustomerGroupFactory(TenantFactory):
    class Meta:
        model = CustomerGroup

    name = factory.Sequence(lambda n: f"Group {n}")
    tag_label = "VIP"
    tag_colour = "#D4AF37"


class GroupMembershipFactory(TenantFactory):
    class Meta:
        model = GroupMembership

    source = GroupMembership.Source.STAFF


class ProductFactory(TenantFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    list_price_net = Decimal("100.00")
    cost = Decimal("60.00")


class CategoryFactory(TenantFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")


class PricingTemplateFactory(TenantFactory):
    class Meta:
        model = PricingTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    base = PricingTemplate.Base.LIST_PRICE


class DiscountFactory(TenantFactory):
    class Meta:
        model = Discount

    name = factory.Sequence(lambda n: f"Discount {n}")
    kind = Discount.Kind.PERCENT
    value = Decimal("10")


class DiscountCategoryFactory(TenantFactory):
    class Meta:
        model = DiscountCategory


class DiscountGroupFactory(TenantFactory):
    class Meta:
        model = DiscountGroup


class CouponFactory(TenantFactory):
    class Meta:
        model = Coupon

    code = factory.Sequence(lambda n: f"CODE{n}")


class OrderFactory(TenantFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"ORD-{n:06d}")
    currency = "PLN"
    net = Decimal("100.00")
    tax = Decimal("23.00")
    gross = Decimal("123.00")


class OrderLineFactory(TenantFactory):
    class Meta:
        model = OrderLine

    sku = "SKU"
    name = "Line"
    quantity = 1
    unit_price_net = Decimal("100.00")
    vat_rate = Decimal("23.00")
    line_net = Decimal("100.00")
    line_tax = Decimal("23.00")
    line_gross = Decimal("123.00")


class JobFactory(TenantFactory):
    class Meta:
        model = Job

    kind = "export"


@dataclass
class ShopData:
    owner: object
    customer: Customer
    guest: Customer
    group: CustomerGroup
    product: Product
    order: Order
    job: Job
    saved_filter: SavedFilter
    campaign: EmailCampaign


def make_shop_with_data(*, name: str, slug: str, marker: str) -> Shop:
    """A shop with an owner, a customer in a group, a guest, a product, an order and a job.
    Every name carries `marker`, so a leak of this shop's data is easy to spot."""
    # English, so that tests read Django's own messages as written; a test of the shop's
    # language sets it (tests/storefront/test_shop_language.py).
    shop = create_shop(name=name, slug=slug, language="en")
    owner, _ = add_staff_member(
        shop=shop,
        email=f"owner@{slug}.example",
        role="owner",
        password=PASSWORD,
        first_name="Owner",
        last_name=marker,
    )
    customer = CustomerFactory(
        shop=shop, first_name=f"Customer {marker}", email=f"c@{slug}.example"
    )
    guest = CustomerFactory(
        shop=shop, first_name=f"Guest {marker}", email=f"g@{slug}.example", guest=True
    )
    group = CustomerGroupFactory(shop=shop, name=f"Group {marker}", tag_label=f"Tag {marker}"[:30])
    GroupMembershipFactory(shop=shop, customer=customer, group=group)
    product = ProductFactory(shop=shop, name=f"Product {marker}")
    order = OrderFactory(shop=shop, customer=customer, number=f"{slug[:8].upper()}-1")
    OrderLineFactory(shop=shop, order=order, product=product, name=f"Product {marker}")
    job = JobFactory(shop=shop, result_message=f"Export {marker}")
    with shop_context(shop):
        saved_filter = create_saved_filter(
            shop=shop,
            actor=owner,
            name=f"Filter {marker}",
            shared=True,
            query={"q": [f"Customer {marker}"], "group": [str(group.pk)]},
        )
        campaign = EmailCampaign.objects.create(
            shop=shop, subject=f"Email {marker}", body=f"Body {marker}", created_by=owner
        )
        EmailDelivery.objects.create(
            shop=shop,
            campaign=campaign,
            customer=customer,
            email=customer.email,
            status=EmailDelivery.Status.FAILED,
            detail=f"Refused {marker}",
        )
    shop.demo = ShopData(owner, customer, guest, group, product, order, job, saved_filter, campaign)
    return shop


@dataclass
class DiscountData:
    discount: Discount
    coupon: Coupon
    template: PricingTemplate
    category: Category


def discount_data_of(shop) -> DiscountData:
    """A discount for the shop's group, on a category, with a coupon its customer holds, and a
    pricing template the group uses; names carry the shop's marker (its owner's last name).
    Made once per shop object, so tests may ask for it more than once."""
    from discounts.models import CouponAssignment

    if getattr(shop, "discount_demo", None) is None:
        demo = shop.demo
        marker = demo.owner.last_name
        template = PricingTemplateFactory(shop=shop, name=f"Template {marker}")
        category = CategoryFactory(shop=shop, name=f"Category {marker}")
        discount = DiscountFactory(
            shop=shop,
            name=f"Discount {marker}",
            scope=Discount.Scope.CATEGORIES,
            audience=Discount.Audience.GROUPS,
        )
        DiscountCategoryFactory(shop=shop, discount=discount, category=category)
        DiscountGroupFactory(shop=shop, discount=discount, group=demo.group)
        coupon = CouponFactory(shop=shop, discount=discount, code=f"C{shop.pk}-{marker}"[:40])
        with shop_context(shop):
            CustomerGroup.objects.filter(shop=shop, pk=demo.group.pk).update(
                pricing_template=template
            )
            CouponAssignment.objects.create(shop=shop, coupon=coupon, customer=demo.customer)
        shop.discount_demo = DiscountData(discount, coupon, template, category)
    return shop.discount_demo


class ManufacturerFactory(TenantFactory):
    class Meta:
        model = "catalog.Manufacturer"

    name = factory.Sequence(lambda n: f"Manufacturer {n}")
