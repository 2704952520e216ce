from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestOwnedValues(FirstContactCase, TransactionCase):
    """Issue 16.7: record rules check the records written, not the values. A
    manager who creates their own absence and then writes a colleague into it
    silently stops the colleague's new contacts; the same for the owner of a
    call list and the user who took a call. Each attack as the role that made it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()

    def test_manager_cannot_give_an_absence_to_a_colleague(self):
        Absence = self.env["crm.absence"].with_user(self.user_manager)
        own = Absence.create(
            {"date_from": "2026-03-02 00:00:00", "date_to": "2026-03-03 00:00:00"}
        )
        with self.assertRaises(AccessError):
            own.write({"user_id": self.user_manager_2.id})
        with self.assertRaises(AccessError):
            Absence.create(
                {
                    "user_id": self.user_manager_2.id,
                    "date_from": "2026-03-04 00:00:00",
                    "date_to": "2026-03-05 00:00:00",
                }
            )
        self.assertEqual(own.user_id, self.user_manager)
        self.assertFalse(
            self.env["crm.absence"]._absent_users(
                self.user_manager_2, own.date_from.replace(hour=12)
            ),
            "the colleague still gets contacts",
        )
        own.write({"reason": "Dentist"})  # their own absence stays theirs to change
        # the head of sales records anybody's absence
        own.with_user(self.user_head).write({"user_id": self.user_manager_2.id})
        self.assertEqual(own.leave_id.resource_id.user_id, self.user_manager_2)

    def test_agent_cannot_give_a_call_list_away(self):
        CallList = self.env["crm.call.list"].with_user(self.user_agent)
        own = CallList.create({"name": "Directory of Kazan"})
        with self.assertRaises(AccessError):
            own.write({"agent_id": self.user_agent_2.id})
        with self.assertRaises(AccessError):
            CallList.create({"name": "Theirs", "agent_id": self.user_agent_2.id})
        self.assertEqual(own.agent_id, self.user_agent)
        own.with_user(self.user_head).agent_id = self.user_agent_2

    def test_call_taken_by_is_the_one_who_took_it(self):
        Contact = self.env["crm.first.contact"].with_user(self.user_manager)
        with self.assertRaises(AccessError):
            Contact.create(
                {"taken_by_id": self.user_manager_2.id, "phone": "+7 495 000-11-22"}
            )
        own = Contact.create({"phone": "+7 495 000-11-23"})
        self.assertEqual(own.taken_by_id, self.user_manager)
        with self.assertRaises(AccessError):
            own.write({"taken_by_id": self.user_manager_2.id})
        own.write({"question": "Prices"})
        self.env["crm.first.contact"].with_user(self.user_head).create(
            {"taken_by_id": self.user_manager_2.id, "phone": "+7 495 000-11-24"}
        )
