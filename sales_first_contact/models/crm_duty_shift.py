from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PARAM_TZ = "sales_first_contact.office_tz"
PARAM_HOUR_FROM = "sales_first_contact.office_hour_from"
PARAM_HOUR_TO = "sales_first_contact.office_hour_to"
PARAM_FALLBACK = "sales_first_contact.fallback_user_id"
DEFAULT_TZ, DEFAULT_HOUR_FROM, DEFAULT_HOUR_TO = "Europe/Moscow", 9.0, 18.0


class CrmDutyShift(models.Model):
    """A manager on duty for a team over a period: the roster of R2."""

    _name = "crm.duty.shift"
    _description = "Duty Shift"
    _order = "date_start, team_id, id"

    user_id = fields.Many2one(
        "res.users",
        string="Duty Manager",
        required=True,
        index=True,
        domain=[("share", "=", False)],
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        required=True,
        index=True,
        default=lambda self: self.env["crm.team"]._main_office(),
    )
    date_start = fields.Datetime("Start", required=True)
    date_end = fields.Datetime("End", required=True)
    shared = fields.Boolean(
        "Shared Duty",
        help="Shifts of the same team that overlap must all be shared: the "
        "managers on a shared duty take the calls in turn.",
    )
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    color = fields.Integer(related="user_id.partner_id.color")

    _sql_constraints = [
        (
            "dates_check",
            "CHECK (date_end > date_start)",
            "A shift ends after it starts.",
        ),
    ]

    @api.depends("user_id", "team_id")
    def _compute_display_name(self):
        for shift in self:
            shift.display_name = (
                f"{shift.user_id.name or ''} ({shift.team_id.name or ''})"
            )

    @api.constrains("team_id", "date_start", "date_end", "shared")
    def _check_overlap(self):
        for shift in self:
            overlapping = self.search(
                [
                    ("id", "!=", shift.id),
                    ("team_id", "=", shift.team_id.id),
                    ("date_start", "<", shift.date_end),
                    ("date_end", ">", shift.date_start),
                ]
            )
            if overlapping and not (shift.shared and all(overlapping.mapped("shared"))):
                other = overlapping[0]
                raise ValidationError(
                    self.env._(
                        "%(user)s is already on duty for %(team)s in this period. "
                        "Mark both shifts as shared to share the duty.",
                        user=other.user_id.name,
                        team=shift.team_id.name,
                    )
                )
            same_user = overlapping.filtered(
                lambda s, shift=shift: s.user_id == shift.user_id
            )
            if same_user:
                raise ValidationError(
                    self.env._("%s has two overlapping shifts.", shift.user_id.name)
                )

    def action_copy_week_forward(self):
        """Copy these shifts one week later (a roster repeats weekly)."""
        week = timedelta(days=7)
        copies = self.env["crm.duty.shift"]
        for shift in self.sorted("date_start"):
            start, end = shift.date_start + week, shift.date_end + week
            exists = self.search_count(
                [
                    ("team_id", "=", shift.team_id.id),
                    ("user_id", "=", shift.user_id.id),
                    ("date_start", "=", start),
                ]
            )
            if not exists:
                copies |= shift.copy({"date_start": start, "date_end": end})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%s shifts copied to the next week.", len(copies)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _action_on_duty_now(self):
        """The roster, on the shifts running now (CRM → First Contact)."""
        now = fields.Datetime.now()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_first_contact.crm_duty_shift_action"
        )
        action.update(
            name=self.env._("On Duty Now"),
            view_mode="list,form",
            views=[(False, "list"), (False, "form")],
            domain=[("date_start", "<=", now), ("date_end", ">", now)],
            context={"create": False},
        )
        return action

    # ------------------------------------------------------------------
    # Office hours and coverage
    # ------------------------------------------------------------------

    @api.model
    def _office_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        tz_name = params.get_param(PARAM_TZ) or DEFAULT_TZ
        return {
            "tz": pytz.timezone(
                tz_name if tz_name in pytz.all_timezones_set else DEFAULT_TZ
            ),
            "hour_from": float(params.get_param(PARAM_HOUR_FROM) or DEFAULT_HOUR_FROM),
            "hour_to": float(params.get_param(PARAM_HOUR_TO) or DEFAULT_HOUR_TO),
            "fallback_user": self.env["res.users"]
            .sudo()
            .browse(int(params.get_param(PARAM_FALLBACK) or 0))
            .exists(),
        }

    @api.model
    def _office_intervals(self, start, end):
        """Office hours (Monday to Friday) between two UTC datetimes, in UTC."""
        settings = self._office_settings()
        tz = settings["tz"]
        intervals = []
        day = pytz.utc.localize(start).astimezone(tz).date()
        while True:
            if day.weekday() < 5:
                opening = tz.localize(
                    datetime.combine(day, _time(settings["hour_from"]))
                )
                closing = tz.localize(datetime.combine(day, _time(settings["hour_to"])))
                lo = max(opening.astimezone(pytz.utc).replace(tzinfo=None), start)
                hi = min(closing.astimezone(pytz.utc).replace(tzinfo=None), end)
                if lo < hi:
                    intervals.append((lo, hi))
            day += timedelta(days=1)
            if (
                tz.localize(datetime.combine(day, time()))
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
                >= end
            ):
                return intervals

    @api.model
    def _uncovered_intervals(self, team, start, end):
        """Office hours between start and end (UTC) with nobody of ``team`` on duty."""
        shifts = self.sudo().search(
            [
                ("team_id", "=", team.id),
                ("date_start", "<", end),
                ("date_end", ">", start),
            ],
            order="date_start",
        )
        gaps = []
        for lo, hi in self._office_intervals(start, end):
            cursor = lo
            for shift in shifts:
                if shift.date_end <= cursor or shift.date_start >= hi:
                    continue
                if shift.date_start > cursor:
                    gaps.append((cursor, min(shift.date_start, hi)))
                cursor = max(cursor, shift.date_end)
                if cursor >= hi:
                    break
            if cursor < hi:
                gaps.append((cursor, hi))
        return gaps


def _time(hours):
    """A time of day from a float of hours (9.5 is 09:30)."""
    minutes = round(hours * 60)
    return time(min(minutes // 60, 23), minutes % 60)
