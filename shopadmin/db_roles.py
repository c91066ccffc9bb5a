"""The runtime role: what the web app and the workers connect as.

It is created by migration shopadmin.0002 and re-granted after every `migrate` (tables added
later need their grants too). It can read and write rows, never change the schema, and is
neither superuser, owner nor BYPASSRLS, so the row-level security policies bind it.
"""

from django.conf import settings
from psycopg import sql

# Models whose tables the runtime role may only insert into and read: the records of what
# happened. Each app registers its own in its AppConfig.ready() (the core names no app's table).
_append_only_models: list = []


def register_append_only(model) -> None:
    _append_only_models.append(model)


def ensure_runtime_role(connection) -> None:
    role = settings.DATABASE_APP_ROLE
    password = settings.DATABASE_APP_PASSWORD or None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(
                sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE")
                .format(sql.Identifier(role))
                .as_string(cursor.connection)
            )
        if password:
            cursor.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}")
                .format(sql.Identifier(role), sql.Literal(password))
                .as_string(cursor.connection)
            )
        # JIT compiling pays off for long analytical queries; the app's are short, and it cost
        # them more than it saved.
        cursor.execute(
            sql.SQL("ALTER ROLE {} SET jit = off")
            .format(sql.Identifier(role))
            .as_string(cursor.connection)
        )
        cursor.execute("SELECT current_database()")
        database = cursor.fetchone()[0]
        statements = [
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}"),
            sql.SQL("GRANT USAGE ON SCHEMA public TO {1}"),
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {1}"),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {1}"),
            sql.SQL("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {1}"),
        ]
        for statement in statements:
            cursor.execute(
                statement.format(sql.Identifier(database), sql.Identifier(role)).as_string(
                    cursor.connection
                )
            )
        for table in (model._meta.db_table for model in _append_only_models):
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0] is not None:
                cursor.execute(
                    sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}")
                    .format(sql.Identifier(table), sql.Identifier(role))
                    .as_string(cursor.connection)
                )
