from discounts.models import Coupon


def coupons_of_shop(shop):
    return Coupon.objects.filter(shop=shop, is_active=True)
