import json
import threading
import time

import requests
from freezegun import freeze_time

from odoo.tests import TEST_CURSOR_COOKIE_NAME, new_test_user, tagged

from odoo.addons.bus.models.bus import channel_with_db, dispatch, hashable, json_dump
from odoo.addons.bus.tests.common import WebsocketCase

from .test_first_contact_desk import TelephonyCase
from .test_routing import MONDAY_NOON_MSK

CALL_CARD = "sales_first_contact/call"


class CallCardCase(TelephonyCase):
    """A known client with an open opportunity of Olga (m2), an activity on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Северный Ветер: поставка",
                "type": "opportunity",
                "partner_id": cls.client.id,
                "user_id": cls.m2.id,
            }
        )
        cls.opportunity.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline="2026-03-04",
            summary="Send the contract",
            user_id=cls.m2.id,
        )

    def _cards(self, user):
        """The call cards sent on the bus to ``user``, as (type, payload)."""
        channel = json_dump(channel_with_db(self.env.cr.dbname, user.partner_id))
        notifications = self.env["bus.bus"].sudo().search([("channel", "=", channel)])
        messages = [json.loads(notification.message) for notification in notifications]
        return [m["payload"] for m in messages if m["type"] == CALL_CARD]


@tagged("post_install", "-at_install")
class TestCallCard(CallCardCase):
    """The bus message the PBX's incoming call sends to the manager it rings."""

    def test_card_goes_to_the_manager_the_call_rings(self):
        with freeze_time(MONDAY_NOON_MSK):
            response = self._post({"call_id": "card-1", "caller": "8 495 600-70-80"})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["ring"]["user_id"], self.m2.id)
        [card] = self._cards(self.m2)
        draft = self.env["crm.first.contact"].search([("call_id", "=", "card-1")])
        self.assertEqual(
            (card["first_contact_id"], card["call_id"], card["caller"]),
            (draft.id, "card-1", "8 495 600-70-80"),
        )
        self.assertIn("Known client", card["client"])
        self.assertIn("АО «Северный Ветер»", card["client"])
        self.assertEqual(
            card["opportunity"],
            {
                "id": self.opportunity.id,
                "name": "Северный Ветер: поставка",
                "owner": "Manager Olga",
                "stage": self.opportunity.stage_id.name,
            },
        )
        self.assertEqual(
            [(a["summary"], a["user"], a["done"]) for a in card["activities"]],
            [("Send the contract", "Manager Olga", False)],
        )
        self.assertIn("open opportunity", card["reason"])
        for other in (self.m1, self.m3, self.pbx_user):
            self.assertFalse(self._cards(other), other.name)
        # a retry of the PBX sends no second card
        with freeze_time(MONDAY_NOON_MSK):
            self._post({"call_id": "card-1", "caller": "8 495 600-70-80"})
        self.assertEqual(len(self._cards(self.m2)), 1)

    def test_card_holds_only_what_the_manager_may_read(self):
        """Ivan (m1) is asked for by his extension: the client's opportunity is
        Olga's, which Ivan (own documents only) may not read."""
        self.m1.partner_id.phone = "101"
        self.assertFalse(self.opportunity.with_user(self.m1).has_access("read"))
        with freeze_time(MONDAY_NOON_MSK):
            response = self._post(
                {"call_id": "card-2", "caller": "8 495 600-70-80", "extension": "101"}
            )
        self.assertEqual(response.json()["ring"]["user_id"], self.m1.id)
        [card] = self._cards(self.m1)
        self.assertFalse(card["opportunity"])
        self.assertEqual(card["activities"], [])
        self.assertNotIn("Send the contract", json.dumps(card, ensure_ascii=False))
        self.assertFalse(self._cards(self.m2))

    def test_no_card_to_a_manager_who_may_not_open_the_draft(self):
        """The client's opportunity belongs to a manager of another company:
        the call goes to them, but the draft is of the PBX's company."""
        branch = self.env["res.company"].create({"name": "SFC Branch"})
        branch_manager = new_test_user(
            self.env,
            login="sfc_branch_manager",
            name="Manager Boris",
            groups="sales_team.group_sale_salesman",
            company_id=branch.id,
            company_ids=[(6, 0, branch.ids)],
        )
        self.opportunity.write(
            {"company_id": branch.id, "team_id": False, "user_id": branch_manager.id}
        )
        with freeze_time(MONDAY_NOON_MSK):
            response = self._post({"call_id": "card-4", "caller": "8 495 600-70-80"})
        self.assertEqual(response.json()["ring"]["user_id"], branch_manager.id)
        draft = self.env["crm.first.contact"].search([("call_id", "=", "card-4")])
        self.assertFalse(draft.with_user(branch_manager).has_access("read"))
        self.assertFalse(self._cards(branch_manager))

    def test_card_in_the_managers_language(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.m2.lang = "ru_RU"
        with freeze_time(MONDAY_NOON_MSK):
            self._post({"call_id": "card-3", "caller": "8 495 600-70-80"})
        [card] = self._cards(self.m2)
        self.assertIn("Известный клиент", card["client"])
        self.assertEqual(card["activities"][0]["date"], "04.03.2026")


@tagged("post_install", "-at_install")
class TestCallCardUi(CallCardCase, WebsocketCase):
    """The card in the manager's browser: Odoo's own websocket bus, which Odoo
    keeps closed in tests unless a test opens it (``WebsocketCase``).

    The PBX's request is sent by the test while the tour runs; the test
    cursor drops the PostgreSQL NOTIFY that would wake the websocket, so the
    test wakes it as Odoo's bus tests do."""

    def _ring_when_subscribed(self, errors):
        channel = hashable(channel_with_db(self.env.cr.dbname, self.m2.partner_id))
        deadline = time.monotonic() + 60
        try:
            while not dispatch._channels_to_ws.get(channel):
                if time.monotonic() > deadline:
                    raise AssertionError("the manager's browser never subscribed")
                time.sleep(0.2)
            # a PBX has no session: not the opener, which holds the manager's
            response = requests.post(
                self.base_url() + self.URL,
                json={"call_id": "card-ui", "caller": "+7 495 246-80-24"},
                headers={"Authorization": f"Bearer {self.api_key}"},
                cookies={TEST_CURSOR_COOKIE_NAME: self.http_request_key},
                timeout=60,
            )
            if response.status_code != 200:
                raise AssertionError(response.text)
            for websocket in list(dispatch._channels_to_ws.get(channel, ())):
                websocket.trigger_notification_dispatching()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    def test_call_card_pops_up_and_opens_the_draft(self):
        self.client.write({"name": "ООО «Тур-Тест»", "phone": "+7 495 246-80-24"})
        self.opportunity.name = "Тур-Тест: поставка"
        errors = []
        ringer = threading.Thread(target=self._ring_when_subscribed, args=(errors,))
        ringer.start()
        try:
            self.start_tour(
                "/odoo/crm",
                "sales_first_contact_call_card_tour",
                login=self.m2.login,
                timeout=180,
            )
        finally:
            ringer.join(90)
        self.assertFalse(errors)
        self.assertEqual(len(self._cards(self.m2)), 1)
