"""Canonical air attack per night, and the ``conflict`` view of disagreeing sources.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pipeline.store.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# One row per source for every (date, category) on which the sources' newest
# figures disagree, beside the chosen total and the rule that chose it.
CONFLICT_VIEW_SQL = """CREATE VIEW conflict AS
WITH newest AS (
  SELECT report_date, category, source_id, MAX(id) AS observation_id
  FROM observation
  GROUP BY report_date, category, source_id
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


def upgrade() -> None:
    op.create_table(
        "air_attack_night",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("drones_launched", sa.Integer(), nullable=True),
        sa.Column("missiles_launched", sa.Integer(), nullable=True),
        sa.Column("drones_shot_down", sa.Integer(), nullable=True),
        sa.Column("missiles_shot_down", sa.Integer(), nullable=True),
        sa.Column("shot_down", sa.Integer(), nullable=True),
        sa.Column("lost_locationally", sa.Integer(), nullable=True),
        sa.Column("air_attack_id", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("valid_from", UTCDateTime(), nullable=False),
        sa.Column("valid_to", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["air_attack_id"],
            ["air_attack.id"],
            name=op.f("fk_air_attack_night_air_attack_id_air_attack"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_air_attack_night")),
    )
    op.create_index(
        "uq_air_attack_night_current",
        "air_attack_night",
        ["report_date"],
        unique=True,
        sqlite_where=sa.text("valid_to IS NULL"),
        postgresql_where=sa.text("valid_to IS NULL"),
    )
    op.execute(CONFLICT_VIEW_SQL)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS conflict")
    op.drop_index("uq_air_attack_night_current", table_name="air_attack_night")
    op.drop_table("air_attack_night")
