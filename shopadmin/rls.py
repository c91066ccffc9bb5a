"""Row-level security for tenant tables, as a migration operation.

`EnableTenancy("customer")` in an app's migration:
- enables and forces row-level security on the model's table, with one policy that lets the
  runtime role see and write only the rows of the shop in `app.shop_id`;
- adds UNIQUE (shop_id, pk), so that other tenant tables can point at (shop_id, pk);
- for every foreign key of the model to another tenant model, adds a composite foreign key
  (shop_id, <fk>_id) -> (shop_id, id): the database itself refuses a row of shop A that points
  at a row of shop B (foreign-key checks bypass row-level security, so the policy alone would
  not catch that).
"""

from django.db import migrations

CURRENT_SHOP = "nullif(current_setting('app.shop_id', true), '')::bigint"
CURRENT_USER = "nullif(current_setting('app.user_id', true), '')::bigint"
POLICY_NAME = "tenant_isolation"


def is_tenant_model(model) -> bool:
    """A tenant model has a required shop. (User has an optional one: staff belong to no shop.)"""
    return any(f.name == "shop" and not f.null for f in model._meta.concrete_fields)


def _same_shop_foreign_keys(model):
    for field in model._meta.concrete_fields:
        if field.is_relation and field.name != "shop" and is_tenant_model(field.related_model):
            yield field


def _fk_name(table: str, column: str) -> str:
    return f"{table}_{column}_same_shop"[:63]


def shop_pk_index_name(opts) -> str:
    return f"{opts.db_table}_shop_pk_key"[:63]


def _ensure_shop_pk_index(schema_editor, opts) -> None:
    """UNIQUE (shop_id, pk): what a same-shop foreign key points at. Idempotent, so that two
    apps whose tables point at each other can enable tenancy in either order."""
    qn = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE UNIQUE INDEX IF NOT EXISTS {qn(shop_pk_index_name(opts))} "
        f"ON {qn(opts.db_table)} (shop_id, {qn(opts.pk.column)})"
    )


class EnableTenancy(migrations.operations.base.Operation):
    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str, using: str | None = None, also_readable: str | None = None):
        self.model_name = model_name.lower()
        # A policy other than "shop_id = current shop", for the few tables that need one.
        self.using = using
        # Extra rows the runtime role may read (never write), e.g. a user's own memberships.
        self.also_readable = also_readable

    def state_forwards(self, app_label, state):
        pass

    def describe(self):
        return f"Enable row-level security and same-shop foreign keys on {self.model_name}"

    @property
    def migration_name_fragment(self):
        return f"tenancy_{self.model_name}"

    def deconstruct(self):
        kwargs = {"model_name": self.model_name}
        if self.using:
            kwargs["using"] = self.using
        if self.also_readable:
            kwargs["also_readable"] = self.also_readable
        return (self.__class__.__name__, [], kwargs)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        qn = schema_editor.quote_name
        using = self.using or f"shop_id = {CURRENT_SHOP}"
        schema_editor.execute(f"ALTER TABLE {qn(table)} ENABLE ROW LEVEL SECURITY")
        schema_editor.execute(f"ALTER TABLE {qn(table)} FORCE ROW LEVEL SECURITY")
        schema_editor.execute(
            f"CREATE POLICY {POLICY_NAME} ON {qn(table)} USING ({using}) WITH CHECK ({using})"
        )
        if self.also_readable:
            schema_editor.execute(
                f"CREATE POLICY {POLICY_NAME}_read ON {qn(table)} FOR SELECT "
                f"USING ({self.also_readable})"
            )
        _ensure_shop_pk_index(schema_editor, model._meta)
        for field in _same_shop_foreign_keys(model):
            target = field.related_model._meta
            _ensure_shop_pk_index(schema_editor, target)
            schema_editor.execute(
                f"ALTER TABLE {qn(table)} ADD CONSTRAINT {qn(_fk_name(table, field.column))} "
                f"FOREIGN KEY (shop_id, {qn(field.column)}) "
                f"REFERENCES {qn(target.db_table)} (shop_id, {qn(target.pk.column)}) "
                "DEFERRABLE INITIALLY DEFERRED"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        qn = schema_editor.quote_name
        for field in _same_shop_foreign_keys(model):
            schema_editor.execute(
                f"ALTER TABLE {qn(table)} DROP CONSTRAINT {qn(_fk_name(table, field.column))}"
            )
        # The (shop_id, pk) index stays: other tables' foreign keys may rely on it.
        if self.also_readable:
            schema_editor.execute(f"DROP POLICY {POLICY_NAME}_read ON {qn(table)}")
        schema_editor.execute(f"DROP POLICY {POLICY_NAME} ON {qn(table)}")
        schema_editor.execute(f"ALTER TABLE {qn(table)} NO FORCE ROW LEVEL SECURITY")
        schema_editor.execute(f"ALTER TABLE {qn(table)} DISABLE ROW LEVEL SECURITY")


def set_null_on_delete(*, table: str, column: str, target_table: str) -> migrations.RunSQL:
    """Make a same-shop foreign key clear its own column (not shop_id) when the row it points
    at is deleted. PostgreSQL runs that update as the table's owner, so it also works on an
    append-only table (the points ledger) where the runtime role may not UPDATE."""
    return _on_delete(table, column, target_table, f'ON DELETE SET NULL ("{column}") ')


def cascade_on_delete(*, table: str, column: str, target_table: str) -> migrations.RunSQL:
    """Make a same-shop foreign key delete its row when the row it points at is deleted: the
    database does it, so the app that deletes (customers, say) writes no table of an app
    above it (group memberships); the model's field says on_delete=DO_NOTHING."""
    return _on_delete(table, column, target_table, "ON DELETE CASCADE ")


def _on_delete(table: str, column: str, target_table: str, action: str) -> migrations.RunSQL:
    name = _fk_name(table, column)

    def sql(action: str) -> str:
        return (
            f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}", ADD CONSTRAINT "{name}" '
            f'FOREIGN KEY (shop_id, "{column}") REFERENCES "{target_table}" (shop_id, id) '
            f"{action}DEFERRABLE INITIALLY DEFERRED"
        )

    return migrations.RunSQL(sql(action), reverse_sql=sql(""))
