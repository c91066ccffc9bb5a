from django.http import Http404
from django.shortcuts import redirect, render


def home(request, shop_slug=None):
    """The shop's front page: by its domain at /, or at /s/<slug>/ in development."""
    if request.shop is None:
        if shop_slug is not None:
            raise Http404
        return redirect("staff:home")
    return render(request, "storefront/home.html")
