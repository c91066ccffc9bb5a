from django.conf import settings
from django.urls import reverse


def storefront_path(request, name: str, **kwargs) -> str:
    """Reverse a storefront page keeping the request's form: /s/<slug>/... in development,
    the bare path on the shop's own domain."""
    slug = request.resolver_match.kwargs.get("shop_slug") if request.resolver_match else None
    if slug:
        kwargs["shop_slug"] = slug
    return reverse(f"storefront:{name}", kwargs=kwargs)


def absolute_url(shop, name: str, **kwargs) -> str:
    """The absolute address of a storefront page, for links in email: on the shop's own
    domain, or under /s/<slug>/ of SITE_URL when the shop has none (development)."""
    if shop.domain:
        return f"https://{shop.domain}{reverse(f'storefront:{name}', kwargs=kwargs)}"
    path = reverse(f"storefront:{name}", kwargs={"shop_slug": shop.slug, **kwargs})
    return f"{settings.SITE_URL}{path}"
