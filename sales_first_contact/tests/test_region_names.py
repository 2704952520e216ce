from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRegionNames(TransactionCase):
    """Issue 17.9: Russia's regions read and are found in Russian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.moscow = cls.env.ref("base.state_ru_mow")
        cls.moscow_oblast = cls.env.ref("base.state_ru_mos")
        cls.Russian = cls.env["res.country.state"].with_context(lang="ru_RU")

    def test_a_russian_interface_shows_the_russian_name(self):
        self.assertEqual(
            self.moscow.with_context(lang="ru_RU").display_name, "Москва (RU)"
        )
        self.assertEqual(
            self.env.ref("base.state_ru_spe").with_context(lang="ru_RU").display_name,
            "Санкт-Петербург (RU)",
        )

    def test_an_english_interface_keeps_odoo_names(self):
        self.assertEqual(
            self.moscow.with_context(lang="en_US").display_name, "Moscow (RU)"
        )
        california = self.env.ref("base.state_us_5")
        self.assertEqual(
            california.with_context(lang="ru_RU").display_name, "California (US)"
        )

    def test_found_by_russian_name_in_any_language(self):
        for lang in ("ru_RU", "en_US"):
            States = self.env["res.country.state"].with_context(lang=lang)
            found = [state_id for state_id, _name in States.name_search("Моск")]
            self.assertIn(self.moscow.id, found, lang)
            self.assertIn(self.moscow_oblast.id, found, lang)
            found = States.search([("display_name", "=", "ёлки")])
            self.assertFalse(found)
        self.assertEqual(
            self.Russian.search([("display_name", "=", "москва")]), self.moscow
        )
        self.assertIn(
            self.moscow, self.Russian.search([("display_name", "ilike", "Moscow")])
        )

    def test_a_country_in_context_still_filters(self):
        found = self.Russian.with_context(
            country_id=self.env.ref("base.us").id
        ).name_search("Моск")
        self.assertFalse(found)
