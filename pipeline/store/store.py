"""One handle on the database: engine, sessions and schema upkeep."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from pipeline.store import migrate
from pipeline.store.db import create_db_engine, mask_url, session_factory


class Store:
    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.engine = create_db_engine(database_url)
        self._sessions = session_factory(self.engine)

    @classmethod
    def open(cls, database_url: str, *, upgrade: bool = True) -> Store:
        """Connect, and bring an empty or older database to the newest schema."""
        store = cls(database_url)
        if upgrade:
            migrate.ensure_current(store.engine)
        return store

    @property
    def masked_url(self) -> str:
        return mask_url(self.database_url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits as one unit, or not at all."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
