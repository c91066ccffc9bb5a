from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, *, default: str) -> str:
    """The page to return to after an action: `next` from the form or the address (the list
    with its search, filters and page) when it is on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
