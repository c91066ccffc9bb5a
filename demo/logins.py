"""What `make run` prints before the server starts: where to log in, as whom, with what."""

from django.utils.translation import gettext as _

DEFAULT_SHOPS = 3


def print_demo_logins(base_url: str, shops: int = DEFAULT_SHOPS) -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopadmin.settings")
    django.setup()
    # Only now: the demo's shops name models, which need Django set up first.
    from demo.shops import DEMO_PASSWORD, demo_logins, demo_shops

    print(_("Staff pages: %(url)s/staff/") % {"url": base_url.rstrip("/")})
    print(_("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
    for login in demo_logins(demo_shops(shops)):
        print(f"  {login.email:<34} {login.role:<8} {', '.join(login.shop_slugs)}")
    print(_("Demo customers log in on a shop's storefront with their email and the same password."))
