from django.urls import reverse


def storefront_path(request, name: str, **kwargs) -> str:
    """Reverse a storefront page keeping the request's form: /s/<slug>/... in development,
    the bare path on the shop's own domain."""
    slug = request.resolver_match.kwargs.get("shop_slug") if request.resolver_match else None
    if slug:
        kwargs["shop_slug"] = slug
    return reverse(f"storefront:{name}", kwargs=kwargs)
