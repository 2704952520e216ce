"""Labelled corpus of record pairs for the duplicate search (R11): loader, scoring.

Each row of ``data/dedup_corpus.csv`` is a pair: ``a`` a new first contact as
typed (lead, phone call, exhibition list), ``b`` an existing client card, and a
label, ``dup`` or ``distinct``. Plain Python, the one fixture of the tests
(test_match_corpus, test_duplicate_accuracy) and of the benchmark
(tools/bench_dedup.py): outside ``tests/``, which imports Odoo's test framework.
"""

import csv
import os
from collections import namedtuple

from . import normalize

DEFAULT_PATH = os.path.join(os.path.dirname(__file__), "data", "dedup_corpus.csv")
RECORD_FIELDS = ("company", "contact", "phone", "email", "website", "country")
LABELS = ("dup", "distinct")

Pair = namedtuple("Pair", "pair_id label variant a b")
Pair.__doc__ = """One labelled pair; ``a`` and ``b`` map RECORD_FIELDS to text."""


def load_corpus(path=None):
    """The pairs of the corpus CSV (the default one when ``path`` is None)."""
    with open(path or DEFAULT_PATH, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pairs = []
    for row in rows:
        if row["label"] not in LABELS:
            raise ValueError(f"{row['pair_id']}: unknown label {row['label']!r}")
        pairs.append(
            Pair(
                pair_id=row["pair_id"],
                label=row["label"],
                variant=row["variant"],
                a={field: row[f"a_{field}"].strip() for field in RECORD_FIELDS},
                b={field: row[f"b_{field}"].strip() for field in RECORD_FIELDS},
            )
        )
    return pairs


def probe_of(record):
    """The :class:`~normalize.Probe` (keys) of one record of a pair."""
    return normalize.record_keys(
        company=record.get("company"),
        person=record.get("contact"),
        phones=[record.get("phone")],
        email=record.get("email"),
        website=record.get("website"),
        region=record.get("country") or "RU",
    )


def evaluate(pairs, predict):
    """Confusion counts, precision and recall of ``predict(pair) -> bool``."""
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for pair in pairs:
        predicted, actual = bool(predict(pair)), pair.label == "dup"
        key = ("t" if predicted == actual else "f") + ("p" if predicted else "n")
        counts[key] += 1
    positives = counts["tp"] + counts["fp"]
    dups = counts["tp"] + counts["fn"]
    return dict(
        counts,
        precision=counts["tp"] / positives if positives else 1.0,
        recall=counts["tp"] / dups if dups else 1.0,
    )
