from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestAccess(FirstContactCase, TransactionCase):
    """What an agent, a manager and the head of sales may see and do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        Lead = cls.env["crm.lead"]
        cls.lead_manager = Lead.create(
            {"name": "Manager's lead", "user_id": cls.user_manager.id}
        )
        cls.lead_manager_2 = Lead.create(
            {"name": "Other manager's lead", "user_id": cls.user_manager_2.id}
        )
        cls.awareness = cls.env.ref("sales_first_contact.awareness_press")

    def test_agent_records_a_first_contact(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.user_agent)
            .create(
                {
                    "name": "Cold call: meeting agreed",
                    "source_id": self.env.ref(
                        "sales_first_contact.utm_source_agent"
                    ).id,
                    "awareness_source_id": self.awareness.id,
                    "fax": "+7 495 000-00-00",
                }
            )
        )
        self.assertEqual(lead.user_id, self.user_agent)
        self.assertEqual(lead.first_contact_channel, "agent")

    def test_salespeople_see_only_their_leads(self):
        for user in (self.user_agent, self.user_manager_2):
            visible = (
                self.env["crm.lead"]
                .with_user(user)
                .search([("id", "in", (self.lead_manager + self.lead_manager_2).ids)])
            )
            self.assertNotIn(self.lead_manager, visible, user.login)
            with self.assertRaises(AccessError):
                self.lead_manager.with_user(user).read(["name"])
        visible = (
            self.env["crm.lead"]
            .with_user(self.user_manager)
            .search([("id", "in", (self.lead_manager + self.lead_manager_2).ids)])
        )
        self.assertEqual(visible, self.lead_manager)

    def test_head_of_sales_sees_every_lead(self):
        visible = (
            self.env["crm.lead"]
            .with_user(self.user_head)
            .search([("id", "in", (self.lead_manager + self.lead_manager_2).ids)])
        )
        self.assertEqual(visible, self.lead_manager + self.lead_manager_2)
        self.lead_manager_2.with_user(self.user_head).user_id = self.user_manager
        self.assertEqual(self.lead_manager_2.user_id, self.user_manager)

    def test_reference_lists_read_only_for_sales_roles(self):
        Awareness = self.env["crm.awareness.source"]
        Industry = self.env["res.partner.industry"]
        for user in (self.user_agent, self.user_manager):
            self.assertTrue(Awareness.with_user(user).search([]))
            with self.assertRaises(AccessError):
                Awareness.with_user(user).create({"name": "Billboard"})
            with self.assertRaises(AccessError):
                self.awareness.with_user(user).name = "Newspapers"
            with self.assertRaises(AccessError):
                Industry.with_user(user).create({"name": "Shipbuilding"})

    def test_head_of_sales_maintains_reference_lists(self):
        answer = (
            self.env["crm.awareness.source"]
            .with_user(self.user_head)
            .create({"name": "Billboard"})
        )
        answer.name = "Billboards"
        answer.unlink()
        industry = (
            self.env["res.partner.industry"]
            .with_user(self.user_head)
            .create({"name": "Shipbuilding"})
        )
        self.assertEqual(industry.name, "Shipbuilding")
