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
        lines = check.line_ids.read(["accessible", "name", "lead_id", "res_id"])
        self.assertTrue(lines, "the lead is found by its domain")
        for line in lines:
            self.assertFalse(line["accessible"])
            self.assertFalse(line["lead_id"])
            self.assertFalse(line["res_id"], "no id of a record he may not read")
            self.assertNotIn("Тайна", line["name"])
        found = self._finder_as(self.user_agent, values)
        self.assertEqual(
            [(c.accessible, c.name) for c in found],
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

    def test_result_of_an_unreadable_opportunity_hands_over_without_its_id(self):
        client = self.env["res.partner"].create(
            {"name": "ООО «Загадка»", "is_company": True, "email": "info@zagadka.ru"}
        )
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Загадка: поставка",
                "type": "opportunity",
                "partner_id": client.id,
                "email_from": "boss@zagadka.ru",
                "user_id": self.user_manager_2.id,
            }
        )
        check = (
            self.env["crm.client.check"]
            .with_user(self.user_manager)
            .create({"email": "new@zagadka.ru"})
        )
        fields = ["res_model", "res_id", "client_ref", "open_opportunity_ref"]
        rows = {row["res_model"]: row for row in check.line_ids.read(fields)}
        self.assertEqual(rows["res.partner"]["res_id"], client.id, "he reads it")
        self.assertEqual(rows["res.partner"]["client_ref"], client.id)
        for row in rows.values():
            self.assertNotEqual(row["res_id"], opportunity.id)
            self.assertFalse(row["open_opportunity_ref"], "he may not read it")
        line = check.line_ids.filtered(lambda ln: ln.res_model == "crm.lead")
        self.assertTrue(line.can_hand_over)
        result = line.action_hand_over()
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn("Manager Olga", result["params"]["message"])
