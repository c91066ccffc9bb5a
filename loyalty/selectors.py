from loyalty.models import PointsEntry


def points_entries_of_customer(shop, customer):
    return PointsEntry.objects.filter(shop=shop, customer=customer)
