from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .test_routing import MONDAY_NOON_MSK, RoutingCase


class AgentCase(RoutingCase):
    """An agent with a call list, a Moscow duty manager, commission rates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.duty.shift"].create(
            {
                "user_id": cls.m1.id,
                "team_id": cls.main.id,
                "date_start": "2026-03-02 06:00:00",
                "date_end": "2026-03-02 15:00:00",
            }
        )
        cls.agent = cls.user_agent
        cls.other_agent = cls.user_agent_2
        cls.call_list = (
            cls.env["crm.call.list"]
            .with_user(cls.agent)
            .create({"name": "Directory of builders"})
        )
        Line = cls.env["crm.call.list.line"].with_user(cls.agent)
        cls.line = Line.create(
            {
                "list_id": cls.call_list.id,
                "company_name": "ООО «Зодчий»",
                "contact_name": "Шубин Антон",
                "phone": "+7 495 909-08-07",
            }
        )
        cls.won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        cls.params = cls.env["ir.config_parameter"].sudo()
        cls.params.set_param("sales_first_contact.commission_rate_agent", "5")
        cls.params.set_param("sales_first_contact.commission_rate_manager", "3")

    def _hand_over(self, line=None, user=None, **values):
        line = line or self.line
        with freeze_time(MONDAY_NOON_MSK):
            action = line.with_user(self.agent).action_meeting()
            form = Form(
                self.env["crm.lead.handover"]
                .with_user(self.agent)
                .with_context(**action["context"])
            )
            form.meeting_start = "2026-03-04 08:00:00"
            form.meeting_place = "Офис клиента"
            for name, value in values.items():
                setattr(form, name, value)
            if user:
                form.user_id = user
            handover = form.save()
            result = handover.action_hand_over()
        return handover, result


@tagged("post_install", "-at_install")
class TestAgents(AgentCase):
    """R7: an agent's call list, the meeting handed over, both commissions."""

    def test_meeting_handed_over_and_both_earn_commission(self):
        handover, result = self._hand_over()
        self.assertEqual(
            handover.user_id, self.m1, "suggested: the Moscow duty manager"
        )
        self.assertEqual(result["params"]["type"], "success")
        lead = self.line.lead_id
        self.assertTrue(lead)
        self.assertEqual(self.line.outcome, "meeting")
        self.assertEqual(self.line.call_count, 1)
        lead_sudo = lead.sudo()
        self.assertEqual((lead_sudo.user_id, lead_sudo.agent_id), (self.m1, self.agent))
        self.assertEqual(lead_sudo.type, "opportunity")
        self.assertEqual(lead_sudo.partner_id.parent_id.name, "ООО «Зодчий»")
        self.assertEqual(lead_sudo.first_contact_channel, "agent")
        self.assertIn(self.agent.partner_id, lead_sudo.message_partner_ids)
        self.assertTrue(lead_sudo.activity_ids.filtered(lambda a: a.user_id == self.m1))
        event = self.env["calendar.event"].search([("opportunity_id", "=", lead.id)])
        self.assertEqual(event.user_id, self.m1)
        self.assertEqual(str(event.start), "2026-03-04 08:00:00")
        self.assertEqual(
            event.partner_ids,
            self.m1.partner_id | self.agent.partner_id,
            "the client is invited only when the agent asks to",
        )
        self.assertEqual(event.privacy, "private")
        # after the hand-over the agent reads it, writes only in its chatter
        as_agent = lead.with_user(self.agent)
        self.assertEqual(as_agent.name, lead_sudo.name)
        with self.assertRaises(AccessError):
            as_agent.write({"name": "Changed by the agent"})
        as_agent.message_post(body="Клиент просил презентацию")
        # the manager wins it: commissions of both
        lead_sudo.expected_revenue = 100000
        lead.with_user(self.m1).write({"stage_id": self.won_stage.id})
        commissions = lead_sudo.commission_ids
        self.assertEqual(
            {(c.user_id, c.role, c.rate, c.amount) for c in commissions},
            {(self.agent, "agent", 5.0, 5000.0), (self.m1, "manager", 3.0, 3000.0)},
        )

    def test_reassignment_keeps_agent_and_losing_cancels(self):
        self._hand_over()
        lead = self.line.lead_id.sudo()
        lead.with_user(self.user_head).user_id = self.m2
        self.assertEqual(lead.agent_id, self.agent, "the agent stays for good")
        with self.assertRaises(UserError):
            lead.with_user(self.m2).write({"agent_id": self.other_agent.id})
        self.env["crm.commission.rate"].create(
            {"user_id": self.m2.id, "role": "manager", "rate": 4.5}
        )
        lead.expected_revenue = 200000
        lead.action_set_won()
        self.assertEqual(
            sorted(lead.commission_ids.mapped("amount")),
            [9000.0, 10000.0],
            "own rate 4.5%",
        )
        lead.action_set_lost()
        self.assertEqual(set(lead.commission_ids.mapped("state")), {"cancelled"})
        lead.action_unarchive()
        lead.action_set_won()
        self.assertEqual(
            len(lead.commission_ids.filtered(lambda c: c.state == "to_pay")), 2
        )
        # reopened: cancelled again
        lead.stage_id = self.env["crm.stage"].search([("is_won", "=", False)], limit=1)
        self.assertFalse(lead.commission_ids.filtered(lambda c: c.state == "to_pay"))

    def test_suggestion_follows_the_routing_rules(self):
        nw_line = self.line.copy(
            {
                "company_name": "ООО «Невский»",
                "phone": "+7 812 777-11-22",
                "contact_name": "Орлов",
            }
        )
        handover, _result = self._hand_over(line=nw_line)
        self.assertEqual(handover.user_id, self.spb_manager, "the regional manager")
        client = self.env["res.partner"].create(
            {
                "name": "ООО «Давний»",
                "is_company": True,
                "email": "info@davniy.ru",
                "user_id": self.m3.id,
            }
        )
        known = self.line.copy(
            {"company_name": "ООО «Давний»", "email": "boss@davniy.ru", "phone": False}
        )
        handover, _result = self._hand_over(line=known)
        self.assertEqual(handover.user_id, self.m3, "the client's manager")
        self.assertEqual(known.lead_id.sudo().partner_id.parent_id, client)

    def test_client_with_open_opportunity_goes_to_its_owner(self):
        client = self.env["res.partner"].create(
            {"name": "ООО «Зодчий»", "is_company": True, "phone": "+7 495 909-08-07"}
        )
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Open deal",
                "type": "opportunity",
                "partner_id": client.id,
                "user_id": self.m2.id,
            }
        )
        handover, result = self._hand_over()
        self.assertEqual(handover.owner_id, self.m2)
        self.assertIn(self.m2.name, result["params"]["message"])
        self.assertEqual(
            result["params"]["type"], "warning", "the agent is told whose it is"
        )
        self.assertEqual(self.line.outcome, "meeting")
        self.assertFalse(
            self.line.lead_id, "another's opportunity is not linked to the agent's list"
        )
        self.assertEqual(opportunity.user_id, self.m2)
        self.assertFalse(opportunity.agent_id, "somebody else's process")

    def test_agents_see_only_their_own_work(self):
        other_list = (
            self.env["crm.call.list"]
            .with_user(self.other_agent)
            .create({"name": "Theirs"})
        )
        self.assertFalse(
            self.env["crm.call.list"]
            .with_user(self.agent)
            .search([("id", "=", other_list.id)])
        )
        with self.assertRaises(AccessError):
            other_list.with_user(self.agent).read(["name"])
        with self.assertRaises(AccessError):
            self.line.with_user(self.other_agent).read(["company_name"])
        self._hand_over()
        lead = self.line.lead_id
        with self.assertRaises(AccessError):
            lead.with_user(self.other_agent).read(["expected_revenue"])
        with self.assertRaises(AccessError):
            self.call_list.with_user(self.m2).read(
                ["name"]
            )  # managers have no call lists
        head_lists = self.env["crm.call.list"].with_user(self.user_head).search([])
        self.assertIn(other_list, head_lists)
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.agent).create({})

    def test_commission_rights(self):
        self._hand_over()
        lead = self.line.lead_id.sudo()
        lead.expected_revenue = 1000
        lead.action_set_won()
        Commission = self.env["crm.commission"]
        own = Commission.with_user(self.agent).search([])
        self.assertEqual(own.user_id, self.agent)
        self.assertEqual(Commission.with_user(self.m1).search([]).user_id, self.m1)
        with self.assertRaises(AccessError):
            own.with_user(self.agent).write({"state": "paid"})
        Commission.with_user(self.user_head).search(
            [("lead_id", "=", lead.id)]
        ).action_mark_paid()
        self.assertEqual(set(lead.commission_ids.mapped("state")), {"paid"})
        with self.assertRaises(AccessError):
            self.env["crm.commission.rate"].with_user(self.m1).create(
                {"user_id": self.m1.id, "role": "manager", "rate": 50}
            )

    def test_funnel(self):
        other = self.line.copy(
            {"company_name": "ООО «Молчун»", "phone": "+7 495 111-22-99"}
        )
        with freeze_time(MONDAY_NOON_MSK):
            other.with_user(self.agent).action_no_answer()
            other.with_user(self.agent).action_refused()
        self._hand_over()
        self.line.lead_id.sudo().action_set_won()
        self.env.flush_all()
        rows = (
            self.env["crm.agent.funnel.report"]
            .with_user(self.user_head)
            .read_group(
                [("agent_id", "=", self.agent.id)],
                ["calls:sum", "meetings:sum", "handed_over:sum", "won:sum"],
                [],
            )
        )
        self.assertEqual(
            (
                rows[0]["calls"],
                rows[0]["meetings"],
                rows[0]["handed_over"],
                rows[0]["won"],
            ),
            (3, 1, 1, 1),
        )
        mine = (
            self.env["crm.agent.funnel.report"].with_user(self.other_agent).search([])
        )
        self.assertFalse(mine.filtered(lambda r: r.agent_id == self.agent))

    def test_agent_pipeline_and_read_only_form(self):
        """Issue 17.7: *My Pipeline* of an agent shows what he handed over, each
        opening in the read-only form."""
        self._hand_over()
        lead = self.line.lead_id
        Team = self.env["crm.team"]
        action = Team.with_user(self.agent).action_your_pipeline()
        self.assertEqual(action["xml_id"], "sales_first_contact.crm_lead_action_agent")
        Lead = self.env["crm.lead"].with_user(self.agent)
        domain = [
            *safe_eval(action["domain"]),
            ("agent_id", "=", self.agent.id),  # its default filter
        ]
        self.assertEqual(Lead.search(domain), lead)
        self.assertIn("search_default_handed_over_by_me", action["context"])
        self.assertNotEqual(
            Team.with_user(self.m1).action_your_pipeline().get("xml_id"),
            action["xml_id"],
            "a manager keeps Odoo's pipeline",
        )
        form = self.env.ref("sales_first_contact.crm_lead_view_form_agent")
        self.assertEqual(
            lead.with_user(self.agent).get_formview_action()["views"],
            [(form.id, "form")],
        )
        self.assertNotEqual(
            lead.with_user(self.m1).get_formview_action()["views"],
            [(form.id, "form")],
            "its manager edits it",
        )
        self.assertIn('edit="0"', form.arch)

    def test_call_back_without_a_date_asks_for_it(self):
        """Issue 17.12: "Call Back" without a date opens a dialog for the date."""
        line = self.line.with_user(self.agent)
        action = line.action_call_back()
        self.assertEqual(
            (action["res_model"], action["res_id"], action["target"]),
            ("crm.call.list.line", self.line.id, "new"),
        )
        view = self.env.ref(
            "sales_first_contact.crm_call_list_line_view_form_call_back"
        )
        self.assertEqual(action["views"], [(view.id, "form")])
        self.assertEqual((line.outcome, line.call_count), ("todo", 0), "not yet")
        line.call_back_at = "2026-03-03 07:00:00"  # what the dialog saves
        self.assertFalse(line.action_call_back(), "the dialog closes")
        self.assertEqual((line.outcome, line.call_count), ("call_back", 1))

    def test_meeting_time_in_the_manager_s_time_zone(self):
        """Issue 17.5: "Meeting agreed on ..." at 11:00 Moscow time, not 08:00 UTC."""
        self.m1.tz = "Europe/Moscow"
        self._hand_over()  # the meeting at 08:00 UTC
        lead = self.line.lead_id.sudo()
        note = str(lead.activity_ids.filtered(lambda a: a.user_id == self.m1).note)
        self.assertIn("11:00", note)
        self.assertNotIn("08:00", note)
        handed = lead.message_ids.filtered(lambda m: "Meeting agreed" in str(m.body))
        self.assertIn("11:00", str(handed.body))
        # a manager without a time zone reads the office's (Moscow by default)
        self.m1.tz = False
        other = self.line.copy({"company_name": "ООО «Без пояса»", "phone": False})
        self._hand_over(line=other)
        note = other.lead_id.sudo().activity_ids.filtered(
            lambda a: a.user_id == self.m1
        )
        self.assertIn("11:00", str(note.note))
