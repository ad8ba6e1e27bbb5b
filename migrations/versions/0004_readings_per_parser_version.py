"""Observations and air attacks keep one reading per parser version.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

Before this, a reparse could add figures a document was newly found to state
but could not correct one that an older parser misread: the unique key
(document, date, category) refused the corrected row. Now the key includes
the parser version, a reparse appends its reading beside the old one, and
reconciliation and the views count only the reading of each document's
current parser version.

The views that read ``observation`` are dropped and recreated around the
change (SQLite recreates the table to change its constraints).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Documents archived before any parser read them carry no version.
UNREAD = "unread"

# Frozen copies of the views as of this revision (0002's conflict, 0003's latest and
# provenance). ``reading`` joins each observation to its document: the upgrade counts only
# the document's current reading, the downgrade restores the views as they were.
CURRENT_READING = (
    "JOIN document\n"
    "    ON document.id = observation.document_id\n"
    "   AND document.parser_version = observation.parser_version"
)
ANY_READING = "JOIN document ON document.id = observation.document_id"


def conflict_view_sql(reading: str) -> str:
    return f"""CREATE VIEW conflict AS
WITH newest AS (
  SELECT observation.report_date, observation.category, observation.source_id,
         MAX(observation.id) AS observation_id
  FROM observation
  {reading}
  GROUP BY observation.report_date, observation.category, observation.source_id
),
per_source AS (
  SELECT newest.report_date, newest.category, source.name AS source, observation.total AS value,
         observation.id AS observation_id
  FROM newest
  JOIN observation ON observation.id = newest.observation_id
  JOIN source ON source.id = newest.source_id
),
disputed AS (
  SELECT report_date, category
  FROM per_source
  GROUP BY report_date, category
  HAVING COUNT(DISTINCT value) > 1
)
SELECT per_source.report_date, daily_total.day, per_source.category, per_source.source,
       per_source.value, daily_total.total AS chosen, daily_total.rule,
       CASE WHEN per_source.value = daily_total.total THEN 1 ELSE 0 END AS agrees,
       per_source.observation_id
FROM per_source
JOIN disputed
  ON disputed.report_date = per_source.report_date AND disputed.category = per_source.category
JOIN daily_total
  ON daily_total.report_date = per_source.report_date
 AND daily_total.category = per_source.category
 AND daily_total.valid_to IS NULL"""


def provenance_view_sql(reading: str) -> str:
    return f"""CREATE VIEW provenance AS
SELECT daily_total.report_date, daily_total.day, daily_total.category, daily_total.total,
       daily_total.rule, daily_total.sources,
       CASE WHEN observation.id = daily_total.observation_id THEN 1 ELSE 0 END AS chosen,
       source.name AS source, source.kind AS source_kind, source.priority AS source_priority,
       document.id AS document_id, document.url AS document_url, document.title AS document_title,
       document.published_at, document.fetched_at,
       observation.id AS observation_id, observation.reported_change, observation.qualifier
FROM daily_total
JOIN observation
  ON observation.report_date = daily_total.report_date
 AND observation.category = daily_total.category
 AND observation.total = daily_total.total
{reading}
JOIN source ON source.id = observation.source_id
WHERE daily_total.valid_to IS NULL"""


LATEST_SQL = """CREATE VIEW latest AS
SELECT daily_total.category, category.name_en, daily_total.report_date, daily_total.day,
       daily_total.total, daily_total.change, daily_total.reported_change,
       daily_total.qualifier, daily_total.sources, daily_total.rule,
       source.name AS source, document.url AS document_url, document.id AS document_id,
       category.sort_order
FROM daily_total
JOIN category ON category.key = daily_total.category
JOIN observation ON observation.id = daily_total.observation_id
JOIN document ON document.id = observation.document_id
JOIN source ON source.id = observation.source_id
WHERE daily_total.valid_to IS NULL
  AND daily_total.report_date = (
    SELECT MAX(newest.report_date) FROM daily_total newest
    WHERE newest.category = daily_total.category AND newest.valid_to IS NULL
  )"""

VIEWS_READING_OBSERVATIONS = ("conflict", "latest", "provenance")


def _drop_views() -> None:
    for name in VIEWS_READING_OBSERVATIONS:
        op.execute(f"DROP VIEW IF EXISTS {name}")


def _stamp_parser_version(table: str) -> None:
    op.execute(
        f"UPDATE {table} SET parser_version = COALESCE("
        f"(SELECT document.parser_version FROM document WHERE document.id = {table}.document_id),"
        f" '{UNREAD}')"
    )


def upgrade() -> None:
    _drop_views()
    for table in ("observation", "air_attack"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("parser_version", sa.String(length=20), nullable=True))
        _stamp_parser_version(table)
    with op.batch_alter_table("observation") as batch:
        batch.alter_column("parser_version", existing_type=sa.String(length=20), nullable=False)
        batch.drop_constraint("uq_observation_document_id_report_date_category", type_="unique")
        batch.create_unique_constraint(
            "uq_observation_document_id_parser_version_report_date_category",
            ["document_id", "parser_version", "report_date", "category"],
        )
    with op.batch_alter_table("air_attack") as batch:
        batch.alter_column("parser_version", existing_type=sa.String(length=20), nullable=False)
        batch.drop_constraint("uq_air_attack_document_id_report_date", type_="unique")
        batch.create_unique_constraint(
            "uq_air_attack_document_id_parser_version_report_date",
            ["document_id", "parser_version", "report_date"],
        )
    for create_sql in (
        conflict_view_sql(CURRENT_READING),
        LATEST_SQL,
        provenance_view_sql(CURRENT_READING),
    ):
        op.execute(create_sql)


def downgrade() -> None:
    bind = op.get_bind()
    reread = bind.execute(
        sa.text(
            "SELECT COUNT(*) FROM (SELECT document_id FROM observation"
            " GROUP BY document_id HAVING COUNT(DISTINCT parser_version) > 1) AS reread"
        )
    ).scalar_one()
    if reread:
        raise RuntimeError(
            f"{reread} documents hold readings of more than one parser version; the older"
            " schema cannot keep them, and they are never deleted: downgrade refused"
        )
    _drop_views()
    with op.batch_alter_table("air_attack") as batch:
        batch.drop_constraint("uq_air_attack_document_id_parser_version_report_date", "unique")
        batch.create_unique_constraint(
            "uq_air_attack_document_id_report_date", ["document_id", "report_date"]
        )
        batch.drop_column("parser_version")
    with op.batch_alter_table("observation") as batch:
        batch.drop_constraint(
            "uq_observation_document_id_parser_version_report_date_category", "unique"
        )
        batch.create_unique_constraint(
            "uq_observation_document_id_report_date_category",
            ["document_id", "report_date", "category"],
        )
        batch.drop_column("parser_version")
    for create_sql in (
        conflict_view_sql(ANY_READING),
        LATEST_SQL,
        provenance_view_sql(ANY_READING),
    ):
        op.execute(create_sql)
