from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .test_hand_over import HandOverCase
from .test_routing import MONDAY_NOON_MSK

LINK = '<a href="https://evil.example/confirm">Click to confirm</a>'


@tagged("post_install", "-at_install")
class TestHandOverAccess(HandOverCase):
    """What a hand-over must not give away (issue 16 points 2, 4 and 8), each
    attack made as the role that made it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.user_agent
        cls.call_list = (
            cls.env["crm.call.list"].with_user(cls.agent).create({"name": "Справочник"})
        )

    def _hand_over(self, **values):
        """The agent's Meeting Agreed on a new call list entry."""
        line = (
            self.env["crm.call.list.line"]
            .with_user(self.agent)
            .create({"list_id": self.call_list.id, "contact_name": "Лосев", **values})
        )
        with freeze_time(MONDAY_NOON_MSK):
            action = line.action_meeting()
            form = Form(
                self.env["crm.lead.handover"]
                .with_user(self.agent)
                .with_context(**action["context"])
            )
            form.meeting_start = "2026-03-04 08:00:00"  # 11:00 in Moscow
            form.meeting_place = LINK
            form.note = LINK
            form.save().action_hand_over()
        return line

    def _their_messages(self, user, lead):
        return (
            self.env["mail.message"]
            .with_user(user)
            .search([("model", "=", "crm.lead"), ("res_id", "=", lead.id)])
        )

    def test_registering_a_call_does_not_make_the_agent_follow_the_opportunity(self):
        with freeze_time(MONDAY_NOON_MSK):
            call = (
                self.env["crm.first.contact"]
                .with_user(self.agent)
                .create({"phone": "+7 495 600-70-80", "question": "Счёт?"})
            )
            call.action_register()
        opportunity = self.opportunity
        self.assertEqual(call.lead_id, opportunity)
        self.assertNotIn(self.agent.partner_id, opportunity.message_partner_ids)
        opportunity.with_user(self.m2).message_post(
            body="Скидка 30 % до пятницы",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertNotIn(
            "Скидка",
            str(self._their_messages(self.agent, opportunity).mapped("body")),
            "the owner's chatter is not the agent's to read",
        )
        with self.assertRaises(AccessError):
            opportunity.with_user(self.agent).message_post(body="Я тоже тут")
        # the call's link: the name, not an access error
        call.invalidate_recordset()
        self.assertFalse(call.lead_readable)
        self.assertEqual(call.lead_name, opportunity.name)

    def test_the_agent_keeps_only_the_opportunities_he_handed_over(self):
        own = self._hand_over(company_name="ООО «Новое Дело»", phone="+7 499 700-30-40")
        lead = own.lead_id.sudo()
        self.assertEqual(lead.agent_id, self.agent)
        self.assertIn(self.agent.partner_id, lead.message_partner_ids)
        # the client of Olga's open opportunity: the meeting goes to her
        theirs = self._hand_over(
            company_name="АО «Северный Ветер»", phone="+7 495 600-70-80"
        )
        opportunity = self.opportunity
        self.assertFalse(theirs.lead_id, "not linked to the agent's call list")
        self.assertFalse(opportunity.agent_id)
        self.assertNotIn(self.agent.partner_id, opportunity.message_partner_ids)
        meeting = self.env["calendar.event"].search(
            [("opportunity_id", "=", opportunity.id)]
        )
        self.assertEqual(meeting.user_id, self.m2)
        self.assertNotIn(self.agent.partner_id, meeting.partner_ids)
        self.assertNotIn(
            self.client,
            meeting.partner_ids.commercial_partner_id,
            "the client is invited only when asked",
        )
        meeting.invalidate_recordset()  # as the agent's own request reads it
        seen = meeting.with_user(self.agent).read(["name", "opportunity_id"])[0]
        self.assertNotIn("Северный Ветер", seen["name"])
        self.assertFalse(seen["opportunity_id"])

    def test_user_text_is_text_in_notes_and_activities(self):
        self._hand_over(company_name="ООО «Ссылка»", phone="+7 499 700-30-41")
        lead = self.env["crm.lead"].search([("partner_name", "=", "ООО «Ссылка»")])
        activity = lead.activity_ids.filtered(lambda a: a.user_id == self.m1)
        meeting = self.env["calendar.event"].search([("opportunity_id", "=", lead.id)])
        line = lead.message_ids.filtered(lambda m: "Rule:" in (m.body or ""))
        for html in (
            str(activity.note),
            line.body,
            str(lead.description),
            str(meeting.description),
        ):
            self.assertNotIn("<a ", html)
            self.assertIn("&lt;a href", html)
        self.assertIn("11:00", str(activity.note), "the manager's time zone")
        # an event's name, in the activities of its distribution
        event = self.env["crm.first.contact.event"].create({"name": LINK})
        self.env["crm.lead"].create(
            {
                "partner_name": "ООО «Гость»",
                "phone": "+7 495 300-20-10",
                "fc_event_id": event.id,
            }
        )
        event.action_distribute()
        self.assertTrue(event.activity_ids)
        for activity in event.activity_ids:
            self.assertNotIn("<a ", str(activity.note))

    def test_event_activities_name_no_opportunity(self):
        event = self.env["crm.first.contact.event"].create({"name": "Выставка"})
        self.env["crm.lead"].create(
            {
                "partner_name": "Северный Ветер",
                "email_from": "o.veter@sev-veter.ru",
                "fc_event_id": event.id,
            }
        )
        # a colleague who may read the event, not Olga's opportunity
        read = event.with_user(self.m3).activity_ids.read(["summary", "note"])
        self.assertTrue(read)
        self.assertNotIn(self.opportunity.name, str(read))


@tagged("post_install", "-at_install")
class TestHandOverAsOperator(HandOverCase):
    """Register and Hand Over by an operator who reads only their own leads and
    the unassigned ones, as a request runs it: an empty cache at the start, the
    transaction flushed in the operator's environment at the end (issue 13)."""

    def test_operator_hands_over_the_clients_unassigned_opportunity(self):
        operator = new_test_user(
            self.env,
            login="sfc_operator_own",
            name="Operator Inna",
            groups="sales_team.group_sale_salesman",
        )
        client = self.env["res.partner"].create(
            {
                "name": "ООО «Ничейная Сделка»",
                "is_company": True,
                "phone": "+7 495 600-11-22",
                "user_id": self.m3.id,
            }
        )
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Ничейная Сделка: поставка",
                "type": "opportunity",
                "partner_id": client.id,
                "user_id": False,
                "team_id": False,
            }
        )
        with freeze_time(MONDAY_NOON_MSK):
            call = (
                self.env["crm.first.contact"]
                .with_user(operator)
                .create({"phone": "8 (495) 600-11-22", "question": "Счёт?"})
            )
            self.env.invalidate_all()  # a request starts with nothing in cache
            # e-mails sent after the commit, as a server does (a test sends
            # them at once, which flushes everything as superuser first)
            call.with_context(mail_notify_force_send=False).action_register()
            # the end of the request: Odoo flushes in the first environment it
            # finds of the transaction, here the operator's
            call.env.flush_all()
        opportunity.invalidate_recordset()
        self.assertEqual(call.sudo().lead_id, opportunity)
        self.assertEqual(
            (opportunity.user_id, opportunity.team_id), (self.m3, self.main)
        )
        self.assertFalse(opportunity.with_user(operator).has_access("read"))
