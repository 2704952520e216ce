"""What the near-name step's pg_trgm threshold costs for names of one word.

    .venv/bin/python tools/bench_near_names.py [N] [--db NAME]

Fills a scratch database (created, dropped after) with the company keys of the
benchmark's N generated clients (tools/bench_dedup_data.py, keyed by the addon's
normalizer) and a pg_trgm GIN index as the addon has; then, for 100 one-word
keys of 7 to 12 letters, a one-letter typo of each (a letter missed, added,
typed wrong, two swapped) is searched as the near-name step does (similarity
operator, nearest 10), at each threshold: time per search and how often the
true name is fetched. A figure of the machine it runs on (load aside).
"""

import argparse
import io
import random
import sys
import time
from pathlib import Path

import common

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))
THRESHOLDS = (0.5, 0.3)
SAMPLE = 100


def typo(rand, key, kind):
    """``key`` with one letter missed, added, typed wrong or two swapped."""
    i = rand.randrange(1, len(key) - 1)
    letter = rand.choice(key)
    return {
        "deletion": key[:i] + key[i + 1 :],
        "insertion": key[:i] + letter + key[i:],
        "substitution": key[:i] + letter + key[i + 1 :],
        "transposition": key[:i] + key[i + 1] + key[i] + key[i + 2 :],
    }[kind]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100000)
    parser.add_argument("--db", default="sfc_bench_near_names")
    args = parser.parse_args()
    sys.path.insert(0, str(common.ODOO_SRC))
    import bench_dedup_data as data

    import odoo.addons

    odoo.addons.__path__.extend(common.addons_path().split(","))
    from odoo.addons.sales_first_contact.dedup import (
        normalize,
    )

    common.drop_database(args.db)
    common.psql(f"CREATE DATABASE {args.db}")
    try:
        conn = common.connect(args.db)
        cr = conn.cursor()
        common.log(f"{args.n} company keys")
        keys = [normalize.company_key(data.company(i)["name"]) for i in range(args.n)]
        keys = [key for key in keys if key]
        cr.execute("CREATE EXTENSION pg_trgm; CREATE TABLE names (key varchar)")
        cr.copy_from(io.StringIO("".join(f"{k}\n" for k in keys)), "names")
        cr.execute("CREATE INDEX ON names USING gin (key gin_trgm_ops); ANALYZE names")
        conn.commit()
        rand = random.Random(18)
        one_word = sorted({k for k in keys if " " not in k and 7 <= len(k) <= 12})
        kinds = ("deletion", "insertion", "substitution", "transposition")
        cases = [
            (key, typo(rand, key, rand.choice(kinds)))
            for key in rand.sample(one_word, min(SAMPLE, len(one_word)))
        ]
        rows = []
        for threshold in THRESHOLDS:
            times, found = [], 0
            cr.execute("SET pg_trgm.similarity_threshold = %s", (threshold,))
            for key, typed in cases:
                start = time.perf_counter()
                cr.execute(
                    "SELECT key FROM names WHERE key %% %s AND key <> %s"
                    " ORDER BY key <-> %s LIMIT 10",
                    (typed, typed, typed),
                )
                fetched = {row[0] for row in cr.fetchall()}
                times.append((time.perf_counter() - start) * 1000)
                found += key in fetched
            summary = common.Summary.of(times)
            rows.append(
                (
                    threshold,
                    f"{summary.p50:.1f}",
                    f"{summary.p95:.1f}",
                    f"{summary.max:.1f}",
                    f"{found}/{len(cases)}",
                )
            )
        conn.close()
        print(
            f"N={args.n}, {len(one_word)} one-word keys of 7-12 letters,"
            f" {len(cases)} typos"
        )
        print(
            common.table(
                ["threshold", "p50 ms", "p95 ms", "max ms", "typo fetched"], rows
            )
        )
    finally:
        common.drop_database(args.db)


if __name__ == "__main__":
    main()
