"""Views for analysts: air attacks per night, weekly and monthly sums, latest, provenance.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Every view reads tables only, in SQL that SQLite and PostgreSQL run unchanged,
so sqlite3, DuckDB's sqlite scanner and Datasette open them as they are. No
date arithmetic: weeks are counted from the stored ``day`` number, months are
the first seven characters of the ISO date (PostgreSQL prints dates as ISO
under its default DateStyle).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Numbers are cast where PostgreSQL would otherwise widen them (SUM of BIGINT is
# NUMERIC there), so every view returns the same types on both databases.

# One row per night: what was launched, shot down and lost locationally.
# ``launched`` and ``shot_down`` fall back to the sum of drones and missiles when
# the report gave only the parts.
AIR_ATTACKS_DAILY_SQL = """CREATE VIEW air_attacks_daily AS
WITH night AS (
  SELECT report_date, drones_launched, missiles_launched, drones_shot_down,
         missiles_shot_down, lost_locationally, sources, rule, air_attack_id,
         CASE WHEN drones_launched IS NULL AND missiles_launched IS NULL THEN NULL
              ELSE COALESCE(drones_launched, 0) + COALESCE(missiles_launched, 0) END
           AS launched,
         COALESCE(shot_down,
                  CASE WHEN drones_shot_down IS NULL AND missiles_shot_down IS NULL THEN NULL
                       ELSE COALESCE(drones_shot_down, 0) + COALESCE(missiles_shot_down, 0) END)
           AS shot_down
  FROM air_attack_night
  WHERE valid_to IS NULL
)
SELECT report_date, launched, shot_down, lost_locationally,
       drones_launched, drones_shot_down, missiles_launched, missiles_shot_down,
       CASE WHEN launched > 0
            THEN CAST(shot_down AS DOUBLE PRECISION) / launched END AS share_intercepted,
       sources, rule, air_attack_id
FROM night"""


def period_view_sql(name: str, bucket: str, bucket_columns: str) -> str:
    """Sums of daily changes per period and category, with the total at the period's end."""
    return f"""CREATE VIEW {name} AS
WITH bucketed AS (
  SELECT {bucket} AS period, category, report_date, day, total, change
  FROM daily_total
  WHERE valid_to IS NULL
),
sums AS (
  SELECT period, category, CAST(SUM(change) AS BIGINT) AS change,
         COUNT(*) AS days_reported, MIN(report_date) AS first_date,
         MAX(report_date) AS last_date, MIN(day) AS first_day, MAX(day) AS last_day
  FROM bucketed
  GROUP BY period, category
)
SELECT {bucket_columns}, sums.category, sums.change, bucketed.total,
       sums.days_reported, sums.first_date, sums.last_date, sums.first_day, sums.last_day
FROM sums
JOIN bucketed
  ON bucketed.category = sums.category AND bucketed.report_date = sums.last_date"""


# Weeks run Monday to Sunday; week 1 is the week of 24 Feb 2022 (a Thursday, day 1).
WEEKLY_LOSSES_SQL = period_view_sql("weekly_losses", "(day + 9) / 7", "sums.period AS week")
MONTHLY_LOSSES_SQL = period_view_sql(
    "monthly_losses",
    "SUBSTR(CAST(report_date AS VARCHAR(10)), 1, 7)",
    "sums.period AS month, CAST(SUBSTR(sums.period, 1, 4) AS INTEGER) AS year,"
    " CAST(SUBSTR(sums.period, 6, 2) AS INTEGER) AS month_number",
)

# The newest total of every category, and the document and source it came from.
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

# For every current daily total, each document that stated that very figure;
# ``chosen`` marks the observation reconciliation took it from.
PROVENANCE_SQL = """CREATE VIEW provenance AS
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
JOIN document ON document.id = observation.document_id
JOIN source ON source.id = observation.source_id
WHERE daily_total.valid_to IS NULL"""

VIEWS = {
    "air_attacks_daily": AIR_ATTACKS_DAILY_SQL,
    "weekly_losses": WEEKLY_LOSSES_SQL,
    "monthly_losses": MONTHLY_LOSSES_SQL,
    "latest": LATEST_SQL,
    "provenance": PROVENANCE_SQL,
}


def upgrade() -> None:
    for create_sql in VIEWS.values():
        op.execute(create_sql)


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
