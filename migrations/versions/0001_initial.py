"""Initial schema: sources, documents, categories, observations, daily series, air attacks.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

from pipeline.store.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copy of the registry as of this migration: later changes need a new migration.
START = dt.date(2022, 2, 24)
MERGE_DAY = dt.date(2022, 5, 1)
CATEGORY_SEED: list[dict[str, object]] = [
    {
        "key": "personnel",
        "unit": "persons",
        "name_en": "personnel",
        "name_uk": "особового складу",
        "aliases": [
            "personnel",
            "troops",
            "soldiers",
            "servicemen",
            "особового складу",
            "осіб",
            "личного состава",
        ],
        "first_reported": START,
    },
    {
        "key": "pow",
        "unit": "persons",
        "name_en": "prisoners of war",
        "name_uk": "полонених",
        "aliases": ["prisoners of war", "POW", "полонених", "пленных"],
        "first_reported": START,
        "last_reported": dt.date(2022, 4, 27),
    },
    {
        "key": "tanks",
        "unit": "units",
        "name_en": "tanks",
        "name_uk": "танків",
        "aliases": ["tanks", "танків", "танков"],
        "first_reported": START,
    },
    {
        "key": "afv",
        "unit": "units",
        "name_en": "armoured fighting vehicles",
        "name_uk": "бойових броньованих машин",
        "aliases": [
            "armoured fighting vehicles",
            "armored combat vehicles",
            "APVs",
            "ББМ",
            "бойових броньованих машин",
            "бронемашин",
            "боевых бронированных машин",
        ],
        "first_reported": START,
    },
    {
        "key": "artillery",
        "unit": "units",
        "name_en": "artillery systems",
        "name_uk": "артилерійських систем",
        "aliases": ["artillery systems", "артилерійських систем", "артиллерийских систем"],
        "first_reported": START,
    },
    {
        "key": "mlrs",
        "unit": "units",
        "name_en": "multiple launch rocket systems",
        "name_uk": "РСЗВ",
        "aliases": ["MLRS", "multiple launch rocket systems", "РСЗВ", "РСЗО"],
        "first_reported": START,
    },
    {
        "key": "air_defense",
        "unit": "units",
        "name_en": "air defence systems",
        "name_uk": "засобів ППО",
        "aliases": [
            "air defense systems",
            "anti-aircraft warfare systems",
            "засоби ППО",
            "средства ПВО",
        ],
        "first_reported": START,
    },
    {
        "key": "aircraft",
        "unit": "units",
        "name_en": "aircraft",
        "name_uk": "літаків",
        "aliases": ["aircraft", "airplanes", "planes", "літаків", "самолетов"],
        "first_reported": START,
    },
    {
        "key": "helicopters",
        "unit": "units",
        "name_en": "helicopters",
        "name_uk": "гелікоптерів",
        "aliases": ["helicopters", "гелікоптерів", "вертольотів", "вертолетов"],
        "first_reported": START,
    },
    {
        "key": "uav",
        "unit": "units",
        "name_en": "operational-tactical UAVs",
        "name_uk": "БПЛА оперативно-тактичного рівня",
        "aliases": [
            "UAVs",
            "drones",
            "operational-tactical level UAVs",
            "БПЛА оперативно-тактичного рівня",
            "БПЛА",
        ],
        "first_reported": START,
    },
    {
        "key": "cruise_missiles",
        "unit": "units",
        "name_en": "cruise missiles",
        "name_uk": "крилатих ракет",
        "aliases": ["cruise missiles", "крилаті ракети", "крылатые ракеты"],
        "first_reported": MERGE_DAY,
    },
    {
        "key": "ships",
        "unit": "units",
        "name_en": "warships / boats",
        "name_uk": "кораблів / катерів",
        "aliases": ["warships", "boats", "кораблі / катери", "корабли / катера"],
        "first_reported": START,
    },
    {
        "key": "submarines",
        "unit": "units",
        "name_en": "submarines",
        "name_uk": "підводних човнів",
        "aliases": ["submarines", "підводні човни", "подводные лодки"],
        "first_reported": dt.date(2023, 9, 14),
    },
    {
        "key": "vehicles_fuel_tanks",
        "unit": "units",
        "name_en": "vehicles and fuel tanks",
        "name_uk": "автомобільної техніки та автоцистерн",
        "aliases": [
            "vehicles and fuel tanks",
            "automotive equipment",
            "fuel tankers",
            "автомобільної техніки та автоцистерн",
            "автотехники и автоцистерн",
        ],
        "first_reported": MERGE_DAY,
    },
    {
        "key": "military_auto",
        "unit": "units",
        "name_en": "military vehicles",
        "name_uk": "автомобільної техніки",
        "aliases": ["military auto", "vehicles", "автомобільної техніки"],
        "first_reported": START,
        "last_reported": dt.date(2022, 4, 30),
        "merged_into": "vehicles_fuel_tanks",
        "merged_on": MERGE_DAY,
    },
    {
        "key": "fuel_tanks",
        "unit": "units",
        "name_en": "fuel tanks",
        "name_uk": "цистерн з ПММ",
        "aliases": ["fuel tanks", "цистерн з ПММ", "цистерн с ГСМ"],
        "first_reported": START,
        "last_reported": dt.date(2022, 4, 30),
        "merged_into": "vehicles_fuel_tanks",
        "merged_on": MERGE_DAY,
    },
    {
        "key": "special_equipment",
        "unit": "units",
        "name_en": "special equipment",
        "name_uk": "спеціальної техніки",
        "aliases": ["special equipment", "спеціальна техніка", "специальная техника"],
        "first_reported": dt.date(2022, 3, 16),
    },
    {
        "key": "mobile_srbm_systems",
        "unit": "units",
        "name_en": "mobile SRBM systems",
        "name_uk": "пускових установок ОТРК/ТРК",
        "aliases": ["mobile SRBM systems", "пускові установки ОТРК/ТРК"],
        "first_reported": dt.date(2022, 3, 26),
        "last_reported": dt.date(2022, 4, 30),
    },
    {
        "key": "ground_robotic_systems",
        "unit": "units",
        "name_en": "ground robotic systems",
        "name_uk": "наземних робототехнічних комплексів",
        "aliases": ["ground robotic systems", "наземні робототехнічні комплекси"],
        "first_reported": dt.date(2026, 5, 3),
        "opening_balance": 1306,
    },
]
CATEGORY_KEYS = [str(row["key"]) for row in CATEGORY_SEED]


def daily_losses_view_sql(keys: list[str]) -> str:
    # Plain conditional aggregation: portable SQL that sqlite3, DuckDB and
    # Datasette read without any function of ours.
    columns = ",\n".join(
        f"  MAX(CASE WHEN category = '{key}' THEN total END) AS {key},\n"
        f"  MAX(CASE WHEN category = '{key}' THEN change END) AS {key}_change"
        for key in keys
    )
    return (
        "CREATE VIEW daily_losses AS\nSELECT\n  report_date,\n  day,\n"
        f"{columns}\nFROM daily_total\nWHERE valid_to IS NULL\nGROUP BY report_date, day"
    )


DAILY_LOSSES_LONG_SQL = """CREATE VIEW daily_losses_long AS
SELECT report_date, day, category, total, change, reported_change, sources
FROM daily_total
WHERE valid_to IS NULL"""


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("state", sa.Text(), nullable=True),
        sa.Column("last_success_at", UTCDateTime(), nullable=True),
        sa.Column("last_failure_at", UTCDateTime(), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("name", name=op.f("uq_source_name")),
    )
    category = op.create_table(
        "category",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("name_uk", sa.Text(), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("first_reported", sa.Date(), nullable=True),
        sa.Column("last_reported", sa.Date(), nullable=True),
        sa.Column("merged_into", sa.String(length=40), nullable=True),
        sa.Column("merged_on", sa.Date(), nullable=True),
        sa.Column("opening_balance", sa.BigInteger(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into"], ["category.key"], name=op.f("fk_category_merged_into_category")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_category")),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("external_id", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("fetched_at", UTCDateTime(), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("parse_status", sa.String(length=20), nullable=False),
        sa.Column("parser_version", sa.String(length=20), nullable=True),
        sa.Column("parse_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_document_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("source_id", "sha256", name=op.f("uq_document_source_id_sha256")),
    )
    op.create_index(op.f("ix_document_source_id"), "document", ["source_id"])
    op.create_table(
        "ingest_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("documents_new", sa.Integer(), nullable=False),
        sa.Column("documents_unchanged", sa.Integer(), nullable=False),
        sa.Column("observations_new", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_ingest_run_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_run")),
    )
    op.create_index(op.f("ix_ingest_run_source_id"), "ingest_run", ["source_id"])
    op.create_table(
        "air_attack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("drones_launched", sa.Integer(), nullable=True),
        sa.Column("missiles_launched", sa.Integer(), nullable=True),
        sa.Column("drones_shot_down", sa.Integer(), nullable=True),
        sa.Column("missiles_shot_down", sa.Integer(), nullable=True),
        sa.Column("shot_down", sa.Integer(), nullable=True),
        sa.Column("lost_locationally", sa.Integer(), nullable=True),
        sa.Column("observed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_air_attack_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_air_attack_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_air_attack")),
        sa.UniqueConstraint(
            "document_id", "report_date", name=op.f("uq_air_attack_document_id_report_date")
        ),
    )
    op.create_index(op.f("ix_air_attack_report_date"), "air_attack", ["report_date"])
    op.create_index(op.f("ix_air_attack_source_id"), "air_attack", ["source_id"])
    op.create_table(
        "observation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("reported_change", sa.BigInteger(), nullable=True),
        sa.Column("qualifier", sa.String(length=20), nullable=True),
        sa.Column("observed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category"], ["category.key"], name=op.f("fk_observation_category_category")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_observation_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_observation_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observation")),
        sa.UniqueConstraint(
            "document_id",
            "report_date",
            "category",
            name=op.f("uq_observation_document_id_report_date_category"),
        ),
    )
    op.create_index("ix_observation_date_category", "observation", ["report_date", "category"])
    op.create_index(op.f("ix_observation_source_id"), "observation", ["source_id"])
    op.create_table(
        "daily_total",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("change", sa.BigInteger(), nullable=True),
        sa.Column("reported_change", sa.BigInteger(), nullable=True),
        sa.Column("qualifier", sa.String(length=20), nullable=True),
        sa.Column("observation_id", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("valid_from", UTCDateTime(), nullable=False),
        sa.Column("valid_to", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["category"], ["category.key"], name=op.f("fk_daily_total_category_category")
        ),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observation.id"],
            name=op.f("fk_daily_total_observation_id_observation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_total")),
    )
    op.create_index("ix_daily_total_category_date", "daily_total", ["category", "report_date"])
    op.create_index(
        "uq_daily_total_current",
        "daily_total",
        ["report_date", "category"],
        unique=True,
        sqlite_where=sa.text("valid_to IS NULL"),
        postgresql_where=sa.text("valid_to IS NULL"),
    )
    op.bulk_insert(
        category,
        [
            {
                "key": row["key"],
                "unit": row["unit"],
                "name_en": row["name_en"],
                "name_uk": row["name_uk"],
                "aliases": json.dumps(row["aliases"], ensure_ascii=False),
                "first_reported": row.get("first_reported"),
                "last_reported": row.get("last_reported"),
                "merged_into": row.get("merged_into"),
                "merged_on": row.get("merged_on"),
                "opening_balance": row.get("opening_balance"),
                "sort_order": position,
            }
            for position, row in enumerate(CATEGORY_SEED, start=1)
        ],
    )
    op.execute(daily_losses_view_sql(CATEGORY_KEYS))
    op.execute(DAILY_LOSSES_LONG_SQL)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS daily_losses_long")
    op.execute("DROP VIEW IF EXISTS daily_losses")
    op.drop_index("uq_daily_total_current", table_name="daily_total")
    op.drop_index("ix_daily_total_category_date", table_name="daily_total")
    op.drop_table("daily_total")
    op.drop_index(op.f("ix_observation_source_id"), table_name="observation")
    op.drop_index("ix_observation_date_category", table_name="observation")
    op.drop_table("observation")
    op.drop_index(op.f("ix_air_attack_source_id"), table_name="air_attack")
    op.drop_index(op.f("ix_air_attack_report_date"), table_name="air_attack")
    op.drop_table("air_attack")
    op.drop_index(op.f("ix_ingest_run_source_id"), table_name="ingest_run")
    op.drop_table("ingest_run")
    op.drop_index(op.f("ix_document_source_id"), table_name="document")
    op.drop_table("document")
    op.drop_table("category")
    op.drop_table("source")
