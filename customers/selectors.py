from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from customers.models import (
    AssistedLogin,
    Customer,
    EmailCampaign,
    EmailDelivery,
    ListPreference,
    SavedFilter,
)

CUSTOMER_LIST = "customers"  # the list_name of the customer list's preferences and filters


def customers_of_shop(shop):
    return Customer.objects.filter(shop=shop)


def selected_customers(shop, customers):
    """A selection handed to a service, re-scoped to the shop whatever the caller passed."""
    return customers_of_shop(shop).filter(pk__in=customers.values("pk"))


def get_customer_for_shop(shop, pk):
    """The customer `pk` of `shop`, or 404: another shop's id looks exactly like a missing one."""
    return get_object_or_404(
        customers_of_shop(shop).select_related("stats", "standing", "account_manager"), pk=pk
    )


def customer_of_user(*, shop, user) -> Customer | None:
    """The customer record behind a storefront login, or None."""
    return customers_of_shop(shop).select_related("stats", "standing").filter(user=user).first()


# --- Email campaigns --------------------------------------------------------------------------


def get_email_campaign_for_shop(shop, pk):
    return get_object_or_404(EmailCampaign.objects.filter(shop=shop), pk=pk)


def deliveries_of_campaign(shop, campaign_id: int):
    return EmailDelivery.objects.filter(shop=shop, campaign_id=campaign_id)


def delivery_counts(shop, campaign_id: int) -> dict[str, int]:
    """How many deliveries of the campaign are in each status."""
    deliveries = deliveries_of_campaign(shop, campaign_id)
    return dict(deliveries.values_list("status").annotate(count=Count("pk")).order_by())


def undelivered(shop, campaign):
    """The deliveries someone should look at: failed, interrupted, skipped, in that order."""
    Status = EmailDelivery.Status
    return (
        deliveries_of_campaign(shop, campaign.pk)
        .filter(status__in=[Status.FAILED, Status.INTERRUPTED, Status.SKIPPED])
        .select_related("customer")
        .order_by("status", "pk")
    )


# --- Saved filters and list preferences -------------------------------------------------


def saved_filters_for(*, shop, user, list_name: str = CUSTOMER_LIST):
    """The saved filters `user` may apply in `shop`: their own and those shared with the staff."""
    return (
        SavedFilter.objects.filter(shop=shop, list_name=list_name)
        .filter(Q(owner=user) | Q(shared=True))
        .select_related("owner")
        .order_by("name", "pk")
    )


def get_saved_filter_for(*, shop, user, pk):
    return get_object_or_404(saved_filters_for(shop=shop, user=user), pk=pk)


def list_preference_for(*, shop, user, list_name: str = CUSTOMER_LIST) -> ListPreference | None:
    return ListPreference.objects.filter(shop=shop, user=user, list_name=list_name).first()


# --- Sorting -------------------------------------------------------------------------------

# The customer's one-to-one companion rows (customers.models).
COMPANIONS = ("stats", "standing")


def with_companions_of_shop(queryset, *, shop, companions):
    """Limit each of `companions` the query joins to the shop by a literal shop_id too: the
    join is then inner, and a sort or filter on the row can walk its indexes (DESIGN.md)."""
    for companion in COMPANIONS:
        if companion in companions:
            queryset = queryset.filter(**{f"{companion}__shop": shop})
    return queryset


def assisted_logins_of_customer(shop, customer):
    """The times staff logged in as the customer, newest first, with the staff member."""
    return (
        AssistedLogin.objects.filter(shop=shop, customer=customer)
        .select_related("staff")
        .order_by("-started_at", "-pk")
    )
