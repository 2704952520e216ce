from odoo import fields, models, tools
from odoo.tools import SQL


class CrmAgentFunnelReport(models.Model):
    """Agent funnel (R7): calls made → meetings agreed → handed over → won."""

    _name = "crm.agent.funnel.report"
    _description = "Agent Funnel"
    _auto = False
    _order = "date desc"

    agent_id = fields.Many2one("res.users", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    calls = fields.Integer("Calls Made", readonly=True, aggregator="sum")
    meetings = fields.Integer("Meetings Agreed", readonly=True, aggregator="sum")
    handed_over = fields.Integer(readonly=True, aggregator="sum")
    won = fields.Integer(readonly=True, aggregator="sum")

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
                    SELECT l.agent_id, l.create_date::date, l.company_id, 0, 0, 1, 0
                      FROM crm_lead l WHERE l.agent_id IS NOT NULL
                    UNION ALL
                    SELECT l.agent_id, COALESCE(l.date_closed, l.write_date)::date,
                           l.company_id, 0, 0, 0, 1
                      FROM crm_lead l JOIN crm_stage s ON s.id = l.stage_id
                     WHERE l.agent_id IS NOT NULL AND l.active AND s.is_won
                ) f)""",
                SQL.identifier(self._table),
            )
        )
