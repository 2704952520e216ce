from odoo import fields, models, tools
from odoo.tools import SQL


class CrmDutyCoverageReport(models.Model):
    """Duty coverage (R2): per team and working day, the office hours and the
    hours someone was on duty within them (shared duties counted once)."""

    _name = "crm.duty.coverage.report"
    _description = "Duty Coverage"
    _auto = False
    _order = "day desc, team_id"

    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    day = fields.Date(readonly=True)
    office_hours = fields.Float(readonly=True, aggregator="sum", digits=(16, 1))
    covered_hours = fields.Float(readonly=True, aggregator="sum", digits=(16, 1))
    uncovered_hours = fields.Float(readonly=True, aggregator="sum", digits=(16, 1))
    coverage = fields.Float(
        "Coverage (%)", readonly=True, aggregator="avg", digits=(16, 1)
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                WITH params AS (
                    SELECT
                        COALESCE((SELECT value FROM ir_config_parameter
                                   WHERE key = 'sales_first_contact.office_tz'),
                                 'Europe/Moscow') AS tz,
                        COALESCE((SELECT value FROM ir_config_parameter
                                   WHERE key = 'sales_first_contact.office_hour_from'),
                                 '9')::float AS hour_from,
                        COALESCE((SELECT value FROM ir_config_parameter
                                   WHERE key = 'sales_first_contact.office_hour_to'),
                                 '18')::float AS hour_to
                ), days AS (
                    SELECT t.id AS team_id, d::date AS day
                      FROM crm_team t,
                           generate_series(
                               (SELECT min(date_start) FROM crm_duty_shift)::date,
                               (SELECT max(date_end) FROM crm_duty_shift)::date,
                               interval '1 day') d
                     WHERE t.active AND (t.is_main_office OR EXISTS (
                           SELECT 1 FROM crm_duty_shift s WHERE s.team_id = t.id))
                       AND extract(isodow FROM d) < 6
                ), office AS (
                    SELECT days.team_id, days.day,
                           tsrange(
                               ((days.day + p.hour_from * interval '1 hour')
                                   AT TIME ZONE p.tz) AT TIME ZONE 'UTC',
                               ((days.day + p.hour_to * interval '1 hour')
                                   AT TIME ZONE p.tz) AT TIME ZONE 'UTC') AS hours
                      FROM days, params p
                ), covered AS (
                    SELECT o.team_id, o.day, o.hours,
                           (SELECT COALESCE(sum(upper(r) - lower(r)), interval '0')
                              FROM unnest(
                                  range_agg(tsrange(s.date_start, s.date_end))
                                      FILTER (WHERE s.id IS NOT NULL)
                                  * multirange(o.hours)) r) AS covered
                      FROM office o
                      LEFT JOIN crm_duty_shift s
                        ON s.team_id = o.team_id
                       AND tsrange(s.date_start, s.date_end) && o.hours
                     GROUP BY o.team_id, o.day, o.hours
                )
                SELECT row_number() OVER (ORDER BY day, team_id) AS id, team_id, day,
                       office / 3600.0 AS office_hours,
                       done / 3600.0 AS covered_hours,
                       (office - done) / 3600.0 AS uncovered_hours,
                       100.0 * done / NULLIF(office, 0) AS coverage
                  FROM (SELECT team_id, day,
                          EXTRACT(EPOCH FROM upper(hours) - lower(hours)) AS office,
                          EXTRACT(EPOCH FROM covered) AS done
                          FROM covered) c
                )""",
                SQL.identifier(self._table),
            )
        )
