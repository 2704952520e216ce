from odoo.tests import Form, TransactionCase, tagged

from ..dedup import normalize
from .common import FirstContactCase
from .company_names import client_list


def seed_client_list(env):
    """A client list where some words are common, analyzed as autovacuum
    would: the statistics the finder reads of how common a word is."""
    env["res.partner"].create(
        [{"name": name, "is_company": True} for name in client_list()]
    )
    env.flush_all()
    env.cr.execute("ANALYZE res_partner")


def archive_named(env, name):
    """Archive the cards and leads bearing the company ``name`` (the demo data
    has a card of the name the tests give a client of their own)."""
    key = normalize.company_key(name)
    for model in ("crm.lead", "res.partner"):
        env[model].search([("dedup_company_key", "=", key)]).action_archive()


@tagged("post_install", "-at_install")
class TestNameAlone(FirstContactCase, TransactionCase):
    """When a company name alone makes a client likely (issue 12 point 6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        Partner = cls.env["res.partner"]
        archive_named(cls.env, "Северсталь-Трейд")
        for name in ("Альфа", "Восток", "Стройсервис"):
            archive_named(cls.env, name)
        cls.severstal = Partner.create(
            {
                "name": "АО «Северсталь-Трейд»",
                "is_company": True,
                "phone": "+7 8202 53-09-00",
                "user_id": cls.user_manager.id,
            }
        )
        cls.common = {
            name: Partner.create({"name": name, "is_company": True})
            for name in ("Альфа", "Восток", "Стройсервис")
        }
        seed_client_list(cls.env)
        cls.finder = cls.env["crm.duplicate.finder"]

    def _candidate(self, record, **values):
        found = self.finder._find_duplicates(values, limit=50)
        return next(
            (c for c in found if (c.model, c.id) == (record._name, record.id)),
            None,
        )

    def test_a_distinctive_name_alone_is_likely(self):
        for typed in ("Северсталь Трейд", "ООО Северсталь-Трейд", "Severstal Treid"):
            with self.subTest(typed=typed):
                candidate = self._candidate(
                    self.severstal, company_name=typed, phone="+7 921 000-11-22"
                )
                self.assertEqual(candidate.level, "likely")
                self.assertEqual(candidate.steps, {"company": "distinctive"})
                self.assertEqual(candidate.likely_reason, "distinctive_name")
                self.assertIn(
                    "distinctive company name",
                    self.finder._likely_reason_text(candidate),
                )

    def test_common_names_stay_possible(self):
        """'Альфа', 'Восток', 'Стройсервис' are borne by one card each, but
        their words are in many client names."""
        for name, record in self.common.items():
            with self.subTest(name=name):
                candidate = self._candidate(record, company_name=f"ООО «{name}»")
                self.assertEqual(candidate.level, "possible")
                self.assertEqual(candidate.steps, {"company": "exact"})
                self.assertFalse(candidate.likely_reason)
        # a name of one word is never enough, even borne by one card only:
        # a client list does not tell that a word is rare in the world
        magnezit = self.env["res.partner"].create(
            {"name": "ООО «Магнезит»", "is_company": True}
        )
        self.env.cr.execute("ANALYZE res_partner")
        candidate = self._candidate(magnezit, company_name="Магнезит")
        self.assertEqual(candidate.level, "possible")
        # two common words together are no more distinctive
        alfa_stroy = self.env["res.partner"].search(
            [("name", "=", "ООО «Альфа-Строй»")]
        )
        candidate = self._candidate(alfa_stroy, company_name="Альфа Строй")
        self.assertEqual(candidate.level, "possible")

    def test_a_name_two_clients_bear_stays_possible(self):
        twin = self.env["res.partner"].create(
            {"name": "Северсталь Трейд", "is_company": True}
        )
        for record in (self.severstal, twin):
            candidate = self._candidate(record, company_name="Северсталь Трейд")
            self.assertEqual(candidate.level, "possible")

    def test_a_near_name_is_never_likely(self):
        candidate = self._candidate(self.severstal, company_name="Сверсталь Трейд")
        self.assertEqual(candidate.steps, {"company": "near"})
        self.assertEqual(candidate.level, "possible")

    def test_banner_and_check_screen_say_why(self):
        lead = self.env["crm.lead"].create(
            {"name": "Call", "partner_name": "Северсталь Трейд"}
        )
        self.assertEqual(lead.dedup_likely_count, 1)
        self.assertIn(
            "Why likely: the same distinctive company name", lead.dedup_summary
        )
        form = Form(self.env["crm.client.check"])
        form.company_name = "Северсталь Трейд"
        self.assertEqual(form.result_level, "likely")
        check = form.save()
        line = check.line_ids.filtered(lambda ln: ln.partner_id == self.severstal)
        self.assertEqual(line.step_company, "distinctive")
        self.assertIn("distinctive company name", line.likely_reason)
        form.company_name = "Альфа"
        check = form.save()
        common = check.line_ids.filtered(lambda ln: ln.level == "possible")
        self.assertTrue(common)
        self.assertFalse(any(common.mapped("likely_reason")))

    def test_without_statistics_a_name_alone_stays_possible(self):
        """Before PostgreSQL has analyzed the client names, nothing tells how
        common a word is: the name alone is not enough."""
        self.env.cr.execute(
            "DROP STATISTICS IF EXISTS res_partner_dedup_company_words_stat"
        )
        candidate = self._candidate(self.severstal, company_name="Северсталь Трейд")
        self.assertEqual(candidate.level, "possible")
