from unittest.mock import patch

from odoo.tests import TransactionCase, new_test_user, tagged

from ..dedup import normalize
from .common import FirstContactCase, slow_near_names

MAX_QUERIES = 3  # one six-step check, whatever the database size (issue target)


@tagged("post_install", "-at_install")
class TestDuplicateFinder(FirstContactCase, TransactionCase):
    """The public entry point crm.duplicate.finder._find_duplicates (R11)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        Partner = cls.env["res.partner"]
        cls.ru = cls.env.ref("base.ru")
        cls.company = Partner.create(
            {
                "name": "ООО «Ромашка»",
                "is_company": True,
                "phone": "+7 495 123-45-67",
                "email": "info@romashka.ru",
                "website": "romashka.ru",
                "country_id": cls.ru.id,
                "user_id": cls.user_manager.id,
            }
        )
        cls.contact = Partner.create(
            {
                "name": "Иванов Пётр Сергеевич",
                "parent_id": cls.company.id,
                "email": "p.ivanov@romashka.ru",
            }
        )
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Ромашка: поставка",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "user_id": cls.user_manager.id,
            }
        )
        # the trap: another «Ромашка», in another city
        cls.other_romashka = Partner.create(
            {
                "name": "Ромашка",
                "is_company": True,
                "phone": "+7 383 210-30-40",
                "email": "office@romashka-nsk.ru",
                "country_id": cls.ru.id,
            }
        )
        cls.finder = cls.env["crm.duplicate.finder"]

    def _find(self, user=None, **values):
        finder = self.finder.with_user(user) if user else self.finder
        return finder._find_duplicates(values)

    def _by_record(self, candidates):
        return {(c.model, c.id): c for c in candidates}

    def test_real_world_variants_find_the_client(self):
        """The spellings of issue 12 find the client's card (its company card
        or the contact's), at the level each deserves."""
        self.contact.write({"phone": "8 916 111-22-33 (доп. 12)"})
        cases = [
            ({"company_name": "OOO Romashka"}, "company", "possible"),
            (
                {"company_name": '"Romashka" LLC', "contact_name": "Petr Ivanov"},
                "company",
                "likely",
            ),
            ({"company_name": "Ромашка (Москва)"}, "company", "possible"),
            (
                {"company_name": "ООО Ромашка, г. Санкт-Петербург"},
                "company",
                "possible",
            ),
            ({"company_name": "Ромашка - филиал в Казани"}, "company", "possible"),
            ({"contact_name": "Petr Ivanov"}, "surname", "possible"),
            ({"email": "info+expo@romashka.ru"}, "email", "likely"),
            ({"website": "shop.romashka.ru"}, "website", "likely"),
            ({"website": "https://m.romashka.ru/catalog"}, "website", "likely"),
            ({"email": "sales@msk.romashka.ru"}, "domain", "likely"),
            ({"phone": "8 495 123 45 67 (доп. 12)"}, "phone", "likely"),
            ({"phone": "+7 495 765-43-21, 123-45-67"}, "phone", "likely"),
            ({"phone": "495/123.45.67"}, "phone", "likely"),
            ({"phone": "+7 916 111 22 33"}, "phone", "likely"),
        ]
        for values, step, level in cases:
            with self.subTest(**values):
                found = self._by_record(self._find(**values))
                candidate = found.get(("res.partner", self.company.id)) or found.get(
                    ("res.partner", self.contact.id)
                )
                self.assertTrue(candidate, found)
                self.assertIn(step, candidate.steps)
                self.assertEqual(candidate.level, level)

    def test_typo_in_a_long_name_is_possible(self):
        long_name = self.env["res.partner"].create(
            {"name": "ООО «Ромашка-Сервис»", "is_company": True}
        )
        found = self._by_record(self._find(company_name="Ромшка-Сервис"))
        candidate = found[("res.partner", long_name.id)]
        self.assertEqual(candidate.steps, {"company": "near"})
        self.assertEqual(candidate.level, "possible")

    def test_precision_guards(self):
        """The traps of issue 12 are never likely."""
        Partner = self.env["res.partner"]
        namesake = Partner.create(
            {"name": "Иванов Олег", "parent_id": self.other_romashka.id}
        )
        cases = [
            # the same local number under another city code
            ({"phone": "+7 812 123-45-67"}, self.company),
            # a namesake at another company, with a local number of his
            (
                {
                    "company_name": "Василёк",
                    "contact_name": "Иванов Пётр",
                    "phone": "210-30-40",
                },
                namesake,
            ),
            # a free-mail address and site never make a domain match
            ({"email": "info@mail.ru", "website": "mail.ru"}, self.company),
        ]
        Partner.create(
            {"name": "Gmail fan", "email": "x@mail.ru", "website": "mail.ru"}
        )
        for values, record in cases:
            with self.subTest(**values):
                found = self._find(**values)
                likely = [c for c in found if c.level == "likely"]
                self.assertFalse(likely, found)
                trap = self._by_record(found).get((record._name, record.id))
                self.assertNotEqual(trap and trap.level, "likely")

    def test_each_step_finds_the_client(self):
        cases = [
            ("company", {"company_name": "Ромашка Плюс"}, "near", "possible"),
            ("surname", {"contact_name": "Иванов И.И."}, "exact", "possible"),
            ("phone", {"phone": "8 (495) 123 45 67"}, "full", "likely"),
            ("phone", {"phone": "123-45-67"}, "local", "possible"),
            ("email", {"email": "Info <INFO@Romashka.ru>"}, "exact", "likely"),
            ("domain", {"email": "director@romashka.ru"}, "exact", "likely"),
            (
                "website",
                {"website": "https://www.romashka.ru/contacts"},
                "exact",
                "likely",
            ),
        ]
        for step, values, how, level in cases:
            with self.subTest(step=step, values=values):
                found = self._by_record(self._find(**values))
                candidate = found.get(("res.partner", self.company.id)) or found.get(
                    ("res.partner", self.contact.id)
                )
                self.assertTrue(candidate, f"{values} did not find the client")
                self.assertEqual(candidate.steps.get(step), how)
                self.assertEqual(candidate.level, level)

    def test_website_matches_corporate_domain(self):
        person = self.env["res.partner"].create(
            {"name": "Сидоров Николай", "email": "n.sidorov@vektor-plus.ru"}
        )
        found = self._by_record(self._find(website="http://www.vektor-plus.ru/"))
        self.assertEqual(found[("res.partner", person.id)].steps, {"website": "exact"})
        found = self._by_record(self._find(email="info@romashka.ru"))
        client = found[("res.partner", self.company.id)]
        self.assertEqual(
            client.steps,
            {"email": "exact", "domain": "exact"},
            "a client is one candidate",
        )
        self.assertNotIn(("res.partner", self.contact.id), found)

    def test_exact_company_alone_is_only_possible(self):
        found = self._by_record(self._find(company_name="ООО Ромашка"))
        self.assertEqual(found[("res.partner", self.company.id)].level, "possible")
        self.assertEqual(
            found[("res.partner", self.other_romashka.id)].level, "possible"
        )
        # confirmed by the phone, only the Moscow one becomes likely
        found = self._by_record(
            self._find(company_name="ООО Ромашка", phone="+7 (495) 123-45-67")
        )
        self.assertEqual(found[("res.partner", self.company.id)].level, "likely")
        self.assertEqual(
            found[("res.partner", self.other_romashka.id)].level, "possible"
        )

    def test_ranking_and_public_domains(self):
        results = self._find(company_name="Ромашка", email="info@romashka.ru")
        levels = [c.level for c in results]
        self.assertEqual(levels, sorted(levels, key=lambda lvl: lvl != "likely"))
        self.assertEqual(results[0].id, self.company.id)
        Partner = self.env["res.partner"]
        Partner.create({"name": "Петров Сергей", "email": "petrov@mail.ru"})
        self.assertFalse(self._find(email="sidorov@mail.ru"), "a public domain")
        self.assertFalse(self._find(email="sidorov@yandex.kz"), "a CIS provider")

    def test_owner_stage_and_open_opportunity(self):
        found = self._by_record(self._find(email="info@romashka.ru"))
        partner = found[("res.partner", self.company.id)]
        self.assertEqual(partner.owner_id, self.user_manager.id)
        self.assertEqual(partner.open_opportunity_id, self.opportunity.id)
        self.assertEqual(partner.open_opportunity_owner_id, self.user_manager.id)
        self.assertEqual(partner.stage, self.opportunity.stage_id.name)
        lead = self._by_record(self._find(email="p.ivanov@romashka.ru"))[
            ("crm.lead", self.opportunity.id)
        ]
        self.assertEqual(lead.open_opportunity_id, self.opportunity.id)
        # once won, the opportunity is no longer open
        self.opportunity.action_set_won()
        partner = self._by_record(self._find(email="info@romashka.ru"))[
            ("res.partner", self.company.id)
        ]
        self.assertFalse(partner.open_opportunity_id)

    def test_user_learns_only_existence_owner_stage(self):
        results = self._find(user=self.user_manager_2, email="p.ivanov@romashka.ru")
        lead = self._by_record(results)[("crm.lead", self.opportunity.id)]
        self.assertFalse(lead.accessible)
        self.assertFalse(lead.name)
        self.assertEqual(lead.owner_name, self.user_manager.name)
        self.assertEqual(lead.stage, self.opportunity.stage_id.name)
        self.assertEqual(lead.level, "likely")
        own = self._by_record(
            self._find(user=self.user_manager, email="p.ivanov@romashka.ru")
        )
        self.assertTrue(own[("crm.lead", self.opportunity.id)].accessible)
        self.assertEqual(
            own[("crm.lead", self.opportunity.id)].name, "Ромашка: поставка"
        )

    def test_other_company_records_are_not_reported(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        secret = self.env["res.partner"].create(
            {
                "name": "ООО «Секрет»",
                "is_company": True,
                "email": "info@secret-b.ru",
                "company_id": company_b.id,
            }
        )
        user_a = new_test_user(
            self.env,
            login="sfc_user_a",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        self.assertFalse(self._find(user=user_a, email="info@secret-b.ru"))
        user_b = new_test_user(
            self.env,
            login="sfc_user_b",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        found = self._by_record(self._find(user=user_b, email="info@secret-b.ru"))
        self.assertIn(("res.partner", secret.id), found)

    def test_record_probe_excludes_itself_and_its_client(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Again",
                "partner_id": self.contact.id,
                "email_from": "p.ivanov@romashka.ru",
            }
        )
        found = self._by_record(self.finder._find_duplicates(record=lead))
        self.assertNotIn(("crm.lead", lead.id), found)
        self.assertNotIn(("res.partner", self.company.id), found)
        self.assertNotIn(("res.partner", self.contact.id), found)
        self.assertIn(("crm.lead", self.opportunity.id), found)
        found = self._by_record(self.finder._find_duplicates(record=self.company))
        self.assertNotIn(("res.partner", self.company.id), found)
        self.assertNotIn(("res.partner", self.contact.id), found)

    def test_bounded_queries_single_and_batch(self):
        values = {
            "company_name": "ООО «Ромашка»",
            "contact_name": "Иванов Пётр",
            "phone": "+7 495 123-45-67",
            "email": "p.ivanov@romashka.ru",
            "website": "romashka.ru",
        }
        self.env.flush_all()
        self.finder._find_duplicates(values)  # warm the caches
        count0 = self.env.cr.sql_log_count
        self.finder._find_duplicates(values)
        single = self.env.cr.sql_log_count - count0
        self.assertLessEqual(single, MAX_QUERIES)
        many = [dict(values, phone=f"+7 495 123-45-{i:02d}") for i in range(40)]
        count0 = self.env.cr.sql_log_count
        results = self.finder._find_duplicates_batch(many)
        batch = self.env.cr.sql_log_count - count0
        self.assertEqual(len(results), 40)
        self.assertLessEqual(batch, MAX_QUERIES, "a batch costs what one check costs")

    def test_junk_never_raises(self):
        junk = {
            "company_name": "АБ",
            "contact_name": "!!!",
            "phone": "позвонить завтра",
            "email": "not an email",
            "website": "-",
        }
        self.assertEqual(self._find(**junk), [])
        self.assertEqual(self._find(company_name="x" * 10000, phone="1" * 10000), [])
        found = self._by_record(self._find(phone="n/a", email="info@romashka.ru"))
        self.assertIn(("res.partner", self.company.id), found, "other steps still work")

    def test_local_number_of_a_city_with_a_long_code(self):
        omsk = self.env["res.partner"].create(
            {"name": "ООО «Иртыш»", "is_company": True, "phone": "+7 (3812) 12-34-56"}
        )
        found = self._by_record(self._find(phone="12-34-56"))
        self.assertEqual(found[("res.partner", omsk.id)].steps, {"phone": "local"})
        # and the other way round: a short local number stored, the full one typed
        lead = self.env["crm.lead"].create({"name": "Call", "phone": "12-34-56"})
        found = self._by_record(self._find(phone="+7 3812 12 34 56"))
        self.assertIn(("crm.lead", lead.id), found)

    def _settings(self):
        self.env.cr.execute(
            "SELECT current_setting('statement_timeout'),"
            " current_setting('pg_trgm.similarity_threshold', true),"
            " current_setting('jit')"
        )
        return self.env.cr.fetchone()

    def test_near_names_leave_the_session_as_it_was(self):
        before = self._settings()
        found = self._by_record(self._find(company_name="Ромашкаа"))
        self.assertIn(("res.partner", self.company.id), found, "a typo is near")
        self.assertEqual(self._settings(), before)

    def test_search_runs_without_jit_and_restores_it(self):
        """PostgreSQL's JIT compiled an import batch's statement for seconds,
        and a check's with a crowded key or a short local number for 0.3 s
        at 1M clients."""
        Finder = type(self.finder)
        distinctive, seen = Finder._distinctive_clients, []

        def spy(finder, *args):
            finder.env.cr.execute("SHOW jit")
            seen.append(finder.env.cr.fetchone()[0])
            return distinctive(finder, *args)

        before = self._settings()
        with patch.object(Finder, "_distinctive_clients", spy):
            results = self.finder._find_duplicates_batch(
                [{"company_name": "Ромашка"}] * 40
            )
            self._find(company_name="Ромашка", phone="12-34-56")
        for found in results:
            self.assertIn(self.company.id, [c.id for c in found])
        self.assertEqual(seen, ["off", "off"])
        self.assertEqual(self._settings(), before)
        # nothing to search: nothing sent, nothing to undo
        count = self.env.cr.sql_log_count
        self.assertFalse(self._find(company_name="!!"))
        self.assertEqual(self.env.cr.sql_log_count, count)

    def test_slow_near_names_are_given_up_exact_steps_kept(self):
        """A fuzzy search over a very common name is cancelled by the
        statement timeout; the exact steps still answer and the
        transaction stays usable."""
        self.env["res.partner"].create(
            {"name": "ООО «Ромашка Плюс Сервис»", "is_company": True}
        ).flush_recordset()
        before = self._settings()
        with slow_near_names(self.finder):
            # a near name that is no typo and no word more: pg_trgm's to find
            probe = normalize.record_keys(company="Ромашка Сервис Плюс")
            self.assertEqual(
                self.finder._near_names([(0, "ромашка сервис плюс")], [probe]),
                ([], {0}, {}),
            )
            found = self._by_record(
                self._find(company_name="Ромашка Сервис Плюс", email="info@romashka.ru")
            )
        self.assertIn(("res.partner", self.company.id), found)
        self.assertEqual(self._settings(), before)
        self.assertTrue(self.env["res.partner"].search_count([]))
