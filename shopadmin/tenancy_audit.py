"""Reads the catalogue to find tenant tables that are not walled in (see check_tenancy)."""

TENANT_TABLES_SQL = """
SELECT c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'shop_id' AND NOT a.attisdropped
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
ORDER BY c.relname
"""

POLICIES_SQL = """
SELECT tablename, coalesce(qual, '') || ' ' || coalesce(with_check, '')
FROM pg_policies WHERE schemaname = 'public'
"""

# Unique indexes (constraints or not), except primary keys, that do not contain shop_id.
UNIQUE_WITHOUT_SHOP_SQL = """
SELECT t.relname, i.relname
FROM pg_index x
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_class i ON i.oid = x.indexrelid
WHERE x.indisunique AND NOT x.indisprimary AND t.oid = ANY(%s)
  AND NOT EXISTS (
      SELECT 1 FROM pg_attribute a
      WHERE a.attrelid = t.oid AND a.attname = 'shop_id' AND a.attnum = ANY(x.indkey)
  )
"""

# Foreign keys between two tenant tables on one column, with no (shop_id, column) twin.
FOREIGN_KEYS_WITHOUT_TWIN_SQL = """
SELECT t.relname, f.conname
FROM pg_constraint f
JOIN pg_class t ON t.oid = f.conrelid
WHERE f.contype = 'f' AND f.conrelid = ANY(%s) AND f.confrelid = ANY(%s)
  AND cardinality(f.conkey) = 1
  AND NOT EXISTS (
      SELECT 1 FROM pg_constraint twin
      JOIN pg_attribute s ON s.attrelid = twin.conrelid AND s.attname = 'shop_id'
      WHERE twin.contype = 'f' AND twin.conrelid = f.conrelid
        AND twin.confrelid = f.confrelid
        AND twin.conkey @> ARRAY[s.attnum, f.conkey[1]]
  )
"""

ROLE_SQL = "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s"

# For one tenant-to-tenant link of the models: (has a same-shop key, has a (shop_id, fk) index).
SAME_SHOP_LINK_SQL = """
WITH cols AS (
    SELECT (SELECT attnum FROM pg_attribute WHERE attrelid = %(table)s::regclass
            AND attname = 'shop_id') AS shop,
           (SELECT attnum FROM pg_attribute WHERE attrelid = %(table)s::regclass
            AND attname = %(column)s) AS fk
)
SELECT
    EXISTS (
        SELECT 1 FROM pg_constraint c, cols
        WHERE c.contype = 'f' AND c.conrelid = %(table)s::regclass
          AND c.confrelid = %(target)s::regclass AND c.conkey = ARRAY[cols.shop, cols.fk]
    ),
    EXISTS (
        SELECT 1 FROM pg_index x, cols
        WHERE x.indrelid = %(table)s::regclass
          AND x.indkey[0] = cols.shop AND x.indkey[1] = cols.fk
    )
"""


def find_model_link_problems(connection) -> list[str]:
    """Each link between tenant models (ShopForeignKey) needs its same-shop key, which is its
    only database constraint, and an index starting with (shop_id, fk) for joins and for the
    key's checks when the target row is deleted."""
    from django.apps import apps

    from shopadmin.rls import is_tenant_model

    problems = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if not (is_tenant_model(model) and model._meta.managed):
                continue
            for field in model._meta.concrete_fields:
                if not (field.is_relation and field.name != "shop"):
                    continue
                if not is_tenant_model(field.related_model):
                    continue
                table = model._meta.db_table
                target = field.related_model._meta.db_table
                params = {"table": table, "column": field.column, "target": target}
                cursor.execute(SAME_SHOP_LINK_SQL, params)
                has_key, has_index = cursor.fetchone()
                if not has_key:
                    problems.append(
                        f"{table}.{field.column}: no same-shop foreign key "
                        f"(shop_id, {field.column}) -> {target}"
                    )
                if not has_index and not field.primary_key:
                    problems.append(
                        f"{table}.{field.column}: no index on (shop_id, {field.column})"
                    )
    return problems


def find_tenancy_problems(connection, runtime_role: str) -> tuple[list[str], list[str]]:
    problems: list[str] = find_model_link_problems(connection)
    with connection.cursor() as cursor:
        cursor.execute(TENANT_TABLES_SQL)
        tables = cursor.fetchall()
        oids = [row[0] for row in tables]
        # Tables whose shop_id is optional (users: staff have no shop) cannot be pointed at by
        # a same-shop key, so only tables with a required shop_id count as FK targets.
        cursor.execute(
            "SELECT attrelid FROM pg_attribute WHERE attname = 'shop_id' AND attnotnull "
            "AND attrelid = ANY(%s)",
            [oids],
        )
        required_shop_oids = [row[0] for row in cursor.fetchall()]
        cursor.execute(POLICIES_SQL)
        policies: dict[str, list[str]] = {}
        for table, text in cursor.fetchall():
            policies.setdefault(table, []).append(text)
        for _oid, name, enabled, forced, owner in tables:
            if not enabled:
                problems.append(f"{name}: row-level security is not enabled")
            if not forced:
                problems.append(f"{name}: row-level security is not forced (the owner bypasses it)")
            if not any("app.shop_id" in text for text in policies.get(name, [])):
                problems.append(f"{name}: no policy reads app.shop_id")
            if owner == runtime_role:
                problems.append(f"{name}: owned by the runtime role {runtime_role}")
        cursor.execute(UNIQUE_WITHOUT_SHOP_SQL, [oids])
        for table, index in cursor.fetchall():
            problems.append(f"{table}: unique index {index} does not include shop_id")
        cursor.execute(FOREIGN_KEYS_WITHOUT_TWIN_SQL, [oids, required_shop_oids])
        for table, constraint in cursor.fetchall():
            problems.append(f"{table}: foreign key {constraint} has no same-shop (shop_id, …) twin")
        cursor.execute(ROLE_SQL, [runtime_role])
        role = cursor.fetchone()
        if role is None:
            problems.append(f"the runtime role {runtime_role} does not exist")
        elif role[0] or role[1]:
            problems.append(f"the runtime role {runtime_role} is superuser or BYPASSRLS")
    return problems, [row[1] for row in tables]
