from django import template

from storefront.urls_for import storefront_path

register = template.Library()


@register.simple_tag(takes_context=True)
def shop_url(context, name, **kwargs):
    """A storefront page's path in the form the request came in (own domain or /s/<slug>/)."""
    return storefront_path(context["request"], name, **kwargs)
