from odoo import fields, models, tools
from odoo.tools import SQL


class CrmAgentFunnelReport(models.Model):
    """Agent funnel (R7): calls made → meetings agreed → handed over → won.

    Each stage counts part of the one before, in any period: an opportunity is
    counted, handed over and won alike, on the day its meeting was agreed; one
    whose meeting no call recorded (the head of sales made them its agent)
    counts as its own call and meeting.
    """

    _name = "crm.agent.funnel.report"
    _description = "Agent Funnel"
    _auto = False
    _order = "date desc"
    _rec_name = "agent_id"

    agent_id = fields.Many2one("res.users", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    calls = fields.Integer("Calls Made", readonly=True, aggregator="sum")
    meetings = fields.Integer("Meetings Agreed", readonly=True, aggregator="sum")
    handed_over = fields.Integer(
        readonly=True,
        aggregator="sum",
        help="Opportunities opened by the agent's meetings, on the day of the meeting.",
    )
    won = fields.Integer(
        readonly=True,
        aggregator="sum",
        help="Of the opportunities handed over, those won (counted on the day of "
        "their meeting, like the other stages).",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                SELECT row_number() OVER () AS id, f.* FROM (
                    SELECT c.agent_id, c.date::date AS date, c.company_id,
                           1 AS calls,
                           (c.outcome = 'meeting')::int AS meetings,
                           0 AS handed_over, 0 AS won
                      FROM crm_agent_call c
                    UNION ALL
                    SELECT l.agent_id, COALESCE(m.date, l.create_date)::date,
                           l.company_id,
                           (m.date IS NULL)::int, (m.date IS NULL)::int, 1,
                           (l.active AND s.is_won IS TRUE)::int
                      FROM crm_lead l
                      LEFT JOIN crm_stage s ON s.id = l.stage_id
                      LEFT JOIN LATERAL (
                          SELECT min(c.date) AS date
                            FROM crm_agent_call c
                            JOIN crm_call_list_line line ON line.id = c.line_id
                           WHERE line.lead_id = l.id AND c.agent_id = l.agent_id
                             AND c.outcome = 'meeting'
                      ) m ON TRUE
                     WHERE l.agent_id IS NOT NULL
                ) f)""",
                SQL.identifier(self._table),
            )
        )
