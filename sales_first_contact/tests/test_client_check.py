from odoo.exceptions import RedirectWarning
from odoo.tests import Form, TransactionCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestClientCheck(FirstContactCase, TransactionCase):
    """The "Check client" screen and the actions of R8 from its results."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.company = cls.env["res.partner"].create(
            {
                "name": "АО «Северсталь-Трейд»",
                "is_company": True,
                "phone": "+7 812 320-45-90",
                "email": "office@severstal-trade.ru",
                "user_id": cls.user_manager.id,
            }
        )
        cls.no_process = cls.env["res.partner"].create(
            {"name": "ООО «Вектор»", "is_company": True, "website": "vector.ru"}
        )
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Pilot project",
                "type": "opportunity",
                "partner_id": cls.company.id,
                "user_id": cls.user_manager.id,
            }
        )

    def _check(self, user, **values):
        form = Form(self.env["crm.client.check"].with_user(user))
        for name, value in values.items():
            setattr(form, name, value)
        return form

    def test_results_are_live_with_steps_as_columns(self):
        form = self._check(self.user_manager_2, company_name="Северсталь Трейд")
        self.assertEqual(form.result_level, "possible")
        form.email = "buyer@severstal-trade.ru"
        self.assertEqual(form.result_level, "likely")
        check = form.save()
        line = check.line_ids.filtered(lambda ln: ln.res_model == "res.partner")[:1]
        self.assertEqual(line.partner_id, self.company)
        self.assertEqual(line.step_company, "exact")
        self.assertEqual(line.step_domain, "exact")
        self.assertFalse(line.step_surname)
        self.assertEqual(line.owner_id, self.user_manager)
        self.assertTrue(line.can_hand_over)

    def test_bad_phone_is_said_in_plain_words(self):
        form = self._check(self.user_manager, phone="позвоните в обед")
        self.assertIn("does not look like a phone number", form.input_warning)
        form.phone = "8 (812) 320-45-90"
        self.assertFalse(form.input_warning)
        self.assertEqual(form.result_level, "likely")

    def test_new_client_creates_card_and_opportunity(self):
        form = self._check(
            self.user_manager_2,
            company_name="ООО «Квантор-Зет»",
            contact_name="Квазимодов Глеб",
            phone="+7 495 913-57-91",
            email="g.kvazimodov@kvantor-zet.ru",
        )
        self.assertEqual(form.result_level, "none")
        self.assertIn("new client", form.summary)
        action = form.save().action_create_client()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.user_id, self.user_manager_2)
        self.assertEqual(lead.partner_id.name, "Квазимодов Глеб")
        self.assertEqual(lead.partner_id.parent_id.name, "ООО «Квантор-Зет»")
        self.assertEqual(lead.partner_id.parent_id.dedup_company_key, "квантор зет")

    def test_hand_over_to_owner_of_open_opportunity(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_manager_2)
            .create(
                {
                    "name": "Website request",
                    "partner_name": "Severstal",
                    "email_from": "buyer@severstal-trade.ru",
                    "user_id": self.user_manager_2.id,
                }
            )
        )
        check = (
            self.env["crm.client.check"]
            .with_user(self.user_manager_2)
            .create(
                {
                    "lead_id": lead.id,
                    "company_name": lead.partner_name,
                    "email": lead.email_from,
                }
            )
        )
        line = check.line_ids.filtered(lambda ln: ln.res_id == self.company.id)
        line.action_hand_over()
        lead = lead.with_user(self.env.user)  # the sender may no longer read it
        self.assertEqual(lead.user_id, self.user_manager)
        self.assertEqual(lead.first_contact_rule, "open_opportunity")
        self.assertNotIn(
            self.user_manager_2.partner_id,
            lead.message_partner_ids,
            "no longer a follower of a lead they may not read",
        )
        activity = lead.activity_ids.filtered(lambda a: a.user_id == self.user_manager)
        self.assertTrue(activity)
        self.assertIn("open opportunity", lead.message_ids[0].body)

    def test_known_client_without_process_gets_opportunity(self):
        check = (
            self.env["crm.client.check"]
            .with_user(self.user_manager_2)
            .create({"website": "www.vector.ru"})
        )
        line = check.line_ids.filtered(lambda ln: ln.res_id == self.no_process.id)
        self.assertTrue(line.can_open_opportunity)
        self.assertFalse(line.can_hand_over)
        action = line.action_open_opportunity()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(lead.partner_id, self.no_process)
        self.assertEqual(lead.user_id, self.user_manager_2)
        # it counts in the source reports (issue 17 point 12)
        self.assertEqual(
            lead.source_id, self.env.ref("sales_first_contact.utm_source_website")
        )

    def test_merge_opens_odoo_merge_screens(self):
        twin = self.env["res.partner"].create(
            {"name": "Северсталь Трейд", "is_company": True, "phone": "8 812 320 45 90"}
        )
        action = twin.action_check_duplicates()
        check = self.env["crm.client.check"].browse(action["res_id"])
        self.assertEqual(check.partner_id, twin)
        line = check.line_ids.filtered(lambda ln: ln.res_id == self.company.id)
        merge = line.action_merge()
        self.assertEqual(merge["res_model"], "base.partner.merge.automatic.wizard")
        self.assertEqual(
            set(merge["context"]["active_ids"]), {twin.id, self.company.id}
        )


@tagged("post_install", "-at_install")
class TestDuplicatePolicy(FirstContactCase, TransactionCase):
    """Settings: warn or block a new client card matching an existing one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.company = cls.env["res.partner"].create(
            {"name": "ООО «Ромашка»", "is_company": True, "email": "info@romashka.ru"}
        )
        cls.spec = {"display_name": {}}

    def _set_policy(self, policy):
        self.env["res.config.settings"].create(
            {"first_contact_duplicate_policy": policy}
        ).execute()

    def test_warn_shows_banner_and_saves(self):
        Partner = self.env["res.partner"].with_user(self.user_manager)
        form = Form(Partner)
        form.company_type = "company"
        form.name = "Ромашка"
        form.email = "sales@romashka.ru"
        self.assertEqual(form.dedup_likely_count, 1)
        self.assertIn("ООО «Ромашка»", form.dedup_summary)
        saved = Partner.web_save(
            {"name": "Ромашка", "is_company": True, "email": "sales@romashka.ru"},
            self.spec,
        )
        self.assertTrue(saved[0]["id"])

    def test_block_refuses_manual_likely_duplicate(self):
        self._set_policy("block")
        Partner = self.env["res.partner"].with_user(self.user_manager)
        with self.assertRaises(RedirectWarning) as caught:
            Partner.web_save(
                {"name": "Ромашка", "is_company": True, "email": "sales@romashka.ru"},
                self.spec,
            )
        message, action = caught.exception.args[:2]
        self.assertIn("ООО «Ромашка»", message)
        self.assertEqual(action["res_id"], self.company.id)
        # a possible duplicate only (same name, nothing else) is not blocked
        saved = Partner.web_save({"name": "Ромашка", "is_company": True}, self.spec)
        self.assertTrue(saved[0]["id"])
        # imports never block
        imported = Partner.with_context(import_file=True).web_save(
            {"name": "ООО Ромашка", "email": "x@romashka.ru", "is_company": True},
            self.spec,
        )
        self.assertTrue(imported[0]["id"])

    def test_lead_similar_leads_include_six_step_matches(self):
        first = self.env["crm.lead"].create(
            {"name": "First", "partner_name": "Ромашка", "website": "romashka.ru"}
        )
        second = self.env["crm.lead"].create(
            {"name": "Second", "contact_name": "x", "website": "https://romashka.ru/"}
        )
        self.assertIn(first, second.duplicate_lead_ids)
        self.assertEqual(second.duplicate_lead_count, 1)
        self.assertEqual(second.dedup_likely_count, 2)  # the lead and the client

    def test_similar_leads_leave_a_mail_sub_domain_to_odoo(self):
        """A lead on a sub-domain of another's e-mail domain is the same client
        to the six steps, another domain to Odoo's Similar Leads (its own
        tests): it stays out of that list, and in the banner's count."""
        first = self.env["crm.lead"].create(
            {"name": "First", "email_from": "floppy@mycompany-x.com"}
        )
        second = self.env["crm.lead"].create(
            {"name": "Second", "email_from": "floppy@zboing.mycompany-x.com"}
        )
        self.assertNotIn(first, second.duplicate_lead_ids)
        self.assertEqual(second.dedup_likely_count, 1)
