import importlib.util
import os
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from .test_routing import RoutingCase, naive_pairs

MIGRATIONS = os.path.join(
    os.path.dirname(__file__), os.pardir, "migrations", "18.0.1.1.0"
)


def load_migration(name):
    path = os.path.join(MIGRATIONS, f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"sfc_{name}".replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestWorkingCalendar(RoutingCase):
    """Office hours, holidays, transferred days and absences come from Odoo's
    working calendars and time off; the roster's gap warning, the on-duty view,
    the router and the coverage report all ask the same calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Leave = cls.env["resource.calendar.leaves"]
        # the Russian New Year holidays, 1-8 January 2027 in Moscow
        cls.Leave.create(
            {
                "name": "New Year holidays",
                "calendar_id": cls.office_calendar.id,
                "date_from": "2026-12-31 21:00:00",
                "date_to": "2027-01-08 20:59:59",
            }
        )
        # a transferred working day: Saturday 13 March 2027 is worked
        cls.env["resource.calendar.attendance"].create(
            {
                "name": "Transferred working Saturday",
                "calendar_id": cls.office_calendar.id,
                "dayofweek": "5",
                "hour_from": 9.0,
                "hour_to": 18.0,
                "date_from": "2027-03-13",
                "date_to": "2027-03-13",
            }
        )

    def _days(self, intervals):
        return sorted({lo.date() for lo, _hi in naive_pairs(intervals)})

    def test_office_hours_skip_holidays_and_add_transferred_days(self):
        january = self.main._office_intervals(
            datetime(2026, 12, 28), datetime(2027, 1, 16)
        )
        self.assertEqual(
            self._days(january),
            [date(2026, 12, d) for d in (28, 29, 30, 31)]
            + [date(2027, 1, d) for d in (11, 12, 13, 14, 15)],
            "1-8 January off, then the weekend",
        )
        self.assertEqual(
            naive_pairs(january)[3],
            (datetime(2026, 12, 31, 6), datetime(2026, 12, 31, 15)),
        )
        march = self.main._office_intervals(datetime(2027, 3, 8), datetime(2027, 3, 15))
        self.assertIn(date(2027, 3, 13), self._days(march), "the worked Saturday")
        self.assertNotIn(date(2027, 3, 14), self._days(march))
        self.assertNotIn(
            date(2027, 3, 6),
            self._days(
                self.main._office_intervals(datetime(2027, 3, 1), datetime(2027, 3, 8))
            ),
            "other Saturdays stay off",
        )

    def test_a_team_calendar_of_its_own(self):
        self.north_west.resource_calendar_id = self.env["resource.calendar"].create(
            {
                "name": "Saint Petersburg, 10-19",
                "company_id": False,
                "tz": "Europe/Moscow",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": "Mon",
                            "dayofweek": "0",
                            "hour_from": 10.0,
                            "hour_to": 19.0,
                            "day_period": "morning",
                        }
                    )
                ],
            }
        )
        monday = (datetime(2027, 3, 1), datetime(2027, 3, 2))
        self.assertEqual(
            naive_pairs(self.north_west._office_intervals(*monday)),
            [(datetime(2027, 3, 1, 7), datetime(2027, 3, 1, 16))],
        )
        self.assertEqual(
            naive_pairs(self.main._office_intervals(*monday)),
            [(datetime(2027, 3, 1, 6), datetime(2027, 3, 1, 15))],
            "other teams keep the office hours of Settings",
        )

    def test_gap_warning_and_coverage_follow_holidays(self):
        with freeze_time("2027-01-04 05:00:00"):  # a holiday Monday, 8:00 in Moscow
            gaps = self.main._uncovered_intervals(
                datetime(2027, 1, 4), datetime(2027, 1, 9)
            )
            self.assertEqual(gaps, [], "no office hours on the holidays: no gap")
            self.assertFalse(self.main.duty_gap_warning, "nothing until 11 January")
        # a roster for Friday 12 March that leaves the worked Saturday aside
        self._shift(self.m1, "2027-03-12 06:00:00", "2027-03-12 15:00:00")
        self.assertEqual(
            self.main._uncovered_intervals(
                datetime(2027, 3, 12), datetime(2027, 3, 14)
            ),
            [(datetime(2027, 3, 13, 6), datetime(2027, 3, 13, 15))],
            "the worked Saturday is a gap of the roster",
        )
        self._shift(self.m2, "2027-03-13 06:00:00", "2027-03-13 10:00:00")
        self.env.flush_all()
        rows = self.env["crm.duty.coverage.report"].search(
            [("team_id", "=", self.main.id), ("day", ">=", "2027-03-12")]
        )
        self.assertEqual(
            [(str(r.day), r.office_hours, r.covered_hours) for r in rows],
            [("2027-03-13", 9.0, 4.0), ("2027-03-12", 9.0, 9.0)],
            "the worked Saturday is a day of the report; Sunday is not",
        )
        holidays = self.env["crm.duty.coverage.report"].search(
            [
                ("team_id", "=", self.main.id),
                ("day", ">=", "2027-01-01"),
                ("day", "<=", "2027-01-10"),
            ]
        )
        self.assertFalse(holidays, "no office hours on the holidays")

    def test_absent_duty_manager_is_a_gap(self):
        """Issue 17.6: the only manager on duty for a whole day, recorded
        absent: the team form shows the gap and Duty Coverage reports it."""
        self._shift(self.m1, "2026-03-02 06:00:00", "2026-03-02 15:00:00")
        self._shift(self.m1, "2026-03-03 06:00:00", "2026-03-03 15:00:00")
        with freeze_time("2026-03-01 20:00:00"):
            self.main.invalidate_recordset(["duty_gap_warning"])
            self.assertNotIn("02.03", self.main.duty_gap_warning or "")
        self._absent(self.m1, "2026-03-02 00:00:00", "2026-03-02 21:00:00")
        with freeze_time("2026-03-01 20:00:00"):
            self.main.invalidate_recordset(["duty_gap_warning"])
            self.assertIn("02.03 09:00–18:00", self.main.duty_gap_warning)
            self.assertNotIn("03.03 09:00", self.main.duty_gap_warning)
        self.env.flush_all()
        Report = self.env["crm.duty.coverage.report"]
        monday, tuesday = (
            Report.search([("team_id", "=", self.main.id), ("day", "=", day)])
            for day in ("2026-03-02", "2026-03-03")
        )
        self.assertEqual((monday.covered_hours, monday.coverage), (0.0, 0.0))
        self.assertEqual(tuesday.coverage, 100.0)
        with freeze_time("2026-03-02 09:00:00"):
            self.assertFalse(self.main.on_duty_user_ids)
            on_duty = self.Shift._action_on_duty_now()
            self.assertFalse(self.Shift.search(on_duty["domain"]), "nobody on duty")
        with freeze_time("2026-03-03 09:00:00"):  # a manager opens On Duty Now
            menu_action = self.env.ref(
                "sales_first_contact.crm_duty_shift_action_on_duty_now"
            )
            on_duty = menu_action.with_user(self.m2).run()
            self.assertEqual(
                self.Shift.with_user(self.m2).search(on_duty["domain"]).user_id, self.m1
            )

    def test_back_on_after_the_holidays(self):
        self._absent(self.m2, "2026-12-28 06:00:00", "2026-12-31 21:00:00")
        back = self.env["crm.absence"]._back_on(self.m2, datetime(2026, 12, 30, 9))
        self.assertEqual(back, datetime(2027, 1, 11, 6), "Monday 11 January, 9:00")
        self.assertFalse(
            self.env["crm.absence"]._back_on(self.m1, datetime(2026, 12, 30))
        )

    def test_absence_is_odoo_time_off(self):
        absence = self._absent(self.m2, "2026-03-02 06:00:00", "2026-03-03 15:00:00")
        leave = absence.leave_id
        self.assertEqual(leave.resource_id.user_id, self.m2)
        self.assertEqual(
            (leave.date_from, leave.date_to, leave.time_type),
            (absence.date_from, absence.date_to, "leave"),
        )
        absence.with_user(self.m2).date_to = "2026-03-04 15:00:00"
        self.assertEqual(str(leave.date_to), "2026-03-04 15:00:00", "kept in step")
        # time off recorded in Odoo directly (e.g. the Time Off app) counts too
        self.Leave.create(
            {
                "name": "Sick leave",
                "resource_id": leave.resource_id.id,
                "date_from": "2026-03-09 00:00:00",
                "date_to": "2026-03-10 00:00:00",
            }
        )
        Absence = self.env["crm.absence"]
        self.assertEqual(
            Absence._absent_users(self.m1 | self.m2, datetime(2026, 3, 9, 9)), self.m2
        )
        self._shift(self.m2, "2026-03-09 06:00:00", "2026-03-09 15:00:00")
        self.assertFalse(self.main._get_duty_users(datetime(2026, 3, 9, 9)))
        absence.with_user(self.m2).unlink()
        self.assertFalse(leave.exists())

    def test_nobody_is_on_duty_on_a_public_holiday(self):
        # a shift left in the roster on a holiday Monday (copied from the
        # week before): the office is closed, its manager takes nothing
        self._shift(self.m1, "2027-01-04 06:00:00", "2027-01-04 15:00:00")
        self._shift(self.m1, "2027-01-11 06:00:00", "2027-01-11 15:00:00")
        self.assertFalse(self.main._get_duty_users(datetime(2027, 1, 4, 9)))
        with freeze_time("2027-01-04 09:00:00"):
            route = self.router._route({"company_name": "ООО «Новый»"})
            self.main.invalidate_recordset(["on_duty_user_ids"])
            self.assertFalse(self.main.on_duty_user_ids, "On Duty Now agrees")
        self.assertEqual(route.rule, "fallback")
        self.assertNotEqual(route.user, self.m1)
        # the first working Monday after the holidays, the roster counts again
        self.assertEqual(self.main._get_duty_users(datetime(2027, 1, 11, 9)), self.m1)
        with freeze_time("2027-01-11 09:00:00"):
            route = self.router._route({"company_name": "ООО «Новый»"})
        self.assertEqual((route.user, route.rule), (self.m1, "duty"))

    def test_router_asks_the_same_calendar(self):
        self._shift(self.m1, "2026-03-02 06:00:00", "2026-03-02 15:00:00")
        with freeze_time("2026-03-02 09:00:00"):
            route = self.router._route({"company_name": "ООО «Новый»"})
        self.assertEqual((route.user, route.rule), (self.m1, "duty"))
        # time off recorded in Odoo: the duty manager is away, the fallback
        self.Leave.create(
            {
                "name": "Sick leave",
                "resource_id": self.env["crm.absence"]
                ._resource_of(self.m1, self.env.company)
                .id,
                "date_from": "2026-03-02 00:00:00",
                "date_to": "2026-03-03 00:00:00",
            }
        )
        with freeze_time("2026-03-02 09:00:00"):
            route = self.router._route({"company_name": "ООО «Новый»"})
        self.assertEqual(route.rule, "fallback")
        self.assertNotEqual(route.user, self.m1)


@tagged("post_install", "-at_install")
class TestCopyWeek(RoutingCase):
    """Copy to Next Week, from the list or the calendar, says what it skipped."""

    def test_copy_says_what_it_skipped_and_why(self):
        shifts = (
            self._shift(self.m1, "2026-03-02 06:00:00", "2026-03-02 15:00:00")
            | self._shift(self.m2, "2026-03-03 06:00:00", "2026-03-03 15:00:00")
            | self._shift(self.m3, "2026-03-04 06:00:00", "2026-03-04 15:00:00")
        )
        shifts |= self._shift(self.m1, "2026-03-05 06:00:00", "2026-03-05 15:00:00")
        self._shift(self.m2, "2026-03-09 06:00:00", "2026-03-09 15:00:00")  # taken
        self._shift(self.m2, "2026-03-10 06:00:00", "2026-03-10 15:00:00")  # copied
        self._absent(self.m3, "2026-03-11 00:00:00", "2026-03-12 00:00:00")
        action = (
            self.Shift.with_user(self.user_head)
            .browse(shifts.ids)
            .action_copy_week_forward()
        )
        params = action["params"]
        self.assertEqual(params["type"], "warning")
        self.assertTrue(params["sticky"])
        message = params["message"]
        self.assertIn("1 shifts copied", message)
        self.assertIn("is already on duty", message, "Monday overlaps Olga's shift")
        self.assertIn("already in the roster", message)
        self.assertIn("Manager Pavel is away then", message)
        self.assertEqual(
            self.Shift.search(
                [("team_id", "=", self.main.id), ("date_start", ">=", "2026-03-09")]
            ).mapped(lambda shift: (shift.user_id, str(shift.date_start))),
            [
                (self.m2, "2026-03-09 06:00:00"),
                (self.m2, "2026-03-10 06:00:00"),
                (self.m1, "2026-03-12 06:00:00"),
            ],
        )

    def test_copy_from_the_calendar_copies_the_shown_week(self):
        self._shift(self.m1, "2026-03-02 06:00:00", "2026-03-02 15:00:00")
        self._shift(self.m2, "2026-03-10 06:00:00", "2026-03-10 15:00:00")
        Shift = self.Shift.with_user(self.user_head)
        action = Shift.action_copy_shown_week(
            "2026-03-01 21:00:00",
            "2026-03-08 20:59:59",
            [("team_id", "=", self.main.id)],
        )
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(
            self.Shift.search(
                [("team_id", "=", self.main.id), ("date_start", ">=", "2026-03-09")]
            ).mapped("user_id"),
            self.m1 | self.m2,
            "Ivan's Monday copied, not the next week's own shift",
        )
        calendar = self.env.ref("sales_first_contact.crm_duty_shift_view_calendar")
        self.assertIn('js_class="crm_duty_roster_calendar"', calendar.arch_db)
        with self.assertRaises(AccessError):
            self.Shift.with_user(self.m1).action_copy_shown_week(
                "2026-03-01 21:00:00", "2026-03-08 20:59:59"
            )


@tagged("post_install", "-at_install")
class TestMigration(RoutingCase):
    """18.0.1.0.0 → 18.0.1.1.0: office hours settings and absences move to
    working calendars and time off."""

    def test_office_hours_settings_become_a_calendar(self):
        post = load_migration("post-migrate")
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("sales_first_contact.office_tz", "Asia/Novosibirsk")
        params.set_param("sales_first_contact.office_hour_from", "10.0")
        params.set_param("sales_first_contact.office_hour_to", "19.5")
        post.migrate_office_hours(self.env)
        calendar = self.env["crm.first.contact.settings"]._get_setting(
            "office_calendar_id"
        )
        self.assertEqual(calendar.tz, "Asia/Novosibirsk")
        self.assertEqual(
            {(a.dayofweek, a.hour_from, a.hour_to) for a in calendar.attendance_ids},
            {(str(day), 10.0, 19.5) for day in range(5)},
        )
        self.assertFalse(params.get_param("sales_first_contact.office_tz"))
        # the defaults: the addon's Moscow calendar, no new one
        self.env["crm.first.contact.settings"]._set_settings(
            {"office_calendar_id": False}
        )
        count = self.env["resource.calendar"].search_count([])
        post.migrate_office_hours(self.env)
        self.assertEqual(self.env["resource.calendar"].search_count([]), count)

    def test_absences_become_time_off(self):
        pre, post = load_migration("pre-migrate"), load_migration("post-migrate")
        cr = self.env.cr
        cr.execute(
            SQL(
                "CREATE TABLE sfc_old_absence (id serial, user_id int4,"
                " date_from timestamp, date_to timestamp, reason varchar,"
                " company_id int4)"
            )
        )
        cr.execute(
            SQL(
                "INSERT INTO sfc_old_absence (user_id, date_from, date_to, reason,"
                " company_id) VALUES (%s, '2026-03-02', '2026-03-05', 'Trip', %s)",
                self.m2.id,
                self.env.company.id,
            )
        )
        pre.set_absences_aside(cr, "sfc_old_absence", "sfc_old_absence_legacy")
        cr.execute(SQL("SELECT count(*) FROM sfc_old_absence"))
        self.assertEqual(cr.fetchone()[0], 0)
        post.migrate_absences(self.env, "sfc_old_absence_legacy")
        absence = self.env["crm.absence"].search([("user_id", "=", self.m2.id)])
        self.assertEqual(absence.reason, "Trip")
        self.assertEqual(absence.leave_id.resource_id.user_id, self.m2)
        self.assertEqual(
            self.env["crm.absence"]._absent_users(self.m2, datetime(2026, 3, 3)),
            self.m2,
        )
        cr.execute(SQL("SELECT to_regclass('sfc_old_absence_legacy')"))
        self.assertIsNone(cr.fetchone()[0], "the copy is dropped")
