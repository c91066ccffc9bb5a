from customers.models import Customer
from shopadmin.tasks import shop_task
from shopadmin.tenancy import current_shop_or_none


@shop_task()
def count_customers_seen(shop):
    return shop.pk, Customer.objects.count(), current_shop_or_none().pk


def test_a_shop_task_runs_inside_its_shop_only(shop, other_shop):
    result = count_customers_seen.apply(args=[shop.pk]).get()
    assert result == (shop.pk, 2, shop.pk)
    assert current_shop_or_none() is None
