"""Alembic's environment: drafter.database.upgrade hands over an open connection; nothing is read from an ini file."""


def _run() -> None:
    from alembic import context

    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


_run()
