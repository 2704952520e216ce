import random

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..dedup import normalize
from ..models.crm_duplicate_finder import EXACT_COLUMNS, PER_KEY_LIMIT, SEARCHED_TABLES

COMPANIES = ["ООО «Кристалл»", "Кристалл-Плюс", "Kristall", "Kristall LLC"]
PERSONS = ["Кузнецов Иван", "Kuznetsov Petr", "Смирнова Анна"]
PHONES = ["+7 495 123-45-67", "+7 495 765-43-21", "+7 4912 12-34-56", False]
EMAILS = ["i@kristall.ru", "sales@kristall.ru", "a@smirnova.ru", False]
SITES = ["kristall.ru", "shop.kristall.ru", False]


@tagged("post_install", "-at_install")
class TestFinderExact(TransactionCase):
    """The exact steps read only the newest bearers of a crowded key and those
    sharing another key, yet bring what ranking every bearer brings: the same
    records at the same positions (those sharing most keys, then open
    opportunities, then the newest)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rand = random.Random(18)
        stages = cls.env["crm.stage"].search([])
        # the oldest: open opportunities behind the newest of a crowded surname,
        # the name in its own script behind the newest of its Latin spelling
        cls.env["crm.lead"].create(
            [
                {
                    "name": f"Old {n}",
                    "type": "opportunity",
                    "contact_name": "Смирнова Ольга",
                    "stage_id": stages.filtered(lambda s: not s.is_won)[0].id,
                }
                for n in range(3)
            ]
            + [{"name": f"Old {n}", "partner_name": "Кристалл"} for n in range(3)]
        )
        leads, partners = [], []
        for n in range(4 * PER_KEY_LIMIT):
            values = {
                "phone": rand.choice(PHONES),
                "mobile": rand.choice(PHONES),
                "website": rand.choice(SITES),
                "active": rand.random() > 0.1,
            }
            email = rand.choice(EMAILS)
            leads.append(
                {
                    **values,
                    "name": f"Lead {n}",
                    "partner_name": rand.choice(COMPANIES),
                    "contact_name": rand.choice(PERSONS),
                    "email_from": email,
                    "type": rand.choice(["lead", "opportunity"]),
                    "stage_id": rand.choice(stages).id,
                }
            )
            partners.append(
                {
                    **values,
                    "name": rand.choice(PERSONS + COMPANIES),
                    "email": email,
                    "is_company": rand.random() > 0.5,
                }
            )
        cls.env["crm.lead"].create(leads)
        cls.env["res.partner"].create(partners)
        cls.finder = cls.env["crm.duplicate.finder"]
        cls.probes = [
            normalize.record_keys(
                company=rand.choice(COMPANIES),
                surname=rand.choice(PERSONS).split()[0],
                phones=[p for p in rand.sample(PHONES, 2) if p],
                email=rand.choice(EMAILS) or None,
                website=rand.choice(SITES) or None,
            )
            for _n in range(12)
        ] + [
            normalize.record_keys(company="Кристалл", surname="Кузнецов"),
            normalize.record_keys(surname="Смирнова"),
            normalize.record_keys(company="Кристалл"),
            normalize.record_keys(phones=["123-45-67"], surname="Kuznetsov"),
            normalize.record_keys(phones=["12-34-56"], email="i@kristall.ru"),
        ]

    def _every_bearer_ranked(self, keys, suffixes):
        """The exact statement that reads and ranks every bearer of a key."""
        finder = self.finder
        branches = []
        for model, table in SEARCHED_TABLES:
            order = finder._exact_order(table)
            for kind, columns in EXACT_COLUMNS:
                if keys[kind]:
                    condition = SQL(" OR ").join(
                        SQL("t.%s = q.key", SQL.identifier(column))
                        for column in columns
                    )
                    branches.append(
                        finder._branch(model, table, kind, keys[kind], condition, order)
                    )
        return SQL(" UNION ").join([*branches, *finder._suffix_branches(suffixes)])

    def test_same_records_as_ranking_every_bearer(self):
        self.finder._flush_search_fields()
        keys, suffixes = self.finder._exact_keys(self.probes)
        expected, _rows = self.finder._hits_and_rows(
            self._every_bearer_ranked(keys, suffixes), self.probes
        )
        found, _rows = self.finder._hits_and_rows(
            self.finder._exact_query(keys, suffixes), self.probes
        )
        self.assertEqual(sorted(found), sorted(expected))
        crowded = {
            kind for _m, kind, _i, _id, position in found if position > PER_KEY_LIMIT
        }
        self.assertTrue({"company_translit", "surname_translit", "host"} <= crowded)
        # one kind of key alone: its records, ranked as among all of them
        for kind in ("company_translit", "local", "host"):
            query = self.finder._exact_query(
                keys, suffixes if kind == "local" else [], shown={kind: keys[kind]}
            )
            alone, _rows = self.finder._hits_and_rows(query, self.probes)
            self.assertEqual(sorted(alone), sorted(h for h in found if h[1] == kind))
        # as the function of the statement answers, for one probe and for all
        one_keys, one_suffixes = self.finder._exact_keys(self.probes[:1])
        self.assertTrue(self.finder._exact_function_name())
        by_function, _rows = self.finder._exact_hits_and_rows(
            one_keys, one_suffixes, self.probes[:1]
        )
        self.assertEqual(sorted(by_function), sorted(h for h in expected if h[2] == 0))
        batch, _rows = self.finder._exact_hits_and_rows(keys, suffixes, self.probes)
        self.assertEqual(sorted(batch), sorted(expected))
