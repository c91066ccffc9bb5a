from django.contrib.auth.backends import ModelBackend

from shopadmin.models import User


class ShopScopedEmailBackend(ModelBackend):
    """Email and password, looked up in one shop: staff (shop=None) or a shop's customers.

    The same email may belong to a staff member and to customers of several shops, each with
    their own password, so the caller always says which shop the login is for.
    """

    def authenticate(self, request, username=None, password=None, shop=None, **kwargs):
        email = User.objects.normalize_email(kwargs.get("email") or username)
        if not email or password is None:
            return None
        user = User.objects.filter(shop=shop, email=email).first()
        if user is None:
            User().set_password(password)  # same time as a wrong password: no user enumeration
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
