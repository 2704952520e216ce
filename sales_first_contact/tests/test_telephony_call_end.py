from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .test_first_contact_desk import TelephonyCase
from .test_routing import MONDAY_NOON_MSK

END_URL = "/sales_first_contact/telephony/call_end"
MONDAY_5_30_PM_MSK = datetime(2026, 3, 2, 14, 30)


@tagged("post_install", "-at_install")
class TestCallEnd(TelephonyCase):
    """The PBX reports the end of a call: answered, or missed and called back."""

    def _start(self, call_id, caller="+7 499 765-00-01", at=MONDAY_NOON_MSK):
        with freeze_time(at):
            response = self._post({"call_id": call_id, "caller": caller})
        self.assertEqual(response.status_code, 200, response.text)
        return self.env["crm.first.contact"].browse(response.json()["first_contact_id"])

    def _end(self, payload, at=MONDAY_NOON_MSK, **kwargs):
        with freeze_time(at):
            return self._post(payload, url=END_URL, **kwargs)

    def _when(self, utc):
        return self.env["crm.first.contact.router"]._format_when(utc, self.m1)

    def _call_backs(self, call):
        call_back = self.env.ref("sales_first_contact.mail_activity_type_call_back")
        return call.activity_ids.filtered(lambda a: a.activity_type_id == call_back)

    def test_answered_call_duration_and_recording_in_the_chatter(self):
        call = self._start("end-1")
        self.assertEqual(call.call_status, "ringing")
        payload = {
            "call_id": "end-1",
            "status": "answered",
            "duration": 125,
            "recording_url": "https://pbx.example.com/rec/end-1.mp3",
        }
        first = self._end(payload)
        self.assertEqual(first.status_code, 200, first.text)
        self.assertEqual(first.json()["status"], "answered")
        again = self._end(payload)
        self.assertEqual(again.json(), first.json())
        self.assertEqual(
            (call.call_status, call.call_duration, call.call_recording_url),
            ("answered", 125, "https://pbx.example.com/rec/end-1.mp3"),
        )
        logged = call.message_ids.filtered(lambda m: "2 min 5 s" in m.body)
        self.assertEqual(len(logged), 1)
        self.assertIn('href="https://pbx.example.com/rec/end-1.mp3"', logged.body)
        self.assertFalse(self._call_backs(call))
        conflict = self._end(dict(payload, status="missed"))
        self.assertEqual(conflict.status_code, 409)
        self.assertEqual(call.call_status, "answered")

    def test_missed_call_is_a_call_back_due_within_the_office_hour(self):
        call = self._start("end-2")
        payload = {"call_id": "end-2", "status": "missed"}
        self.assertEqual(self._end(payload).status_code, 200)
        self.assertEqual(self._end(payload).status_code, 200)  # a PBX retry
        activity = self._call_backs(call)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.m1)
        self.assertEqual(activity.date_deadline, date(2026, 3, 2))
        # noon in Moscow, plus an hour
        self.assertIn(self._when(datetime(2026, 3, 2, 10, 0)), activity.summary)
        Contact = self.env["crm.first.contact"]
        self.assertEqual(Contact.search([("call_back_pending", "=", True)]), call)
        activity.action_done()
        self.assertFalse(call.call_back_pending)
        self.assertFalse(Contact.search([("call_back_pending", "=", True)]))

    def test_missed_at_closing_time_is_due_next_morning(self):
        call = self._start("end-3", at=MONDAY_5_30_PM_MSK)
        self._end({"call_id": "end-3", "status": "missed"}, at=MONDAY_5_30_PM_MSK)
        activity = self._call_backs(call)
        self.assertEqual(activity.date_deadline, date(2026, 3, 3))
        self.assertIn(self._when(datetime(2026, 3, 3, 6, 30)), activity.summary)

    def test_missed_call_of_an_absent_manager_goes_to_the_duty_manager(self):
        self.env["crm.lead"].create(
            {
                "name": "Supply",
                "type": "opportunity",
                "partner_id": self.client.id,
                "user_id": self.m2.id,
            }
        )
        call = self._start("end-4", caller="+7 (495) 600-70-80")
        self.assertEqual(call.routed_user_id, self.m2)
        self._absent(self.m2, start="2026-03-02 09:00:00")
        self._end({"call_id": "end-4", "status": "missed"})
        self.assertEqual(self._call_backs(call).user_id, self.m1)
        self.assertEqual(call.taken_by_id, self.m1)
        # said in the draft's chatter with the router's rule, as a hand-over is
        line = call.message_ids.filtered(lambda m: "Missed call" in (m.body or ""))
        self.assertEqual(len(line), 1)
        self.assertIn("Addressed manager absent: duty manager", line.body)
        self.assertIn(self.m1.name, line.body)

    def test_registering_the_draft_ends_the_call_back(self):
        call = self._start("end-5")
        self._end({"call_id": "end-5", "status": "missed"})
        with freeze_time(MONDAY_NOON_MSK):
            call.with_user(self.m1).write({"company_name": "ООО «Ромашка»"})
            call.with_user(self.m1).action_register()
        self.assertFalse(self._call_backs(call))
        self.assertFalse(call.call_back_pending)

    def test_end_before_start_and_bad_events(self):
        unknown = self._end({"call_id": "never-started", "status": "missed"})
        self.assertEqual(unknown.status_code, 404)
        self.assertFalse(
            self.env["crm.first.contact"].search([("call_id", "=", "never-started")])
        )
        call = self._start("end-6")
        for payload in (
            {"status": "missed"},
            {"call_id": "end-6"},
            {"call_id": "end-6", "status": "busy"},
            {"call_id": "end-6", "status": "answered", "duration": "long"},
            {"call_id": "end-6", "status": "answered", "duration": -5},
            {"call_id": "end-6", "status": "answered", "duration": True},
            {"call_id": "end-6", "status": "answered", "duration": 10**9},
            {"call_id": "end-6", "status": ["missed"]},
            {"call_id": "end-6", "status": "missed", "recording_url": "javascript:1"},
            {"call_id": "end-6\x00", "status": "missed"},
        ):
            with self.subTest(payload=payload):
                response = self._end(payload)
                self.assertEqual(response.status_code, 400, response.text)
                self.assertIn("error", response.json())
        agent = self._end(
            {"call_id": "end-6", "status": "missed"},
            key=self._api_key(self.user_agent),
        )
        self.assertEqual(agent.status_code, 403)
        self.assertEqual(call.call_status, "ringing")
        self.assertFalse(call.activity_ids)
