class OwnerMigratesRouter:
    """Migrations run only on the owner connection; the runtime role cannot change the schema."""

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "owner"
