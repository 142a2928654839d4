"""Peers for the GDELT pipeline benchmark: the same pipeline as `entente events count`, in Polars
and in DuckDB. Parse GDELT 2.0 events (61 tab-separated columns, no header, all text), map the
ActionGeo FIPS 10-4 country to ISO3 and the CAMEO event code to a challenge category with the
same tables the engine ships, count per country x category x ISO week, write the counts sorted as
CSV (country,category,iso_year,iso_week,events).

Usage: peers.py polars|duckdb INPUT OUTPUT THREADS
"""

import csv
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def tables():
    """FIPS -> ISO3 and CAMEO code -> category (longest prefix, as the engine does)."""
    fips = []
    with open(os.path.join(ROOT, "data", "fips10_4_iso3.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["iso3"].strip():
                fips.append((r["fips"].strip(), r["iso3"].strip()))
    prefixes = []
    with open(os.path.join(ROOT, "crates", "entente-warning", "data", "cameo_categories.csv"), newline="") as f:
        for r in csv.DictReader(f):
            prefixes.append((r["cameo_prefix"].strip(), r["category"].strip()))
    codes = []
    with open(os.path.join(ROOT, "data", "cameo_eventcodes.csv"), newline="") as f:
        for r in csv.DictReader(f):
            code = r["code"].strip()
            best = max((p for p in prefixes if code.startswith(p[0])), key=lambda p: len(p[0]), default=None)
            if best and best[1]:
                codes.append((code, best[1]))
    return fips, codes


def run_polars(path, out, threads):
    os.environ["POLARS_MAX_THREADS"] = str(threads)
    import polars as pl

    fips, codes = tables()
    fips_df = pl.DataFrame({"fips": [a for a, _ in fips], "country": [b for _, b in fips]}).lazy()
    code_df = pl.DataFrame({"code": [a for a, _ in codes], "category": [b for _, b in codes]}).lazy()
    names = [f"c{i}" for i in range(61)]
    lf = (
        pl.scan_csv(
            path,
            separator="\t",
            has_header=False,
            new_columns=names,
            quote_char=None,
            infer_schema=False,
        )
        .select(
            pl.col("c1").str.strptime(pl.Date, "%Y%m%d").alias("day"),
            pl.col("c26").alias("code"),
            pl.col("c53").alias("fips"),
        )
        .join(fips_df, on="fips", how="inner")
        .join(code_df, on="code", how="inner")
        .with_columns(pl.col("day").dt.iso_year().alias("iso_year"), pl.col("day").dt.week().alias("iso_week"))
        .group_by(["country", "category", "iso_year", "iso_week"])
        .agg(pl.len().alias("events"))
        .sort(["country", "category", "iso_year", "iso_week"])
    )
    df = lf.collect(engine="streaming")
    df.write_csv(out)
    return df.height


def run_duckdb(path, out, threads):
    import duckdb

    fips, codes = tables()
    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    con.execute("CREATE TABLE fips (fips VARCHAR, country VARCHAR)")
    con.executemany("INSERT INTO fips VALUES (?, ?)", fips)
    con.execute("CREATE TABLE codes (code VARCHAR, category VARCHAR)")
    con.executemany("INSERT INTO codes VALUES (?, ?)", codes)
    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(61))
    q = f"""
        COPY (
          SELECT f.country, k.category, isoyear(d) AS iso_year, week(d) AS iso_week, count(*) AS events
          FROM (
            SELECT strptime(c1, '%Y%m%d')::DATE AS d, c26, c53
            FROM read_csv('{path}', delim='\t', header=false, quote='', escape='',
                          auto_detect=false, columns={{{cols}}})
          ) e
          JOIN fips f ON f.fips = e.c53
          JOIN codes k ON k.code = e.c26
          GROUP BY ALL
          ORDER BY country, category, iso_year, iso_week
        ) TO '{out}' (HEADER, DELIMITER ',')
    """
    con.execute(q)
    return None


def main():
    engine, path, out, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    t = time.perf_counter()
    {"polars": run_polars, "duckdb": run_duckdb}[engine](path, out, threads)
    secs = time.perf_counter() - t
    size = os.path.getsize(path)
    print(f"{engine}: {size} bytes in {secs:.3f} s: {size / secs / 1e9:.3f} GB/s", file=sys.stderr)


if __name__ == "__main__":
    main()
