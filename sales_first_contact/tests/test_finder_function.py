from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .. import hooks
from ..dedup import normalize
from ..models.crm_duplicate_finder_exact import FUNCTION_PREFIX


@tagged("post_install", "-at_install")
class TestFinderFunction(TransactionCase):
    """The exact steps' statement as a function with a kept plan answers as
    the statement itself, and the search still answers without it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        ru = cls.env.ref("base.ru")
        cls.company = Partner.create(
            {
                "name": "ООО «Лесоторг»",
                "is_company": True,
                "phone": "+7 4912 12-34-56",
                "email": "info@lesotorg.ru",
                "website": "https://www.lesotorg.ru",
                "country_id": ru.id,
            }
        )
        cls.contact = Partner.create(
            {"name": "Смирнов Олег", "parent_id": cls.company.id, "country_id": ru.id}
        )
        stage = cls.env["crm.stage"].search([("is_won", "=", False)], limit=1)
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Лесоторг: пиломатериалы",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "partner_name": "Лесоторг",
                "contact_name": "Олег Смирнов",
                "email_from": "o.smirnov@lesotorg.ru",
                "stage_id": stage.id,
            }
        )
        cls.finder = cls.env["crm.duplicate.finder"]
        cls.probes = [
            normalize.record_keys(company="Лесоторг", surname="Смирнов"),
            normalize.record_keys(phones=["12-34-56"]),  # a short local number
            normalize.record_keys(email="O.Smirnov@lesotorg.ru"),
            normalize.record_keys(website="shop.lesotorg.ru"),
            normalize.record_keys(company="Lesotorg", surname="Smirnov"),
            normalize.record_keys(company="Нет такой"),
        ]

    def _exact(self, probes):
        keys, suffixes = self.finder._exact_keys(probes)
        hits, data = self.finder._exact_hits_and_rows(keys, suffixes, probes)
        return sorted(hits), {key: row["name"] for key, row in data.items()}

    def _inline(self, probes):
        keys, suffixes = self.finder._exact_keys(probes)
        query = self.finder._exact_query(keys, suffixes)
        hits, data = self.finder._hits_and_rows(query, probes)
        return sorted(hits), {key: row["name"] for key, row in data.items()}

    def _drop_function(self):
        name = self.finder._exact_function_name()
        self.env.cr.execute(SQL("DROP FUNCTION %s", SQL.identifier(name)))
        self.env.registry.clear_cache()
        self.addCleanup(self.env.registry.clear_cache)

    def test_function_answers_as_the_statement(self):
        self.assertTrue(self.finder._exact_function_name())
        expected = {
            0: {("res.partner", self.company.id), ("crm.lead", self.opportunity.id)},
            1: {("res.partner", self.company.id)},
            2: {("crm.lead", self.opportunity.id)},
            3: {("res.partner", self.company.id), ("crm.lead", self.opportunity.id)},
            4: {("res.partner", self.company.id), ("crm.lead", self.opportunity.id)},
            5: set(),
        }
        hits, data = self._exact(self.probes)
        for idx, records in expected.items():
            with self.subTest(probe=idx):
                found = {(m, rid) for m, _k, i, rid, _p in hits if i == idx}
                self.assertTrue(records <= found, found)
        self.assertEqual((hits, data), self._inline(self.probes))
        self.assertEqual(data[("crm.lead", self.opportunity.id)], self.opportunity.name)

    def test_search_answers_without_the_function(self):
        """Code newer than the last -u: the statement is sent as it is."""
        before = self.finder._find_duplicates(
            {"company_name": "Лесоторг", "phone": "+7 4912 12-34-56"}
        )
        expected = self._exact(self.probes)
        self._drop_function()
        self.assertIsNone(self.finder._exact_function_name())
        self.assertEqual(self._exact(self.probes), expected)
        after = self.finder._find_duplicates(
            {"company_name": "Лесоторг", "phone": "+7 4912 12-34-56"}
        )
        self.assertEqual(
            [(c.model, c.id, c.level) for c in after],
            [(c.model, c.id, c.level) for c in before],
        )
        self.assertIn(
            ("res.partner", self.company.id, "likely"),
            [(c.model, c.id, c.level) for c in after],
        )

    def test_upgrade_replaces_older_functions(self):
        """-u (init) creates the function of the running code and drops the
        ones of earlier code."""
        old = f"{FUNCTION_PREFIX}0123456789ab"
        self.env.cr.execute(
            SQL(
                "CREATE FUNCTION %s() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                SQL.identifier(old),
            )
        )
        self._drop_function()
        self.finder.init()
        self.env.cr.execute(
            SQL(
                "SELECT proname FROM pg_proc WHERE starts_with(proname, %s)",
                FUNCTION_PREFIX,
            )
        )
        names = [name for (name,) in self.env.cr.fetchall()]
        self.assertEqual(names, [self.finder._exact_function_name()])
        self.assertEqual(self._exact(self.probes), self._inline(self.probes))

    def test_uninstall_drops_the_functions(self):
        hooks.uninstall_hook(self.env)
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM pg_proc WHERE starts_with(proname, %s)",
                FUNCTION_PREFIX,
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
