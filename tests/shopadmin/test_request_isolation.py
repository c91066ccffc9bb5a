from django.db import transaction
from django.urls import reverse

from shopadmin.tenancy import get_db_setting, shop_context
from tests.factories import PASSWORD


def test_no_shop_setting_outlives_a_request(staff_client):
    staff_client.get(reverse("staff:home"))
    with transaction.atomic():
        assert (get_db_setting("app.shop_id"), get_db_setting("app.user_id")) == ("", "")


def test_a_customer_account_is_not_a_staff_account(client, shop):
    with shop_context(shop):  # a customer's account is visible only inside their shop
        client.force_login(shop.demo.customer.user)
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


def test_a_customer_session_is_worthless_in_another_shops_storefront(client, shop, other_shop):
    with shop_context(shop):
        client.force_login(shop.demo.customer.user)
    own = client.get(f"/s/{shop.slug}/")
    elsewhere = client.get(f"/s/{other_shop.slug}/")
    assert own.wsgi_request.user == shop.demo.customer.user
    assert elsewhere.wsgi_request.user.is_authenticated is False


def test_customers_cannot_log_in_with_the_staff_form_even_with_the_right_password(client, shop):
    response = client.post(
        reverse("staff:login"), {"email": "c@sklep-testowy.example", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_staff_session_is_nobody_on_a_storefront(staff_client, shop):
    response = staff_client.get(f"/s/{shop.slug}/")
    assert response.wsgi_request.user.is_authenticated is False
