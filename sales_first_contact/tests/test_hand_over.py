from freezegun import freeze_time

from odoo.tests import Form, new_test_user, tagged
from odoo.tools import html2plaintext

from .test_first_contact_desk import DeskCase
from .test_routing import MONDAY_NOON_MSK


class HandOverCase(DeskCase):
    """The client of DeskCase with an open opportunity of Manager Olga (m2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Северный Ветер: поставка",
                "type": "opportunity",
                "partner_id": cls.client.id,
                "user_id": cls.m2.id,
                "team_id": cls.main.id,
            }
        )

    def _lines(self, lead):
        """The hand-over lines of a lead's chatter, as plain text."""
        return [
            html2plaintext(message.body)
            for message in lead.sudo().message_ids
            if "Rule: " in (message.body or "")
        ]

    def _assert_rule(self, lead, rule):
        lead = lead.sudo()
        label = self.router._rule_label(rule)
        self.assertTrue(
            any(f"Rule: {label}" in line for line in self._lines(lead)),
            f"{lead.name}: no line of rule {rule} in {self._lines(lead)}",
        )

    def _check(self, user, **values):
        return self.env["crm.client.check"].with_user(user).create(values)

    def _line_of(self, check, record):
        return check.line_ids.filtered(
            lambda line: (line.res_model, line.res_id) == (record._name, record.id)
        )


@tagged("post_install", "-at_install")
class TestAbsentOwner(HandOverCase):
    """R6 through the one hand-over: the owner away, the duty manager answers,
    the opportunity stays with its owner (issue 14 point 1, issue 17 point 4)."""

    def test_call_of_an_absent_owners_client_leaves_the_opportunity_alone(self):
        self._absent(self.m2)
        with freeze_time(MONDAY_NOON_MSK):
            call = (
                self.env["crm.first.contact"]
                .with_user(self.desk_user)
                .create({"phone": "8 (495) 600-70-80", "question": "Где наш счёт?"})
            )
            call.action_register()
        opportunity = self.opportunity
        self.assertEqual(call.lead_id, opportunity, "recorded on the opportunity")
        self.assertEqual(
            (call.routed_user_id, call.rule), (self.m1, "open_opportunity_absent")
        )
        self.assertEqual(opportunity.user_id, self.m2, "its owner and commission stay")
        self.assertEqual(opportunity.team_id, self.main)
        self.assertFalse(opportunity.first_contact_rule, "its own rule is not replaced")
        follow_up = opportunity.activity_ids.filtered(lambda a: a.user_id == self.m2)
        self.assertEqual(str(follow_up.date_deadline), "2026-03-05")
        self.assertIn("Где наш счёт?", str(follow_up.note))
        self.assertEqual(opportunity.activity_ids, follow_up)
        self._assert_rule(opportunity, "open_opportunity_absent")

    def test_check_client_hands_a_lead_to_the_duty_manager_when_the_owner_is_away(
        self,
    ):
        """Check Client's hand-over used to give the lead to the absent owner."""
        self._absent(self.m2)
        lead = (
            self.env["crm.lead"]
            .with_user(self.m3)
            .create(
                {
                    "name": "Запрос с сайта",
                    "contact_name": "Ветров Пётр",
                    "email_from": "p.vetrov@sev-veter.ru",
                    "user_id": self.m3.id,
                }
            )
        )
        check = self._check(self.m3, lead_id=lead.id, email=lead.email_from)
        with freeze_time(MONDAY_NOON_MSK):
            result = self._line_of(check, self.client).action_hand_over()
        self.assertIn(self.m1.name, result["params"]["message"])
        lead = lead.sudo()
        self.assertEqual(
            (lead.user_id, lead.first_contact_rule),
            (self.m1, "open_opportunity_absent"),
            "the duty manager takes the contact now",
        )
        self.assertEqual(self.opportunity.user_id, self.m2)
        follow_up = self.opportunity.activity_ids.filtered(
            lambda a: a.user_id == self.m2
        )
        self.assertEqual(str(follow_up.date_deadline), "2026-03-05")
        self.assertFalse(
            lead.activity_ids.filtered(lambda a: a.user_id == self.m2),
            "no activity for the owner on a lead they may not read",
        )
        self.assertTrue(lead.activity_ids.filtered(lambda a: a.user_id == self.m1))
        self._assert_rule(lead, "open_opportunity_absent")

    def test_check_client_without_a_lead_records_the_contact_on_the_opportunity(self):
        self._absent(self.m2)
        check = self._check(
            self.m3,
            contact_name="Ветров Пётр",
            phone="+7 495 600-70-81",
            email="p.vetrov@sev-veter.ru",
        )
        with freeze_time(MONDAY_NOON_MSK):
            self._line_of(check, self.client).action_hand_over()
        self.assertEqual(self.opportunity.user_id, self.m2)
        line = self._lines(self.opportunity)[0]
        self.assertIn("Ветров Пётр", line)
        self.assertIn("+7 495 600-70-81", line)
        self.assertTrue(
            self.opportunity.activity_ids.filtered(lambda a: a.user_id == self.m2)
        )

    def test_asked_for_another_manager_opens_their_own_opportunity(self):
        """R4: the caller asks for Pavel (m3); Olga's opportunity is not his."""
        with freeze_time(MONDAY_NOON_MSK):
            call = Form(self.env["crm.first.contact"].with_user(self.desk_user))
            call.phone = "8 (495) 600-70-80"
            call.addressed_user_id = self.m3
            call = call.save()
            call.action_register()
        self.assertEqual((call.routed_user_id, call.rule), (self.m3, "addressed"))
        self.assertNotEqual(call.lead_id, self.opportunity)
        self.assertEqual(call.lead_id.sudo().user_id, self.m3)
        self.assertEqual(self.opportunity.user_id, self.m2)


