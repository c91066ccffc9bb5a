from django import template

from storefront.urls_for import storefront_path

register = template.Library()


@register.simple_tag(takes_context=True)
def shop_url(context, name, **kwargs):
    """A storefront page's path in the form the request came in (own domain or /s/<slug>/)."""
    return storefront_path(context["request"], name, **kwargs)


@register.simple_tag(takes_context=True)
def url_name(context) -> str:
    """The name of the page being shown ("orders"), to mark it in a menu."""
    match = context["request"].resolver_match
    return match.url_name if match else ""
