from django.shortcuts import get_object_or_404

from groups.models import CustomerGroup, GroupMembership


def groups_of_shop(shop):
    return CustomerGroup.objects.filter(shop=shop)


def get_group_for_shop(shop, pk):
    return get_object_or_404(groups_of_shop(shop), pk=pk)


def groups_of_customer(shop, customer):
    return (
        groups_of_shop(shop)
        .filter(memberships__shop=shop, memberships__customer=customer)
        .order_by("name")
    )


def memberships_of_shop(shop):
    return GroupMembership.objects.filter(shop=shop)
