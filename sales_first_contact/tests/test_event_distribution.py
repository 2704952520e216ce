from unittest.mock import patch
from uuid import uuid4

import psycopg2

from odoo import api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from ..models import crm_first_contact_event, crm_first_contact_event_distribution
from .test_event_import import EventCase


@tagged("post_install", "-at_install")
class TestEventDistribution(EventCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.moscow = [
            ("ООО «Альфа %s»" % i, "+7 495 100-10-%02d" % i) for i in range(7)
        ]

    @property
    def distribution(self):
        return self.env["crm.first.contact.event.distribution"]

    def _contacts_for(self, rows, **values):
        leads = self.env["crm.lead"].create(
            [
                {
                    "partner_name": name,
                    "phone": phone,
                    "fc_event_id": self.event.id,
                    **values,
                }
                for name, phone in rows
            ]
        )
        self._process()
        return leads

    def _shares(self, leads):
        return {
            user: len(leads.filtered(lambda lead, u=user: lead.user_id == u))
            for user in leads.user_id
        }

    def test_moscow_evenly_regions_to_their_team(self):
        leads = self._contacts_for(self.moscow)
        spb = self._contacts_for([("ООО «Нева»", "+7 812 300-40-50")])
        by = self._contacts_for([("ОДО «Минск»", "+375 17 300-40-50")])
        self.event.action_distribute()
        self.assertEqual(self._shares(leads), {self.m1: 3, self.m2: 2, self.m3: 2})
        self.assertEqual((spb.user_id, by.user_id), (self.spb_manager, self.by_manager))
        self.assertEqual(set(leads.mapped("first_contact_rule")), {"event"})
        self.assertEqual(set(leads.mapped("fc_event_state")), {"distributed"})
        # one summary activity per manager, and the chatter says who got what
        activities = self.event.activity_ids
        self.assertEqual(
            activities.filtered(lambda a: a.user_id == self.m1).summary,
            "3 contacts from Металлообработка",
        )
        self.assertEqual(len(activities), 5)
        self.assertIn(f"{self.m2.name}: 2", self.event.message_ids[0].body)

    def test_balanced_across_runs_absent_skipped_deterministic(self):
        first = self._contacts_for(self.moscow[:2])
        self.distribution._request(first)
        self.assertEqual(first.user_id, self.m1 | self.m2)
        self._absent(self.m3, "2000-01-01 00:00:00", "2100-01-01 00:00:00")
        second = self._contacts_for(self.moscow[2:5])
        self.distribution._request(second)
        self.assertNotIn(self.m3, second.user_id, "absent managers get nothing")
        counts = self._shares(first | second)
        self.assertLessEqual(max(counts.values()) - min(counts.values()), 1, counts)
        self.assertEqual(second.mapped("user_id"), self.m1 | self.m2)
        # one activity per manager, with all their contacts of the event
        activities = self.event.activity_ids
        self.assertEqual(len(activities), 2)
        for user in self.m1 | self.m2:
            self.assertEqual(
                activities.filtered(lambda a, u=user: a.user_id == u).summary,
                f"{counts[user]} contacts from Металлообработка",
            )
        # again: already distributed contacts are left alone
        before = {lead: lead.user_id for lead in first | second}
        self.distribution._request(first | second)
        self.assertEqual({lead: lead.user_id for lead in first | second}, before)

    def test_redistribute_when_a_manager_left(self):
        leads = self._contacts_for(self.moscow[:6])
        self.event.action_distribute()
        self.assertEqual(self._shares(leads), {self.m1: 2, self.m2: 2, self.m3: 2})
        worked = leads.filtered(lambda lead: lead.user_id == self.m3)[0]
        worked.stage_id = self.env["crm.stage"].search(
            [], order="sequence desc", limit=1
        )
        self.main.member_ids -= self.m3  # Pavel leaves the team
        self.event.action_redistribute()
        self.assertEqual(worked.user_id, self.m3, "touched contacts stay")
        self.assertEqual(self._shares(leads - worked), {self.m1: 3, self.m2: 2})

    def test_a_salesperson_distributes_while_others_got_some(self):
        """Contacts given to others meanwhile (the background job) are not
        readable by a salesperson who sees own documents: no access error."""
        leads = self._contacts_for(self.moscow)
        leads[:3].write({"user_id": self.m2.id})
        self.assertFalse(self.m1.has_group("sales_team.group_sale_salesman_all_leads"))
        event = self.event.with_user(self.m1)
        event.action_distribute()
        self.assertTrue(all(leads.mapped("user_id")))
        with patch.object(crm_first_contact_event_distribution, "DIRECT_LIMIT", 1):
            more = self._contacts_for(
                [
                    ("ООО «Гамма»", "+7 495 200-00-02"),
                    ("ООО «Дельта»", "+7 495 200-00-03"),
                ]
            )
            result = event.action_distribute()  # queued: the background job's
            self.assertIn("background", result["params"]["message"])
            self.assertEqual(set(more.mapped("fc_to_distribute")), {"distribute"})
        # while the job has contacts of the event queued, a small request joins it
        result = event.action_distribute()
        self.assertIn("background", result["params"]["message"])

    def test_contacts_per_background_run_is_a_setting(self):
        leads = self._contacts_for(self.moscow[:5])
        self.distribution._queue(leads, "distribute")
        self.env["ir.config_parameter"].set_param(
            "sales_first_contact.distribute_chunk", "2"
        )
        Event = self.env["crm.first.contact.event"]
        self.assertEqual(Event._cron_process(), 3)
        self.assertEqual(len(leads.filtered("user_id")), 2)
        self.env["ir.config_parameter"].set_param(
            "sales_first_contact.distribute_chunk", "junk"
        )
        self.assertEqual(Event._cron_process(), 0, "junk: the default, 5000")
        self.assertTrue(all(leads.mapped("user_id")))

    def test_big_lists_go_to_the_background_and_survive_a_crash(self):
        leads = self._contacts_for(self.moscow + [("ООО «Бета»", "+7 495 200-00-01")])
        with (
            patch.object(crm_first_contact_event_distribution, "DIRECT_LIMIT", 3),
            patch.object(crm_first_contact_event, "DISTRIBUTE_CHUNK", 3),
        ):
            result = self.event.action_distribute()
            self.assertIn("background", result["params"]["message"])
            self.assertEqual(set(leads.mapped("fc_to_distribute")), {"distribute"})
            Event = self.env["crm.first.contact.event"]
            Event._cron_process()  # a first chunk
            self.assertEqual(len(leads.filtered("user_id")), 3)
            with (
                patch.object(
                    type(self.event), "_fc_announce", side_effect=RuntimeError("crash")
                ),
                self.assertRaises(RuntimeError),
                self.env.cr.savepoint(),
            ):
                Event._cron_process()  # the second chunk crashes: rolled back
            leads.invalidate_recordset()
            self.assertEqual(len(leads.filtered("user_id")), 3, "nothing half-assigned")
            self.assertEqual(Event._cron_process(), 2)
            self.assertEqual(Event._cron_process(), 0)
        self.assertTrue(all(leads.mapped("user_id")))
        self.assertFalse(any(leads.mapped("fc_to_distribute")))
        counts = self._shares(leads)
        self.assertLessEqual(max(counts.values()) - min(counts.values()), 1, counts)


@tagged("post_install", "-at_install")
class TestConcurrentDistribution(BaseCase):
    """Two users distribute overlapping selections at the same moment, each on
    a real database cursor of its own: no contact gets two managers, and the
    shares stay even."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            suffix = uuid4().hex[:8]
            company = env["res.company"].create({"name": f"Concurrency Test {suffix}"})
            users = [
                new_test_user(
                    env,
                    login=f"sfc_conc_{i}_{suffix}",
                    groups="sales_team.group_sale_salesman",
                    company_id=company.id,
                    company_ids=[(6, 0, company.ids)],
                )
                for i in range(3)
            ]
            kazakhstan = env.ref("base.kz")
            team = env["crm.team"].create(
                {
                    "name": "Concurrency Almaty",
                    "territory_country_ids": [(6, 0, kazakhstan.ids)],
                    "company_id": company.id,
                    "member_ids": [(6, 0, [u.id for u in users])],
                }
            )
            event = env["crm.first.contact.event"].create(
                {"name": "Concurrency", "company_id": company.id}
            )
            leads = env["crm.lead"].create(
                [
                    {
                        "partner_name": f"ООО «Параллель {i}»",
                        "phone": "+7 727 300-00-%02d" % i,
                        "country_id": kazakhstan.id,
                        "user_id": False,
                        "fc_event_id": event.id,
                        "fc_check_state": "new",
                        "company_id": company.id,
                        "team_id": team.id,
                    }
                    for i in range(12)
                ]
            )
            self.ids = {
                "company": company.id,
                "team": team.id,
                "event": event.id,
                "leads": leads.ids,
            }
            self.user_ids = [u.id for u in users]
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["crm.lead"].with_context(active_test=False).browse(
                self.ids["leads"]
            ).unlink()
            env["crm.first.contact.event"].browse(self.ids["event"]).unlink()
            env["crm.team"].browse(self.ids["team"]).unlink()
            env["res.users"].browse(self.user_ids).write({"active": False})

    def _env(self, cr):
        return api.Environment(
            cr, api.SUPERUSER_ID, {"allowed_company_ids": [self.ids["company"]]}
        )

    def test_overlapping_selections(self):
        first_ids, second_ids = self.ids["leads"][:8], self.ids["leads"][4:]
        cr_a, cr_b = self.registry.cursor(), self.registry.cursor()
        try:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
            # B's transaction starts (its snapshot is taken) before A commits
            env_b["crm.lead"].browse(second_ids).mapped("user_id")
            env_a["crm.first.contact.event.distribution"]._distribute(
                env_a["crm.lead"].browse(first_ids)
            )
            cr_a.commit()
            with (
                self.assertRaises(psycopg2.errors.SerializationFailure),
                mute_logger("odoo.sql_db"),
            ):
                env_b["crm.first.contact.event.distribution"]._distribute(
                    env_b["crm.lead"].browse(second_ids)
                )
            cr_b.rollback()  # as Odoo's request retry does: a fresh transaction
            env_b = self._env(cr_b)
            env_b["crm.first.contact.event.distribution"]._distribute(
                env_b["crm.lead"].browse(second_ids)
            )
            cr_b.commit()
        finally:
            cr_a.close()
            cr_b.close()
        with self.registry.cursor() as cr:
            leads = self._env(cr)["crm.lead"].browse(self.ids["leads"])
            self.assertTrue(all(leads.mapped("user_id")), "every contact has a manager")
            counts = [
                len(leads.filtered(lambda lead, u=u: lead.user_id.id == u))
                for u in self.user_ids
            ]
            self.assertEqual(sum(counts), 12)
            self.assertLessEqual(max(counts) - min(counts), 1, counts)

    def _user_env(self, cr, index):
        """The environment of a request of salesperson ``index`` (own documents);
        e-mails sent after the commit, as a server does (a test sends them at
        once, which flushes everything as superuser first)."""
        context = {
            "allowed_company_ids": [self.ids["company"]],
            "mail_notify_force_send": False,
        }
        return api.Environment(cr, self.user_ids[index], context)

    def _press_distribute(self, env):
        """Distribute on the event, as the button's request runs it: the
        transaction flushed in the user's environment at the end."""
        result = (
            env["crm.first.contact.event"].browse(self.ids["event"]).action_distribute()
        )
        env.flush_all()
        return result

    def _assert_each_contact_once(self):
        with self.registry.cursor() as cr:
            leads = self._env(cr)["crm.lead"].browse(self.ids["leads"])
            self.assertTrue(all(leads.mapped("user_id")), "every contact has a manager")
            counts = [
                len(leads.filtered(lambda lead, u=u: lead.user_id.id == u))
                for u in self.user_ids
            ]
            self.assertEqual(sum(counts), 12)
            self.assertLessEqual(max(counts) - min(counts), 1, counts)

    def test_distribute_pressed_while_another_runs(self):
        """Issue 13: the second salesperson is told at once that a distribution
        is running (no wait, no access error); pressed again afterwards, it
        distributes nothing twice."""
        cr_a, cr_b = self.registry.cursor(), self.registry.cursor()
        try:
            # without the fix B waited for A's lock: fail rather than hang
            cr_b.execute(SQL("SET lock_timeout = '5s'"))
            env_a, env_b = self._user_env(cr_a, 0), self._user_env(cr_b, 1)
            result = self._press_distribute(env_a)  # not committed yet
            self.assertIn("12", result["params"]["message"])
            with self.assertRaises(UserError) as caught:
                self._press_distribute(env_b)
            self.assertIn("being distributed right now", str(caught.exception))
            cr_b.rollback()
            cr_a.commit()
            result = self._press_distribute(self._user_env(cr_b, 1))
            cr_b.commit()
            self.assertIn("0 contacts distributed", result["params"]["message"])
        finally:
            cr_a.close()
            cr_b.close()
        self._assert_each_contact_once()

    def test_distribute_retried_after_the_other_committed(self):
        """Issue 13: B's transaction began before A's distribution was
        committed: B fails on a serialization error and Odoo retries the request,
        which must then work as B, whose rights show only their own contacts."""
        cr_a, cr_b = self.registry.cursor(), self.registry.cursor()
        try:
            env_a, env_b = self._user_env(cr_a, 0), self._user_env(cr_b, 1)
            env_b["crm.lead"].search_count([])  # B's snapshot is taken
            self._press_distribute(env_a)
            cr_a.commit()
            with (
                self.assertRaises(psycopg2.errors.SerializationFailure),
                mute_logger("odoo.sql_db"),
            ):
                self._press_distribute(env_b)
            cr_b.rollback()  # Odoo's retry: the same request, a fresh transaction
            env_b.reset()
            self._press_distribute(self._user_env(cr_b, 1))
            cr_b.commit()
        finally:
            cr_a.close()
            cr_b.close()
        self._assert_each_contact_once()
