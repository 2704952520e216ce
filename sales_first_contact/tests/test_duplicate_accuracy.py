from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from ..dedup import match as dedup_match
from ..dedup.corpus import evaluate, load_corpus

TARGET_PRECISION, TARGET_RECALL = 0.95, 0.98  # of the "likely" level (issue targets)


@tagged("post_install", "-at_install")
class TestDuplicateAccuracy(TransactionCase):
    """The labelled corpus through the real search: records in the database,
    probes as typed, all probes in one batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pairs = load_corpus()
        countries = {c.code: c.id for c in cls.env["res.country"].search([])}
        Partner = cls.env["res.partner"]
        cls.records = {}
        for pair in cls.pairs:
            b = pair.b
            common = {
                "phone": b["phone"] or False,
                "email": b["email"] or False,
                "website": b["website"] or False,
                "country_id": countries.get(b["country"], False),
            }
            if b["company"]:
                company = Partner.create(
                    {"name": b["company"], "is_company": True, **common}
                )
                records = company
                if b["contact"]:
                    records |= Partner.create(
                        {
                            "name": b["contact"],
                            "parent_id": company.id,
                            "email": b["email"] or False,
                        }
                    )
            else:
                records = Partner.create({"name": b["contact"] or b["email"], **common})
            cls.records[pair.pair_id] = set(records.ids)
        probes = [
            {
                "company_name": pair.a["company"],
                "contact_name": pair.a["contact"],
                "phone": pair.a["phone"],
                "email": pair.a["email"],
                "website": pair.a["website"],
                "country_code": pair.a["country"] or False,
            }
            for pair in cls.pairs
        ]
        results = cls.env["crm.duplicate.finder"]._find_duplicates_batch(
            probes, limit=50
        )
        cls.probes, cls.results = probes, results
        cls.found = {
            pair.pair_id: {
                c.id: c.level for c in candidates if c.model == "res.partner"
            }
            for pair, candidates in zip(cls.pairs, results, strict=True)
        }

    def _level(self, pair):
        levels = [self.found[pair.pair_id].get(i) for i in self.records[pair.pair_id]]
        return (
            "likely"
            if "likely" in levels
            else "possible"
            if "possible" in levels
            else None
        )

    def test_likely_only_ranks_less_and_finds_the_same(self):
        """An import's check ranks fewer candidates, and finds the same likely ones."""
        Finder = self.env["crm.duplicate.finder"]
        with patch.object(dedup_match, "match", side_effect=dedup_match.match) as spy:
            Finder._find_duplicates_batch(self.probes, limit=50)
            full = spy.call_count
            fast = Finder._find_duplicates_batch(
                self.probes, limit=50, likely_only=True
            )
        self.assertLess(spy.call_count - full, full, "fewer candidates ranked")

        def likely(results):
            return [
                [(c.model, c.id) for c in found if c.level == "likely"]
                for found in results
            ]

        self.assertEqual(likely(fast), likely(self.results))
        self.assertEqual(
            likely(fast), [[(c.model, c.id) for c in found] for found in fast]
        )
        self.assertTrue(any(likely(self.results)))

    def test_likely_precision_and_recall(self):
        scores = evaluate(self.pairs, lambda pair: self._level(pair) == "likely")
        self.assertGreaterEqual(scores["precision"], TARGET_PRECISION, scores)
        self.assertGreaterEqual(scores["recall"], TARGET_RECALL, scores)

    def test_every_duplicate_is_at_least_possible(self):
        missed = [
            p.pair_id for p in self.pairs if p.label == "dup" and not self._level(p)
        ]
        self.assertFalse(missed, "duplicates the search does not bring back")
