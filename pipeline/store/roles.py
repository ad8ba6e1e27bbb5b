"""A read-only PostgreSQL role for analysts: SELECT on every table and view, nothing else."""

from __future__ import annotations

from sqlalchemy import Engine, text


class RoleError(Exception):
    """The grant cannot be made; the message says why."""


def grant_readonly(engine: Engine, role: str) -> list[str]:
    """Let ``role`` read every table and view of the schema, now and after migrations.

    Returns the statements it ran. The role must exist (``CREATE ROLE analyst LOGIN
    PASSWORD '...'``). Default privileges cover tables that later migrations create
    as the role running this command, which should be the one that runs migrations.
    """
    if engine.dialect.name != "postgresql":
        raise RoleError(
            f"read-only roles are a PostgreSQL feature; this database is {engine.dialect.name}"
            " (give analysts a copy of the SQLite file, or open it with mode=ro)"
        )
    quote = engine.dialect.identifier_preparer.quote
    with engine.begin() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
        ).first()
        if exists is None:
            raise RoleError(
                f"role {role!r} does not exist; create it first, e.g."
                f" CREATE ROLE {quote(role)} LOGIN PASSWORD '...';"
            )
        database, schema = connection.execute(
            text("SELECT current_database(), current_schema()")
        ).one()
        if schema is None:
            raise RoleError("no schema on the search_path exists; run `losses db upgrade` first")
        grantee, in_schema = quote(role), quote(schema)
        statements = [
            f"GRANT CONNECT ON DATABASE {quote(database)} TO {grantee}",
            f"GRANT USAGE ON SCHEMA {in_schema} TO {grantee}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA {in_schema} TO {grantee}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {in_schema} GRANT SELECT ON TABLES TO {grantee}",
        ]
        for statement in statements:
            connection.execute(text(statement))
    return statements
