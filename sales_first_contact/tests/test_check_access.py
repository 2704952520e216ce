from odoo.tests import TransactionCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestCheckScreensAccess(FirstContactCase, TransactionCase):
    """The check screens tell a user what the duplicate search tells that user
    (issue 16 point 3): their stored results are computed as superuser, the
    records' readability is not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        # a lead of Manager Olga: the agent may not read it
        cls.secret = cls.env["crm.lead"].create(
            {
                "name": "Тайна: секретная поставка",
                "type": "lead",
                "partner_name": "ООО «Тайна»",
                "contact_name": "Иванов Пётр",
                "email_from": "ivanov@taina-secret.ru",
                "user_id": cls.user_manager_2.id,
            }
        )

    def _finder_as(self, user, values):
        return self.env["crm.duplicate.finder"].with_user(user)._find_duplicates(values)

    def test_agent_check_lines_say_what_the_search_says(self):
        values = {"email": "petrov@taina-secret.ru"}
        # the attack: a check created over the ORM as the agent, its lines read
        check = self.env["crm.client.check"].with_user(self.user_agent).create(values)
        lines = check.line_ids.read(["res_model", "accessible", "name", "lead_id"])
        self.assertTrue(lines, "the lead is found by its domain")
        for line in lines:
            self.assertFalse(line["accessible"])
            self.assertFalse(line["lead_id"])
            self.assertNotIn("Тайна", line["name"])
        found = self._finder_as(self.user_agent, values)
        self.assertEqual(
            [(c["accessible"], c["name"]) for c in found],
            [(False, False)],
            "the search as the agent",
        )
        # the lead's owner reads it: the same screen names it
        own = self.env["crm.client.check"].with_user(self.user_manager_2).create(values)
        self.assertEqual(own.line_ids.mapped("name"), [self.secret.name])
        self.assertTrue(own.line_ids.accessible)

    def test_agent_hand_over_summary_names_no_unreadable_client(self):
        handover = (
            self.env["crm.lead.handover"]
            .with_user(self.user_agent)
            .create(
                {
                    "company_name": "ООО «Тайна»",
                    "contact_name": "Петров Иван",
                    "email": "petrov@taina-secret.ru",
                    "meeting_start": "2026-03-04 08:00:00",
                }
            )
        )
        summary = handover.read(["client_summary"])[0]["client_summary"]
        self.assertIn("Known client", summary)
        self.assertNotIn("Тайна", summary)
