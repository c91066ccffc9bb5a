"""Test set-up: a real PostgreSQL test database made and migrated by the owner, and tests that
run as the runtime role, under row-level security, exactly as the app does.

Every test that uses `shop` also gets `other_shop`, whose data carries SENTINEL in its names:
a response to shop A's staff that contains SENTINEL has leaked shop B's data.
"""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.test import Client

from shopadmin.services import add_staff_member
from tests.factories import PASSWORD, make_shop_with_data

# The real-worker fixtures (Redis, a worker's environment), for the tests about a worker.
pytest_plugins = ["tests.workers"]

SENTINEL = "ZQX-OTHER-SHOP-SENTINEL"

# Every test makes accounts; the production hasher's rounds cost most of a test's set-up time.
# Logging in checks the password all the same.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """Create the test database through the owner connection (the runtime role may not create
    databases or run migrations), then point the runtime connection at it."""
    owner = connections["owner"]
    if os.environ.get("TEST_DATABASE_NAME"):  # for two test runs side by side on one server
        owner.settings_dict["TEST"]["NAME"] = os.environ["TEST_DATABASE_NAME"]
    with django_db_blocker.unblock():
        old_name = owner.settings_dict["NAME"]
        owner.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        connections["default"].creation.set_as_test_mirror(owner.settings_dict)
        # Live-server threads open their own connections; none may outlive its request, or
        # the test database could not be dropped at the end.
        connections["default"].settings_dict["CONN_MAX_AGE"] = 0
        connections["default"].close()
    yield
    with django_db_blocker.unblock():
        connections["default"].close()
        owner.creation.destroy_test_db(old_name, verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with no rate-limit counts (storefront/limits.py) from another."""
    cache.clear()


@pytest.fixture
def shop(db):
    return make_shop_with_data(name="Sklep Testowy Łódź", slug="sklep-testowy", marker="Alpha")


@pytest.fixture
def other_shop(db, shop):
    return make_shop_with_data(name=f"Other {SENTINEL}", slug="other-shop", marker=SENTINEL)


@pytest.fixture
def owner(shop):
    return shop.demo.owner


@pytest.fixture
def staff_client(client, shop, other_shop):
    """A browser session of shop A's owner (and other_shop exists, with its sentinel data)."""
    client.force_login(shop.demo.owner)
    return client


@pytest.fixture
def support_client(shop):
    """A browser session of shop A's support staff: may view and edit customers, but neither
    delete them, enter orders nor manage the shop."""
    user, _ = add_staff_member(
        shop=shop, email="support@sklep-testowy.example", role="support", password=PASSWORD
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Data that other processes and threads can see (a live server, a worker): written in
    autocommit, and wiped by the owner afterwards (the runtime role may not TRUNCATE)."""
    with django_db_blocker.unblock():
        yield
        connections["default"].close()
        with connections["owner"].cursor() as cursor:
            cursor.execute(
                "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename NOT IN "
                "('django_migrations', 'django_content_type', 'auth_permission')"
            )
            cursor.execute(f"TRUNCATE {cursor.fetchone()[0]} RESTART IDENTITY CASCADE")
        connections["owner"].close()
