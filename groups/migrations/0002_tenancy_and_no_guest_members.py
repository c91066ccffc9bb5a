from django.db import migrations

from shopadmin.rls import EnableTenancy

NO_GUEST_MEMBERS = """
CREATE FUNCTION groups_refuse_guest_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM customers_customer c
        WHERE c.shop_id = NEW.shop_id AND c.id = NEW.customer_id AND c.account_type = 'guest'
    ) THEN
        RAISE EXCEPTION 'a guest customer cannot be a group member (customer %)', NEW.customer_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER groupmembership_no_guests
    BEFORE INSERT OR UPDATE OF customer_id ON groups_groupmembership
    FOR EACH ROW EXECUTE FUNCTION groups_refuse_guest_member();

CREATE FUNCTION groups_refuse_member_becoming_guest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.account_type = 'guest' AND EXISTS (
        SELECT 1 FROM groups_groupmembership m
        WHERE m.shop_id = NEW.shop_id AND m.customer_id = NEW.id
    ) THEN
        RAISE EXCEPTION 'customer % is a group member and cannot become a guest', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER customer_member_not_guest
    BEFORE UPDATE OF account_type ON customers_customer
    FOR EACH ROW EXECUTE FUNCTION groups_refuse_member_becoming_guest();
"""

DROP_NO_GUEST_MEMBERS = """
DROP TRIGGER customer_member_not_guest ON customers_customer;
DROP FUNCTION groups_refuse_member_becoming_guest();
DROP TRIGGER groupmembership_no_guests ON groups_groupmembership;
DROP FUNCTION groups_refuse_guest_member();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("customers", "0002_tenancy"),
        ("discounts", "0002_initial"),
    ]

    operations = [
        EnableTenancy("customergroup"),
        EnableTenancy("groupmembership"),
        migrations.RunSQL(NO_GUEST_MEMBERS, DROP_NO_GUEST_MEMBERS),
    ]
