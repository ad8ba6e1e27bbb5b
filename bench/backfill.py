"""Benchmark: backfill the full reference history from local files, reconcile it, and compare.

Prints, for SQLite and PostgreSQL, the whole-process wall time and peak memory of
``losses backfill --file`` (the PetroIvaniuk dataset's two JSON files, written
from ../shared/reference) on a fresh database, and, beside it, the time
``sqlite-utils insert`` takes to load the same observations as a plain CSV.

    .venv/bin/python bench/backfill.py [--postgres URL]

Targets: at most 2 s and 150 MB on SQLite, within 3x of the plain insert.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reference import (  # noqa: E402
    dataset_json_files,
    load_petroivaniuk,
    petroivaniuk_qualifiers,
)

REFERENCE = ROOT.parent / "shared" / "reference"
BIN = Path(sys.executable).parent


def measure_in_child(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, peak resident MB and CPU seconds of ``command`` in a fresh process."""
    probe = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], capture_output=True);"
        "e = time.perf_counter() - t;"
        "sys.stderr.write(r.stderr.decode()) if r.returncode else None;"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(e, u.ru_maxrss / 1024, u.ru_utime + u.ru_stime, r.returncode)"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe, *command], env=env, capture_output=True, text=True
    )
    elapsed, peak, cpu, code = output.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed: {output.stderr}")
    return float(elapsed), float(peak), float(cpu)


def write_inputs(folder: Path) -> tuple[list[Path], Path, int]:
    series = load_petroivaniuk(REFERENCE)
    equipment, personnel = dataset_json_files(series, petroivaniuk_qualifiers(REFERENCE))
    files = [folder / "russia_losses_equipment.json", folder / "russia_losses_personnel.json"]
    files[0].write_bytes(equipment)
    files[1].write_bytes(personnel)
    plain = folder / "observations.csv"
    rows = 0
    with plain.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["report_date", "category", "total"])
        for day in sorted(series):
            for key, total in series[day].items():
                writer.writerow([day.isoformat(), key, total])
                rows += 1
    return files, plain, rows


def config(folder: Path, database_url: str) -> Path:
    path = folder / f"bench-{uuid.uuid4().hex[:8]}.toml"
    path.write_text(
        f'database_url = "{database_url}"\n[[sources]]\nname = "petroivaniuk-dataset"\n'
        'kind = "dataset_json"\nurl = "https://raw.githubusercontent.com/PetroIvaniuk/'
        '2022-Ukraine-Russia-War-Dataset/main/data/russia_losses_equipment.json"\n'
        "priority = 30\n"
    )
    return path


def backfill_command(config_path: Path, files: list[Path]) -> list[str]:
    command = [str(BIN / "losses"), "backfill", "--config", str(config_path)]
    for file in files:
        command += ["--file", str(file)]
    return command


def postgres_schema(admin_url: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with create_engine(admin_url).begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(admin_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return schema, url.render_as_string(hide_password=False)


def drop_schema(admin_url: str, schema: str) -> None:
    from sqlalchemy import create_engine, text

    with create_engine(admin_url).begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "LOSSES_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files, plain, rows = write_inputs(folder)
        print(f"reference history: {rows:,} figures, {len(files)} files")
        plain_db = folder / "plain.db"
        plain_time, plain_peak, plain_cpu = measure_in_child(
            [
                str(BIN / "sqlite-utils"),
                "insert",
                str(plain_db),
                "observation",
                str(plain),
                "--csv",
            ],
            env,
        )
        print(
            f"sqlite-utils insert (plain CSV):     {plain_time:6.2f} s  {plain_peak:6.0f} MB"
            f"  cpu {plain_cpu:5.2f} s"
        )
        sqlite_url = f"sqlite:///{folder / 'losses.db'}"
        elapsed, peak, cpu = measure_in_child(
            backfill_command(config(folder, sqlite_url), files), env
        )
        print(
            f"losses backfill --file, SQLite:      {elapsed:6.2f} s  {peak:6.0f} MB"
            f"  cpu {cpu:5.2f} s  ({elapsed / plain_time:.1f}x the plain insert)"
        )
        again, _, _ = measure_in_child(backfill_command(config(folder, sqlite_url), files), env)
        print(f"  second run (adds nothing), SQLite:  {again:6.2f} s")
        if not args.skip_postgres:
            schema, pg_url = postgres_schema(args.postgres)
            try:
                elapsed, peak, cpu = measure_in_child(
                    backfill_command(config(folder, pg_url), files), env
                )
                print(
                    f"losses backfill --file, PostgreSQL:  {elapsed:6.2f} s  {peak:6.0f} MB"
                    f"  cpu {cpu:5.2f} s  ({elapsed / plain_time:.1f}x the plain SQLite insert)"
                )
            finally:
                drop_schema(args.postgres, schema)


if __name__ == "__main__":
    main()
