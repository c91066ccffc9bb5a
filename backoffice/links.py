from django.conf import settings
from django.urls import reverse


def staff_page_absolute_url(name: str, **kwargs) -> str:
    """The absolute address of a staff page, for links in email (SITE_URL's host)."""
    return f"{settings.SITE_URL}{reverse(f'staff:{name}', kwargs=kwargs)}"
