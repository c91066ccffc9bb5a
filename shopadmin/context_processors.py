def current_shop(request):
    return {
        "shop": getattr(request, "shop", None),
        "staff_shops": getattr(request, "staff_shops", ()),
    }
