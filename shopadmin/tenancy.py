"""The current shop: one context object for requests, tasks and commands.

`shop_context(shop)` opens a transaction (or a savepoint), sets the contextvar and sets
`app.shop_id` transaction-locally, which is what the row-level security policies read. Being
transaction-local, the setting can never leak to the next user of a pooled connection. On
leaving, the previous shop (if any) is restored, so contexts nest.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections, transaction

_current_shop: ContextVar = ContextVar("current_shop", default=None)


class NoCurrentShop(RuntimeError):
    pass


def get_current_shop():
    """The shop of the running request, task or command; raises when there is none."""
    shop = _current_shop.get()
    if shop is None:
        raise NoCurrentShop("This code needs a shop: call it inside shop_context(shop).")
    return shop


def current_shop_or_none():
    return _current_shop.get()


def set_db_setting(name: str, value, *, using: str = "default") -> None:
    """Set a transaction-local `app.*` setting; must run inside a transaction."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError(f"{name} is transaction-local: set it inside transaction.atomic().")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, true)", [name, "" if value is None else str(value)]
        )


def get_db_setting(name: str, *, using: str = "default") -> str:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT coalesce(current_setting(%s, true), '')", [name])
        return cursor.fetchone()[0]


@contextmanager
def _db_setting_context(name: str, value, *, using: str) -> Iterator:
    """Set an `app.*` setting for the block, in a transaction; restore the previous value."""
    with transaction.atomic(using=using):
        previous = get_db_setting(name, using=using)
        set_db_setting(name, value, using=using)
        yield
        # On an exception the savepoint's rollback restores the setting by itself.
        set_db_setting(name, previous, using=using)


@contextmanager
def shop_context(shop, *, using: str = "default") -> Iterator:
    """Run the block as `shop`: contextvar, transaction and database setting together."""
    token = _current_shop.set(shop)
    try:
        with _db_setting_context("app.shop_id", shop.pk, using=using):
            yield shop
    finally:
        _current_shop.reset(token)


@contextmanager
def staff_user_context(user, *, using: str = "default") -> Iterator:
    """Let the staff member's own memberships be read before a shop is chosen."""
    with _db_setting_context("app.user_id", user.pk, using=using):
        yield user
