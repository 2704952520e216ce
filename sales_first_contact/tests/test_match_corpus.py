"""Accuracy of the duplicate matcher (R11) on the labelled corpus: no database."""

from odoo.tests import BaseCase

from odoo.addons.sales_first_contact.dedup import match
from odoo.addons.sales_first_contact.dedup.corpus import (
    evaluate,
    load_corpus,
    probe_of,
)

MIN_PAIRS = 240
MIN_RECALL, MIN_PRECISION = 0.98, 0.95


class TestMatchCorpus(BaseCase):
    """match() over every pair of dedup/data/dedup_corpus.csv."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pairs = load_corpus()
        cls.results = {
            pair.pair_id: match.match(probe_of(pair.a), probe_of(pair.b))
            for pair in cls.pairs
        }

    def level(self, pair):
        return self.results[pair.pair_id][1]

    def test_corpus_shape(self):
        ids = [pair.pair_id for pair in self.pairs]
        dups = [pair for pair in self.pairs if pair.label == "dup"]
        self.assertGreaterEqual(len(self.pairs), MIN_PAIRS)
        self.assertEqual(len(ids), len(set(ids)), "pair ids are unique")
        self.assertTrue(0.55 <= len(dups) / len(self.pairs) <= 0.65, len(dups))
        for pair in self.pairs:
            self.assertTrue(pair.variant, pair.pair_id)
            self.assertTrue(
                any(
                    pair.a[f]
                    for f in ("company", "contact", "phone", "email", "website")
                ),
                pair.pair_id,
            )

    def test_likely_precision_recall(self):
        scores = evaluate(self.pairs, lambda pair: self.level(pair) == match.LIKELY)
        missed = [
            p.pair_id
            for p in self.pairs
            if p.label == "dup" and self.level(p) != match.LIKELY
        ]
        wrong = [
            p.pair_id
            for p in self.pairs
            if p.label == "distinct" and self.level(p) == match.LIKELY
        ]
        figures = (
            "likely: precision {precision:.3f}, recall {recall:.3f} "
            "(tp {tp}, fp {fp}, fn {fn}, tn {tn})".format(**scores)
            + f"; dups not likely: {missed}; distinct pairs likely: {wrong}"
        )
        self.assertGreaterEqual(scores["recall"], MIN_RECALL, figures)
        self.assertGreaterEqual(scores["precision"], MIN_PRECISION, figures)

    def test_public_mail_traps_not_likely(self):
        traps = [
            pair
            for pair in self.pairs
            if pair.label == "distinct" and "public_mail" in pair.variant
        ]
        self.assertGreaterEqual(len(traps), 10)
        likely = {
            pair.pair_id: self.results[pair.pair_id][0]
            for pair in traps
            if self.level(pair) == match.LIKELY
        }
        self.assertEqual(
            likely, {}, "people at public mail providers matched as likely"
        )

    def test_every_dup_at_least_possible(self):
        unmatched = {
            pair.pair_id: pair.variant
            for pair in self.pairs
            if pair.label == "dup" and self.level(pair) is None
        }
        self.assertEqual(unmatched, {}, "duplicates the matcher does not find at all")
