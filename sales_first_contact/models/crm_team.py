from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_datetime

from odoo.addons.resource.models.utils import Intervals

from ..routing.territory import phone_place

OFFICE_SEARCH_DAYS = 60  # how far the next office hour is looked for


class CrmTeam(models.Model):
    _inherit = "crm.team"

    # Territory (R2, R8, R9): the main office, or the regions a team covers
    is_main_office = fields.Boolean(
        "Main Office",
        help="The Moscow office: its duty manager takes the first contacts of "
        "territories no regional team covers, and of mobile numbers.",
    )
    territory_country_ids = fields.Many2many(
        "res.country",
        "crm_team_territory_country_rel",
        "team_id",
        "country_id",
        string="Countries",
        help="Countries this team covers as a whole (e.g. a CIS country).",
    )
    territory_state_ids = fields.Many2many(
        "res.country.state",
        "crm_team_territory_state_rel",
        "team_id",
        "state_id",
        string="Regions",
        help="Regions this team covers (e.g. Russian regions).",
    )
    duty_shift_ids = fields.One2many("crm.duty.shift", "team_id", string="Duty Shifts")
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Office Hours",
        check_company=True,
        help="The team's working calendar: working days and hours, time zone, "
        "public holidays. Empty: the office hours of Settings.",
    )
    on_duty_user_ids = fields.Many2many(
        "res.users", string="On Duty Now", compute="_compute_on_duty_user_ids"
    )

    @api.constrains("is_main_office", "company_id")
    def _check_one_main_office(self):
        for team in self.filtered("is_main_office"):
            others = self.search_count(
                [
                    ("is_main_office", "=", True),
                    ("company_id", "in", [team.company_id.id, False]),
                    ("id", "!=", team.id),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._("There can be only one main office per company.")
                )

    @api.depends_context("uid")
    def _compute_on_duty_user_ids(self):
        for team in self:
            team.on_duty_user_ids = team._get_duty_users()

    # ------------------------------------------------------------------
    # Who is on duty
    # ------------------------------------------------------------------

    def _get_duty_users(self, at=None):
        """Users on duty in this team at ``at`` (now by default), not absent
        (time off of :meth:`crm.absence._absent_users`); nobody on a public
        holiday of the team's calendar (the office is closed)."""
        self.ensure_one()
        at = at or fields.Datetime.now()
        users = self._duty_users_at(at)
        absent = self.env["crm.absence"]._absent_users(users, at)
        return users - absent

    def _duty_users_at(self, at):
        """The managers of this team's shifts running at ``at`` (naive UTC),
        none during a public holiday of the team's calendar (its time off
        without a resource, as for the office hours): one statement."""
        calendar = self._office_calendar(checked=False)
        self.env["crm.duty.shift"].flush_model(
            ["team_id", "user_id", "date_start", "date_end"]
        )
        self.env["resource.calendar.leaves"].flush_model(
            ["resource_id", "calendar_id", "time_type", "date_from", "date_to"]
        )
        rows = self.env.execute_query(
            SQL(
                """SELECT s.user_id FROM crm_duty_shift s
                   WHERE s.team_id = %(team)s
                     AND s.date_start < %(end)s AND s.date_end > %(at)s
                     AND NOT EXISTS (
                         SELECT 1 FROM resource_calendar_leaves l
                         WHERE l.resource_id IS NULL AND l.time_type = 'leave'
                           AND (l.calendar_id IS NULL OR l.calendar_id = %(calendar)s)
                           AND l.date_from <= %(at)s AND l.date_to > %(at)s)
                   ORDER BY s.date_start, s.id""",
                team=self.id,
                at=at,
                end=at + timedelta(seconds=1),
                calendar=calendar.id or None,
            )
        )
        return self.env["res.users"].sudo().browse(dict.fromkeys(r[0] for r in rows))

    def _duty_shifts(self, start, end):
        """The shifts of this team's roster overlapping [start, end) (UTC)."""
        self.ensure_one()
        return (
            self.env["crm.duty.shift"]
            .sudo()
            .search(
                [
                    ("team_id", "=", self.id),
                    ("date_start", "<", end),
                    ("date_end", ">", start),
                ],
                order="date_start, id",
            )
        )

    def _pick_duty_user(self, at=None):
        """The duty manager to give a new first contact to now (R2).

        Managers sharing a duty take calls in turn: the one who got the fewest
        first contacts of the team today goes first.
        """
        users = self._get_duty_users(at)
        if len(users) <= 1:
            return users
        return self._least_loaded(users, at)

    def _least_loaded(self, users, at=None):
        """Of ``users``, the one with the fewest leads of this team assigned today."""
        at = at or fields.Datetime.now()
        day_start = fields.Datetime.to_datetime(fields.Date.to_date(at))
        counts = dict(
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("team_id", "=", self.id),
                    ("user_id", "in", users.ids),
                    ("date_open", ">=", day_start),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        return min(users, key=lambda user: (counts.get(user, 0), user.id))

    def _pick_regional_user(self, at=None):
        """A manager of this regional team who is present: duty first, then members."""
        duty = self._pick_duty_user(at)
        if duty:
            return duty
        present = self._present_managers(at)
        if not present:
            return present
        return self._least_loaded(present, at)

    @api.model
    def _fallback_user(self):
        """The fallback manager of Settings (empty when unset or deleted)."""
        settings = self.env["crm.first.contact.settings"]
        return settings._get_setting("fallback_user_id").sudo().exists()

    def _present_managers(self, at=None):
        """The managers of this team who take first contacts and are present at
        ``at`` (now by default): its active members, by id. The team leader is
        one only as a member (a head of sales leads without taking contacts)."""
        self.ensure_one()
        members = self.member_ids.filtered("active")
        return (members - self.env["crm.absence"]._absent_users(members, at)).sorted(
            "id"
        )

    # ------------------------------------------------------------------
    # Territories
    # ------------------------------------------------------------------

    @api.model
    def _main_office(self, company=None):
        company = company or self.env.company
        return self.sudo().search(
            [("is_main_office", "=", True), ("company_id", "in", [company.id, False])],
            limit=1,
        )

    @api.model
    def _territory_team(self, country=None, state=None, phone=None, company=None):
        """The team of a contact's territory, from its state, country or phone.

        A region or country no regional team covers, a mobile number and an
        unknown place belong to the main office.
        """
        if not state and not country and phone:
            state, country = self._place_of_phone(phone)
        teams = self.sudo().search(
            [("company_id", "in", [(company or self.env.company).id, False])]
        )
        if state:
            team = teams.filtered(lambda t: state in t.territory_state_ids)[:1]
            if team:
                return team
        if country:
            team = teams.filtered(lambda t: country in t.territory_country_ids)[:1]
            if team:
                return team
        return self._main_office(company)

    @api.model
    def _place_of_phone(self, phone):
        """(state, country) records of a fixed line's place, empty for mobiles."""
        settings = self.env["crm.duplicate.finder"]._dedup_settings()
        place = phone_place(phone, settings["region"])
        State, Country = self.env["res.country.state"], self.env["res.country"]
        if not place:
            return State, Country
        country = Country.search([("code", "=", place.country_code)], limit=1)
        if place.mobile:  # a mobile tells its country, not its region
            home = place.country_code == settings["region"]
            return State, Country if home else country
        state = State
        if place.state_code:
            state = State.search(
                [("country_id", "=", country.id), ("code", "=", place.state_code)],
                limit=1,
            )
        elif place.region_name:
            first_word = place.region_name.split()[0]
            state = State.search(
                [("country_id", "=", country.id), ("name", "=ilike", f"{first_word}%")],
                limit=1,
            )
        return state, country

    # ------------------------------------------------------------------
    # Office hours and roster coverage: the one place that asks the calendar
    # ------------------------------------------------------------------

    duty_gap_warning = fields.Char(
        "Duty Gaps",
        compute="_compute_duty_gap_warning",
        help="Office hours of the coming week with nobody on duty.",
    )

    def _office_calendar(self, checked=True):
        """The working calendar of this team (or of no team): its own, else
        the office hours of Settings, else the company's. ``checked=False``
        skips the query that the calendar of Settings still exists (for a
        caller that only needs its id in a domain)."""
        calendar = self[:1].resource_calendar_id
        if not calendar:
            setting = self.env["crm.first.contact.settings"]._get_setting
            calendar = setting("office_calendar_id").sudo()
            calendar = calendar.exists() if checked else calendar
        return (
            calendar or (self[:1].company_id or self.env.company).resource_calendar_id
        )

    def _office_intervals(self, start, end):
        """Office hours between two UTC datetimes, as UTC :class:`Intervals`:
        the calendar's working hours less its public holidays."""
        calendar = self._office_calendar().sudo()
        if not calendar:
            return Intervals()
        hours = calendar._work_intervals_batch(_aware(start), _aware(end))[False]
        return Intervals(
            (lo.astimezone(pytz.utc), hi.astimezone(pytz.utc), calendar)
            for lo, hi, _attendance in hours
        )

    def _covered_intervals(self, start, end):
        """When somebody of this team is on duty and not away, between two UTC
        datetimes (shared duties once), as UTC :class:`Intervals`."""
        shifts = self._duty_shifts(start, end)
        away = self.env["crm.absence"]._absence_intervals(shifts.user_id, start, end)
        covered = Intervals()
        for shift in shifts:
            duty = Intervals(
                [(_aware(shift.date_start), _aware(shift.date_end), shift)]
            )
            covered |= duty - away[shift.user_id]
        return covered

    def _uncovered_intervals(self, start, end):
        """Office hours between start and end (UTC) with nobody of the team on
        duty, as (start, end) pairs of naive UTC datetimes."""
        gaps = self._office_intervals(start, end) - self._covered_intervals(start, end)
        return [(_naive(lo), _naive(hi)) for lo, hi, _records in gaps]

    def _next_office_time(self, at):
        """The first moment of office hours from ``at`` (UTC) on, ``at`` if none
        within two months."""
        limit = at + timedelta(days=OFFICE_SEARCH_DAYS)
        for lo, _hi, _records in self._office_intervals(at, limit):
            return _naive(lo)
        return at

    def _compute_duty_gap_warning(self):
        start = fields.Datetime.now().replace(second=0, microsecond=0)
        end = start + timedelta(days=7)
        for team in self:
            if not (team.is_main_office or team.duty_shift_ids):
                team.duty_gap_warning = False
                continue
            gaps = team._uncovered_intervals(start, end)
            if not gaps:
                team.duty_gap_warning = False
                continue
            tz = team._office_calendar().tz
            shown = ", ".join(
                "%s–%s"
                % (
                    format_datetime(self.env, lo, tz=tz, dt_format="EEE dd.MM HH:mm"),
                    format_datetime(self.env, hi, tz=tz, dt_format="HH:mm"),
                )
                for lo, hi in gaps[:5]
            )
            more = len(gaps) - 5
            team.duty_gap_warning = self.env._(
                "Nobody on duty in the coming week: %(gaps)s%(more)s",
                gaps=shown,
                more=self.env._(" and %s more", more) if more > 0 else "",
            )

    @api.model
    def action_your_pipeline(self):
        """*My Pipeline* of an agent in no sales team: the opportunities he
        handed over (R7), not the empty pipeline of the first team."""
        user = self.env.user
        if (
            user.has_group("sales_first_contact.group_first_contact_agent")
            and not user.has_group("sales_team.group_sale_manager")
            and not user.sale_team_id
        ):
            return self.env["ir.actions.actions"]._for_xml_id(
                "sales_first_contact.crm_lead_action_agent"
            )
        return super().action_your_pipeline()


def _aware(value):
    """A naive UTC datetime of the ORM as an aware one."""
    return value if value.tzinfo else pytz.utc.localize(value)


def _naive(value):
    """An aware datetime as a naive UTC one, as the ORM stores them."""
    return value.astimezone(pytz.utc).replace(tzinfo=None)
