from datetime import datetime

import pytz
from freezegun import freeze_time
from markupsafe import Markup

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import FirstContactCase
from .test_name_alone import archive_named, seed_client_list

MONDAY_NOON_MSK = datetime(2026, 3, 2, 9, 0)  # 12:00 in Moscow, a Monday


def office_calendar(env, tz="Europe/Moscow", hours=(9.0, 18.0)):
    """A working calendar: Monday to Friday, ``hours`` in ``tz``, no holidays."""
    return env["resource.calendar"].create(
        {
            "name": f"Test office {tz}",
            "company_id": False,
            "tz": tz,
            "attendance_ids": [
                Command.create(
                    {
                        "name": str(day),
                        "dayofweek": str(day),
                        "hour_from": hours[0],
                        "hour_to": hours[1],
                        "day_period": "morning",
                    }
                )
                for day in range(5)
            ],
        }
    )


def naive_pairs(intervals):
    """:class:`Intervals` of aware datetimes as (start, end) naive UTC pairs."""
    return [
        (
            lo.astimezone(pytz.utc).replace(tzinfo=None),
            hi.astimezone(pytz.utc).replace(tzinfo=None),
        )
        for lo, hi, _records in intervals
    ]


@tagged("post_install", "-at_install")
class RoutingCase(FirstContactCase, TransactionCase):
    """Teams with territories, a roster and absences, free of demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        env = cls.env
        env["crm.team"].search([]).write(
            {
                "is_main_office": False,
                "territory_state_ids": False,
                "territory_country_ids": False,
            }
        )
        cls.m1 = cls.user_manager
        cls.m2 = cls.user_manager_2
        cls.m3 = new_test_user(
            env,
            login="sfc_m3",
            name="Manager Pavel",
            groups="sales_team.group_sale_salesman",
        )
        cls.spb_manager = new_test_user(
            env,
            login="sfc_spb",
            name="Manager Sergey",
            groups="sales_team.group_sale_salesman",
        )
        cls.by_manager = new_test_user(
            env,
            login="sfc_by",
            name="Manager Andrei",
            groups="sales_team.group_sale_salesman",
        )
        # office hours of their own (Monday to Friday, 9:00-18:00 in Moscow),
        # no fallback manager
        cls.office_calendar = office_calendar(env)
        env["crm.first.contact.settings"]._set_settings(
            {"office_calendar_id": cls.office_calendar.id, "fallback_user_id": False}
        )
        Team = env["crm.team"]
        cls.main = Team.create(
            {
                "name": "Test Moscow",
                "is_main_office": True,
                "user_id": cls.user_head.id,
                "member_ids": [(6, 0, (cls.m1 | cls.m2 | cls.m3).ids)],
            }
        )
        cls.north_west = Team.create(
            {
                "name": "Test North-West",
                "member_ids": [(6, 0, cls.spb_manager.ids)],
                "territory_state_ids": [
                    (
                        6,
                        0,
                        [
                            env.ref("base.state_ru_spe").id,
                            env.ref("base.state_ru_len").id,
                        ],
                    )
                ],
            }
        )
        cls.belarus = Team.create(
            {
                "name": "Test Belarus",
                "member_ids": [(6, 0, cls.by_manager.ids)],
                "territory_country_ids": [(6, 0, env.ref("base.by").ids)],
            }
        )
        cls.Shift = env["crm.duty.shift"]
        cls.router = env["crm.first.contact.router"]

    def _shift(self, user, start, end, team=None, **values):
        return self.Shift.create(
            {
                "user_id": user.id,
                "team_id": (team or self.main).id,
                "date_start": start,
                "date_end": end,
                **values,
            }
        )

    def _absent(self, user, start="2026-03-01 00:00:00", end="2026-03-05 00:00:00"):
        return self.env["crm.absence"].create(
            {"user_id": user.id, "date_from": start, "date_to": end}
        )


class TestDutyRoster(RoutingCase):
    def test_who_is_on_duty_now(self):
        self._shift(self.m1, "2026-03-02 06:00:00", "2026-03-02 15:00:00")
        self._shift(self.m2, "2026-03-03 06:00:00", "2026-03-03 15:00:00")
        with freeze_time(MONDAY_NOON_MSK):
            self.assertEqual(self.main._get_duty_users(), self.m1)
            self.assertEqual(self.main.on_duty_user_ids, self.m1)
        self.assertEqual(self.main._get_duty_users(datetime(2026, 3, 3, 7)), self.m2)
        self.assertFalse(self.main._get_duty_users(datetime(2026, 3, 2, 16)))

    def test_roster_spanning_midnight(self):
        self._shift(self.m3, "2026-03-02 20:00:00", "2026-03-03 05:00:00")
        for moment in (datetime(2026, 3, 2, 23, 30), datetime(2026, 3, 3, 2, 0)):
            self.assertEqual(self.main._get_duty_users(moment), self.m3, moment)
        self.assertFalse(self.main._get_duty_users(datetime(2026, 3, 3, 5, 0)))

    def test_overlaps_are_refused_unless_shared(self):
        self._shift(self.m1, "2026-03-02 06:00:00", "2026-03-02 15:00:00")
        with self.assertRaises(ValidationError):
            self._shift(self.m2, "2026-03-02 10:00:00", "2026-03-02 18:00:00")
        with self.assertRaises(ValidationError):
            self._shift(
                self.m2, "2026-03-02 10:00:00", "2026-03-02 18:00:00", shared=True
            )
        # another team may have its own duty at the same time
        self._shift(
            self.spb_manager,
            "2026-03-02 06:00:00",
            "2026-03-02 15:00:00",
            team=self.north_west,
        )

    def test_shared_duty_alternates(self):
        self._shift(self.m1, "2026-03-02 06:00:00", "2026-03-02 15:00:00", shared=True)
        self._shift(self.m2, "2026-03-02 06:00:00", "2026-03-02 15:00:00", shared=True)
        got = []
        with freeze_time(MONDAY_NOON_MSK):
            for i in range(4):
                route = self.router._route(
                    {
                        "company_name": f"ООО «Клиент {i}»",
                        "phone": "+7 495 111-22-3%d" % i,
                    }
                )
                self.assertEqual(route.rule, "duty")
                lead = self.env["crm.lead"].create(
                    {"name": f"Call {i}", "user_id": False}
                )
                self.router._hand_over([(route, lead)])
                got.append(route.user)
        self.assertEqual(got, [self.m1, self.m2, self.m1, self.m2])

    def test_copy_week_forward(self):
        shifts = self._shift(
            self.m1, "2026-03-02 06:00:00", "2026-03-02 15:00:00"
        ) | self._shift(self.m2, "2026-03-03 06:00:00", "2026-03-03 15:00:00")
        shifts.action_copy_week_forward()
        copies = self.Shift.search(
            [("team_id", "=", self.main.id), ("date_start", ">=", "2026-03-09")]
        )
        self.assertEqual(copies.mapped("user_id"), self.m1 | self.m2)
        self.assertEqual(str(copies[0].date_start), "2026-03-09 06:00:00")
        shifts.action_copy_week_forward()  # twice: nothing doubled
        self.assertEqual(
            self.Shift.search_count(
                [("team_id", "=", self.main.id), ("date_start", ">=", "2026-03-09")]
            ),
            2,
        )

    def test_gaps_of_the_coming_week(self):
        with freeze_time("2026-03-02 05:00:00"):  # Monday 8:00 in Moscow
            self.assertIn("Nobody on duty", self.main.duty_gap_warning)
            for day in range(2, 9):
                self._shift(
                    self.m1,
                    f"2026-03-{day:02d} 06:00:00",
                    f"2026-03-{day:02d} 15:00:00",
                )
            self.main.invalidate_recordset(["duty_gap_warning"])
            self.assertFalse(self.main.duty_gap_warning)
            gaps = self.main._uncovered_intervals(
                datetime(2026, 3, 2, 0), datetime(2026, 3, 3, 0)
            )
            self.assertEqual(gaps, [])

    def test_office_hours_across_a_dst_change(self):
        self.office_calendar.tz = "Europe/Berlin"
        # Berlin moves to summer time on Sunday 2026-03-29: 9:00 is 8:00 UTC
        # on Friday 27 and 7:00 UTC on Monday 30
        intervals = self.main._office_intervals(
            datetime(2026, 3, 27), datetime(2026, 3, 31)
        )
        self.assertEqual(
            naive_pairs(intervals),
            [
                (datetime(2026, 3, 27, 8), datetime(2026, 3, 27, 17)),
                (datetime(2026, 3, 30, 7), datetime(2026, 3, 30, 16)),
            ],
        )
        self.office_calendar.tz = "Europe/Moscow"
        intervals = self.main._office_intervals(
            datetime(2026, 3, 27), datetime(2026, 3, 31)
        )
        self.assertEqual(
            naive_pairs(intervals)[0],
            (datetime(2026, 3, 27, 6), datetime(2026, 3, 27, 15)),
        )

    def test_roster_rights(self):
        shift = self._shift(self.m1, "2026-03-02 06:00:00", "2026-03-02 15:00:00")
        self.assertEqual(
            shift.with_user(self.m2).user_id, self.m1, "managers see the roster"
        )
        with self.assertRaises(AccessError):
            self.Shift.with_user(self.m2).create(
                {
                    "user_id": self.m2.id,
                    "team_id": self.main.id,
                    "date_start": "2026-03-04 06:00:00",
                    "date_end": "2026-03-04 15:00:00",
                }
            )
        with self.assertRaises(AccessError):
            shift.with_user(self.m2).unlink()
        self.Shift.with_user(self.user_head).create(
            {
                "user_id": self.m2.id,
                "team_id": self.main.id,
                "date_start": "2026-03-04 06:00:00",
                "date_end": "2026-03-04 15:00:00",
            }
        )

    def test_absence_rights(self):
        Absence = self.env["crm.absence"]
        own = Absence.with_user(self.m1).create(
            {
                "user_id": self.m1.id,
                "date_from": "2026-03-02 00:00:00",
                "date_to": "2026-03-03 00:00:00",
            }
        )
        self.assertTrue(
            own.with_user(self.m2).display_name, "everybody sees who is away"
        )
        with self.assertRaises(AccessError):
            Absence.with_user(self.m1).create(
                {
                    "user_id": self.m2.id,
                    "date_from": "2026-03-02 00:00:00",
                    "date_to": "2026-03-03 00:00:00",
                }
            )
        with self.assertRaises(AccessError):
            own.with_user(self.m2).unlink()
        Absence.with_user(self.user_head).create(
            {
                "user_id": self.m2.id,
                "date_from": "2026-03-02 00:00:00",
                "date_to": "2026-03-03 00:00:00",
            }
        )


class TestRoutingRules(RoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._shift_cls = cls.env["crm.duty.shift"].create(
            {
                "user_id": cls.m1.id,
                "team_id": cls.main.id,
                "date_start": "2026-03-02 06:00:00",
                "date_end": "2026-03-02 15:00:00",
            }
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "ООО «Ромашка»",
                "is_company": True,
                "phone": "+7 495 123-45-67",
                "email": "info@romashka-test.ru",
                "user_id": cls.m3.id,
            }
        )

    def _route(self, **values):
        with freeze_time(MONDAY_NOON_MSK):
            return self.router._route(values)

    def test_new_client_of_moscow_goes_to_duty_manager(self):
        route = self._route(company_name="ООО «Новый»", phone="+7 499 765-43-21")
        self.assertEqual(
            (route.user, route.rule, route.team), (self.m1, "duty", self.main)
        )
        self.assertFalse(route.client)

    def test_regional_contacts_go_to_their_team(self):
        cases = [
            ({"state_id": self.env.ref("base.state_ru_spe").id}, self.spb_manager),
            ({"phone": "8 (812) 777-01-02"}, self.spb_manager),  # from the area code
            ({"phone": "+375 17 333-44-55"}, self.by_manager),  # from the country code
            ({"country_id": self.env.ref("base.by").id}, self.by_manager),
            ({"phone": "+7 916 777-66-55"}, self.m1),  # a mobile: the main office
            ({"phone": "+7 383 777-88-99"}, self.m1),  # a region nobody covers
        ]
        for values, user in cases:
            with self.subTest(values=values):
                route = self._route(company_name="ООО «Региональный»", **values)
                self.assertEqual(route.user, user)
                self.assertEqual(
                    route.rule, "regional" if user not in (self.m1,) else "duty"
                )

    def test_client_in_two_territories_follows_its_region(self):
        route = self._route(
            company_name="ООО «Двойной»",
            state_id=self.env.ref("base.state_ru_spe").id,
            phone="+375 17 333-44-55",
        )
        self.assertEqual(route.user, self.spb_manager, "the region beats the phone")

    def test_known_client_goes_to_its_manager(self):
        route = self._route(email="buyer@romashka-test.ru")
        self.assertEqual(
            (route.user, route.rule, route.client),
            (self.m3, "client_manager", self.client),
        )

    def test_open_opportunity_goes_to_its_owner_and_absent_owner_to_duty(self):
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Supply",
                "type": "opportunity",
                "partner_id": self.client.id,
                "user_id": self.m2.id,
            }
        )
        route = self._route(phone="8 495 123 45 67")
        self.assertEqual((route.user, route.rule), (self.m2, "open_opportunity"))
        self.assertEqual(route.opportunity, opportunity)
        self._absent(self.m2)
        route = self._route(phone="8 495 123 45 67")
        self.assertEqual((route.user, route.rule), (self.m1, "open_opportunity_absent"))
        self.assertEqual(route.follow_up_user, self.m2)
        # back on the first office hour after the absence: 9:00 in Moscow
        self.assertEqual(str(route.follow_up_date), "2026-03-05 06:00:00")
        with freeze_time(MONDAY_NOON_MSK):
            self.router._hand_over(
                [(route, opportunity)], note=Markup("<p>Asked for the price list</p>")
            )
        # R6: the opportunity, its owner (and so their commission) stay as they
        # are; the call is recorded on it and the owner is told when back
        self.assertEqual(opportunity.user_id, self.m2)
        self.assertIn(
            self.m2.partner_id,
            opportunity.message_partner_ids,
            "the owner still follows",
        )
        activities = opportunity.activity_ids
        follow_up = activities.filtered(lambda a: a.user_id == self.m2)
        self.assertEqual(str(follow_up.date_deadline), "2026-03-05")
        self.assertIn("Asked for the price list", str(follow_up.note))
        self.assertFalse(
            activities - follow_up, "the duty manager, who answered, gets nothing"
        )
        line = opportunity.message_ids.filtered(
            lambda m: "recorded by" in (m.body or "")
        )
        self.assertIn("for Manager Olga", line.body)
        self.assertIn("Opportunity owner absent", line.body)
        self.assertIn("Asked for the price list", line.body)

    def test_addressed_manager(self):
        route = self._route(company_name="ООО «Новый»", addressed_user_id=self.m3.id)
        self.assertEqual((route.user, route.rule), (self.m3, "addressed"))
        self._absent(self.m3)
        route = self._route(company_name="ООО «Новый»", addressed_user_id=self.m3.id)
        self.assertEqual(
            (route.user, route.rule, route.follow_up_user),
            (self.m1, "addressed_absent", self.m3),
        )

    def test_nobody_on_duty_and_everybody_absent(self):
        with freeze_time("2026-03-02 20:00:00"):  # 23:00 in Moscow: no shift
            route = self.router._route({"company_name": "ООО «Ночной»"})
        self.assertEqual(
            (route.user, route.rule),
            (self.user_head, "fallback"),
            "the team leader",
        )
        self.env["ir.config_parameter"].set_param(
            "sales_first_contact.fallback_user_id", str(self.m2.id)
        )
        for user in (self.m1, self.spb_manager):
            self._absent(user)
        route = self._route(company_name="ООО «Новый»")
        self.assertEqual((route.user, route.rule), (self.m2, "fallback"))
        route = self._route(company_name="ООО «Питерский»", phone="8 812 555 44 33")
        self.assertEqual(
            (route.user, route.rule),
            (self.m2, "fallback"),
            "regional manager away too",
        )


class TestRoutingByNameAlone(RoutingCase):
    """A caller who gives only the organisation of a client whose name is
    distinctive goes to the owner of its open opportunity (issue 12 point 6)."""

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
        archive_named(cls.env, "Северсталь-Трейд")
        archive_named(cls.env, "Альфа")
        cls.severstal = cls.env["res.partner"].create(
            {
                "name": "АО «Северсталь-Трейд»",
                "is_company": True,
                "phone": "+7 8202 53-09-00",
                "user_id": cls.m3.id,
            }
        )
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Rolled steel",
                "type": "opportunity",
                "partner_id": cls.severstal.id,
                "user_id": cls.m2.id,
            }
        )
        cls.alfa = cls.env["res.partner"].create(
            {"name": "ООО «Альфа»", "is_company": True, "user_id": cls.m3.id}
        )
        seed_client_list(cls.env)

    def _route(self, **values):
        with freeze_time(MONDAY_NOON_MSK):
            return self.router._route(values)

    def test_distinctive_name_and_a_new_phone_go_to_the_opportunity_owner(self):
        route = self._route(company_name="Северсталь Трейд", phone="+7 921 000-11-22")
        self.assertEqual((route.user, route.rule), (self.m2, "open_opportunity"))
        self.assertEqual(route.opportunity, self.opportunity)
        self.assertEqual(route.client, self.severstal)

    def test_common_name_alone_goes_to_the_duty_manager(self):
        route = self._route(company_name="Альфа", phone="+7 499 000-11-22")
        self.assertEqual((route.user, route.rule), (self.m1, "duty"))
        self.assertFalse(route.client)
