"""Alembic environment: runs migrations on the connection storage hands it.

``storage.database.migrate`` passes an open connection in ``config.attributes`` so that
migrations run inside the caller's transaction (and, on PostgreSQL, under its advisory
lock). Run standalone (``alembic -c storage/alembic.ini upgrade head``) it reads the URL
from the settings.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from storage.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    from bot.settings import Settings

    engine = create_engine(Settings().database_url)
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
