"""The schema: raw documents, append-only observations and the versioned daily series.

Provenance is the point of this schema. A raw document is never changed, an
observation is never updated, and a daily total that changes is superseded
(``valid_to`` set) by a new row rather than overwritten.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Set before the first migration so every constraint has a stable, portable name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC timestamp on both dialects (SQLite keeps no time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive timestamp {value!r}: store aware UTC timestamps")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: object
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """A configured source and its fetch state."""

    __tablename__ = "source"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    url: Mapped[str] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(Integer, default=50)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    # Adapter-specific state (cursor, per-URL validators, seen item hashes) as JSON text.
    state: Mapped[str | None] = mapped_column(Text)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Document(Base):
    """A raw document exactly as fetched. Never changed, never deleted."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("source_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    content_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    # pending | parsed | no_figures | failed
    parse_status: Mapped[str] = mapped_column(String(20), default="pending")
    parser_version: Mapped[str | None] = mapped_column(String(20))
    parse_error: Mapped[str | None] = mapped_column(Text)


class CategoryRow(Base):
    """The category registry, seeded by the first migration."""

    __tablename__ = "category"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    unit: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(Text)
    name_uk: Mapped[str] = mapped_column(Text)
    # JSON list of the phrasings seen in bulletins.
    aliases: Mapped[str] = mapped_column(Text)
    first_reported: Mapped[dt.date | None] = mapped_column(Date)
    last_reported: Mapped[dt.date | None] = mapped_column(Date)
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("category.key"))
    merged_on: Mapped[dt.date | None] = mapped_column(Date)
    opening_balance: Mapped[int | None] = mapped_column(BigInteger)
    sort_order: Mapped[int] = mapped_column(Integer)


class Observation(Base):
    """One figure as one document stated it. Append-only."""

    __tablename__ = "observation"
    __table_args__ = (
        # One reading per parser version: a reparse appends, it never overwrites.
        UniqueConstraint("document_id", "parser_version", "report_date", "category"),
        Index("ix_observation_date_category", "report_date", "category"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    # Denormalised from document so reconciliation needs no join.
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    # The parser that read it; only the document's current parser version counts.
    parser_version: Mapped[str] = mapped_column(String(20))
    report_date: Mapped[dt.date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(ForeignKey("category.key"))
    total: Mapped[int] = mapped_column(BigInteger)
    reported_change: Mapped[int | None] = mapped_column(BigInteger)
    qualifier: Mapped[str | None] = mapped_column(String(20))
    observed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class DailyTotal(Base):
    """The canonical series, versioned: the current row has ``valid_to`` NULL."""

    __tablename__ = "daily_total"
    __table_args__ = (
        Index(
            "uq_daily_total_current",
            "report_date",
            "category",
            unique=True,
            sqlite_where=text("valid_to IS NULL"),
            postgresql_where=text("valid_to IS NULL"),
        ),
        Index("ix_daily_total_category_date", "category", "report_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_date: Mapped[dt.date] = mapped_column(Date)
    day: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(ForeignKey("category.key"))
    total: Mapped[int] = mapped_column(BigInteger)
    change: Mapped[int | None] = mapped_column(BigInteger)
    reported_change: Mapped[int | None] = mapped_column(BigInteger)
    qualifier: Mapped[str | None] = mapped_column(String(20))
    observation_id: Mapped[int] = mapped_column(ForeignKey("observation.id"))
    sources: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class AirAttack(Base):
    """One night's air attack as one Air Force report (or retelling) stated it."""

    __tablename__ = "air_attack"
    __table_args__ = (UniqueConstraint("document_id", "parser_version", "report_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), index=True)
    parser_version: Mapped[str] = mapped_column(String(20))
    report_date: Mapped[dt.date] = mapped_column(Date, index=True)
    drones_launched: Mapped[int | None] = mapped_column(Integer)
    missiles_launched: Mapped[int | None] = mapped_column(Integer)
    drones_shot_down: Mapped[int | None] = mapped_column(Integer)
    missiles_shot_down: Mapped[int | None] = mapped_column(Integer)
    shot_down: Mapped[int | None] = mapped_column(Integer)
    lost_locationally: Mapped[int | None] = mapped_column(Integer)
    observed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class AirAttackNight(Base):
    """The canonical record of one night, chosen among the reports; versioned like daily_total."""

    __tablename__ = "air_attack_night"
    __table_args__ = (
        Index(
            "uq_air_attack_night_current",
            "report_date",
            unique=True,
            sqlite_where=text("valid_to IS NULL"),
            postgresql_where=text("valid_to IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_date: Mapped[dt.date] = mapped_column(Date)
    drones_launched: Mapped[int | None] = mapped_column(Integer)
    missiles_launched: Mapped[int | None] = mapped_column(Integer)
    drones_shot_down: Mapped[int | None] = mapped_column(Integer)
    missiles_shot_down: Mapped[int | None] = mapped_column(Integer)
    shot_down: Mapped[int | None] = mapped_column(Integer)
    lost_locationally: Mapped[int | None] = mapped_column(Integer)
    air_attack_id: Mapped[int] = mapped_column(ForeignKey("air_attack.id"))
    sources: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class IngestRun(Base):
    """One fetch, parse, backfill or check run."""

    __tablename__ = "ingest_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # running | ok | unchanged | failed
    status: Mapped[str] = mapped_column(String(20))
    http_status: Mapped[int | None] = mapped_column(Integer)
    documents_new: Mapped[int] = mapped_column(Integer, default=0)
    documents_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    observations_new: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
