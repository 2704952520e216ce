from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.resource.models.utils import Intervals

ID_STRIDE = 1_000_000  # row id: day ordinal * ID_STRIDE + team id (stable ids)


class CrmDutyCoverageReport(models.Model):
    """Duty coverage (R2): per team and working day, the office hours and the
    hours someone present was on duty within them (shared duties counted once).

    The rows are computed when read, by the teams' calendars
    (``crm.team._office_intervals``, ``_covered_intervals``): public holidays
    and transferred working days, time off of the managers on duty.
    """

    _name = "crm.duty.coverage.report"
    _description = "Duty Coverage"
    _auto = False
    _order = "day desc, team_id"
    _rec_name = "team_id"

    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    day = fields.Date(readonly=True)
    office_hours = fields.Float(readonly=True, aggregator="sum", digits=(16, 1))
    covered_hours = fields.Float(readonly=True, aggregator="sum", digits=(16, 1))
    uncovered_hours = fields.Float(readonly=True, aggregator="sum", digits=(16, 1))
    coverage = fields.Float(
        "Coverage (%)", readonly=True, aggregator="avg", digits=(16, 1)
    )

    def init(self):
        # the report was a view of its own before the calendars
        tools.drop_view_if_exists(self.env.cr, self._table)

    @property
    def _table_query(self):
        rows = self._coverage_rows()
        columns = list(zip(*rows, strict=True)) if rows else [()] * 7
        return SQL(
            """SELECT * FROM unnest(%s::int8[], %s::int4[], %s::date[], %s::float8[],
                                    %s::float8[], %s::float8[], %s::float8[])
                   AS r(id, team_id, day, office_hours, covered_hours,
                        uncovered_hours, coverage)""",
            *(list(column) for column in columns),
        )

    @api.model
    def _coverage_rows(self):
        """(id, team, day, office hours, covered, uncovered, %) of every working
        day from the first shift to the last, of the teams with a roster."""
        Shift = self.env["crm.duty.shift"].sudo()
        teams = (
            self.env["crm.team"]
            .search([])
            .filtered(
                lambda team: (
                    team.is_main_office
                    or Shift.search_count([("team_id", "=", team.id)], limit=1)
                )
            )
        )
        bounds = Shift._read_group(
            [("team_id", "in", teams.ids)], [], ["date_start:min", "date_end:max"]
        )[0]
        if not bounds[0]:
            return []
        rows = []
        for team in teams:
            tz = pytz.timezone(team._office_calendar().tz or "UTC")
            start = _local_midnight(bounds[0], tz)
            end = _local_midnight(bounds[1], tz) + timedelta(days=1)
            office = team._office_intervals(start, end)
            covered = office & team._covered_intervals(start, end)
            office_by_day, covered_by_day = _per_day(office, tz), _per_day(covered, tz)
            for day, seconds in sorted(office_by_day.items()):
                done = covered_by_day.get(day, 0.0)
                rows.append(
                    (
                        day.toordinal() * ID_STRIDE + team.id,
                        team.id,
                        day,
                        seconds / 3600,
                        done / 3600,
                        (seconds - done) / 3600,
                        100.0 * done / seconds,
                    )
                )
        return rows


def _local_midnight(value, tz):
    """Midnight (as naive UTC) of the local day of a naive UTC datetime."""
    local = pytz.utc.localize(value).astimezone(tz)
    midnight = tz.localize(datetime.combine(local.date(), time()))
    return midnight.astimezone(pytz.utc).replace(tzinfo=None)


def _per_day(intervals, tz):
    """Seconds of ``intervals`` per local day (intervals split at midnight)."""
    seconds = defaultdict(float)
    for lo, hi, _records in Intervals(intervals):
        lo, hi = lo.astimezone(tz), hi.astimezone(tz)
        while lo < hi:
            next_midnight = tz.localize(
                datetime.combine(lo.date() + timedelta(days=1), time())
            )
            cut = min(hi, next_midnight)
            seconds[lo.date()] += (cut - lo).total_seconds()
            lo = cut
    return seconds
