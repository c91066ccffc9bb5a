"""Absolute links to the customer's pages, for email. The storefront registers how its pages
are addressed (storefront/apps.py), so that the core and the domain apps name no storefront
URL: they ask for a page by its name ("password_reset_confirm")."""

from collections.abc import Callable

_customer_page_url: Callable[..., str] | None = None


def register_customer_page_url(build: Callable[..., str]) -> None:
    """`build(shop, name, **kwargs)` -> the absolute address of the customer's page `name`."""
    global _customer_page_url
    _customer_page_url = build


def customer_page_url(shop, name: str, **kwargs) -> str:
    if _customer_page_url is None:
        raise RuntimeError("No storefront is installed to address the customer's pages.")
    return _customer_page_url(shop, name, **kwargs)


_staff_page_url: Callable[..., str] | None = None


def register_staff_page_url(build: Callable[..., str]) -> None:
    """`build(name, **kwargs)` -> the absolute address of the staff page `name`."""
    global _staff_page_url
    _staff_page_url = build


def staff_page_url(name: str, **kwargs) -> str:
    if _staff_page_url is None:
        raise RuntimeError("No back-office is installed to address the staff pages.")
    return _staff_page_url(name, **kwargs)