@tagged("post_install", "-at_install")
class TestEveryPathRecordsItsRule(HandOverCase):
    """Each channel goes through the router's one hand-over and records its rule
    (the website's is in sales_first_contact_website)."""

    def test_call_desk(self):
        with freeze_time(MONDAY_NOON_MSK):
            call = Form(self.env["crm.first.contact"].with_user(self.desk_user))
            call.company_name = "ООО «Новый Клиент»"
            call.phone = "+7 499 700-10-20"
            call = call.save()
            call.action_register()
        self.assertEqual(call.rule, "duty")
        self.assertEqual(call.lead_id.sudo().first_contact_rule, "duty")
        self._assert_rule(call.lead_id, "duty")

    def test_telephony_then_the_desk(self):
        pbx = new_test_user(
            self.env,
            login="sfc_pbx_hand_over",
            groups="base.group_user,sales_first_contact.group_first_contact_telephony",
        )
        with freeze_time(MONDAY_NOON_MSK):
            answer = (
                self.env["crm.first.contact"]
                .with_user(pbx)
                ._telephony_incoming_call(call_id="hand-1", caller="+7 495 600 70 80")
            )
            draft = self.env["crm.first.contact"].browse(answer["first_contact_id"])
            self.assertEqual(
                (draft.rule, draft.routed_user_id), ("open_opportunity", self.m2)
            )
            draft.with_user(self.m2).action_register()
        self._assert_rule(self.opportunity, "open_opportunity")

    def test_check_client(self):
        check = self._check(
            self.m3, company_name="ООО «Совсем Новый»", phone="+7 499 700-10-21"
        )
        with freeze_time(MONDAY_NOON_MSK):
            action = check.action_create_client()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual((lead.user_id, lead.first_contact_rule), (self.m3, "checked"))
        self.assertEqual(lead.source_id, check.source_id, "it counts in source reports")
        self.assertTrue(lead.source_id)
        self._assert_rule(lead, "checked")

    def test_agent_hand_over(self):
        call_list = (
            self.env["crm.call.list"].with_user(self.user_agent).create({"name": "L"})
        )
        line = (
            self.env["crm.call.list.line"]
            .with_user(self.user_agent)
            .create(
                {
                    "list_id": call_list.id,
                    "company_name": "ООО «Агентский»",
                    "contact_name": "Лосев Иван",
                    "phone": "+7 499 700-10-22",
                }
            )
        )
        with freeze_time(MONDAY_NOON_MSK):
            action = line.action_meeting()
            form = Form(
                self.env["crm.lead.handover"]
                .with_user(self.user_agent)
                .with_context(**action["context"])
            )
            form.meeting_start = "2026-03-04 08:00:00"
            form.save().action_hand_over()
        lead = line.lead_id.sudo()
        self.assertEqual((lead.user_id, lead.first_contact_rule), (self.m1, "agent"))
        self._assert_rule(lead, "agent")

    def test_event_check(self):
        event = self.env["crm.first.contact.event"].create({"name": "Выставка"})
        contact = self.env["crm.lead"].create(
            {
                "partner_name": "Северный Ветер",
                "email_from": "o.veter@sev-veter.ru",
                "fc_event_id": event.id,
            }
        )
        self.assertEqual(contact.fc_check_state, "owner")
        self.assertEqual(
            (contact.user_id, contact.first_contact_rule), (self.m2, "open_opportunity")
        )
