"""Every storefront page, listed from the URL configuration so that a new one is swept too:
on shop A's own domain, /s/<B>/... is not shop B (404), and with no shop named at all there
is no storefront page (404), whatever the method."""

import re

import pytest
from django.urls import URLPattern
from django.urls.converters import IntConverter

from shopadmin.models import Shop
from storefront.urls import shop_pages


def sample_path(pattern: URLPattern) -> str:
    """The pattern's route with each converter filled in: "account/orders/1/"."""
    converters = pattern.pattern.converters

    def sample(match) -> str:
        return "1" if isinstance(converters[match[1]], IntConverter) else "x"

    return re.sub(r"<(?:\w+:)?(\w+)>", sample, str(pattern.pattern))


PATHS = [sample_path(pattern) for pattern in shop_pages if str(pattern.pattern)]


def test_the_sweep_covers_every_page():
    assert len(PATHS) == len(shop_pages) - 1  # all but the front page, swept apart below
    assert "account/privacy/data.x" in PATHS and "products/1/" in PATHS


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_shops_page_is_not_found_on_a_shops_domain(
    client, shop, other_shop, settings, path, method
):
    settings.ALLOWED_HOSTS = ["sklep.example", "testserver"]
    Shop.objects.filter(pk=shop.pk).update(domain="sklep.example")
    send = getattr(client, method)
    assert send(f"/s/other-shop/{path}", HTTP_HOST="sklep.example").status_code == 404
    # Nor is any page a storefront page where no shop is named.
    assert send(f"/{path}").status_code == 404


def test_the_front_page_of_another_shop_is_not_found_on_a_shops_domain(
    client, shop, other_shop, settings
):
    settings.ALLOWED_HOSTS = ["sklep.example"]
    Shop.objects.filter(pk=shop.pk).update(domain="sklep.example")
    assert client.get("/s/other-shop/", HTTP_HOST="sklep.example").status_code == 404


def test_shop_bs_real_pages_are_found_in_b_and_never_on_shop_as_domain(
    client, shop, other_shop, settings
):
    """The sweep above fills ids with 1: a page that takes one is also tried with shop B's
    real rows, which B's own customer does reach, so a 404 on A's domain means something."""
    from shopadmin.tenancy import shop_context

    settings.ALLOWED_HOSTS = ["sklep.example", "testserver"]
    Shop.objects.filter(pk=shop.pk).update(domain="sklep.example")
    with shop_context(other_shop):
        client.force_login(other_shop.demo.customer.user)
    real = [
        f"products/{other_shop.demo.product.pk}/",
        f"account/orders/{other_shop.demo.order.pk}/",
        "account/",
    ]
    for path in real:
        assert client.get(f"/s/other-shop/{path}").status_code == 200, path
        assert client.get(f"/s/other-shop/{path}", HTTP_HOST="sklep.example").status_code == 404
