from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.crm_first_contact_router import ROUTING_RULES
from ..models.utm_source import FIRST_CONTACT_CHANNELS


class CrmFirstContactReport(models.Model):
    """First contacts, one row each: source, conversion and the manager's speed.

    ``converted`` and ``won`` are 100 or 0 per contact, so that their average is
    the conversion rate in %; ``hours_to_first_action`` is the time from the
    first contact to the first message or done activity of its manager (R5).
    """

    _name = "crm.first.contact.report"
    _description = "First Contacts Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity", readonly=True)
    date = fields.Datetime("First Contact", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    first_contact_channel = fields.Selection(FIRST_CONTACT_CHANNELS, readonly=True)
    first_contact_rule = fields.Selection(
        ROUTING_RULES, string="Routing Rule", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Manager", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    count = fields.Integer("First Contacts", readonly=True, aggregator="sum")
    converted = fields.Float("To Opportunity (%)", readonly=True, aggregator="avg")
    won = fields.Float("Won (%)", readonly=True, aggregator="avg")
    first_action_date = fields.Datetime("First Action", readonly=True)
    hours_to_first_action = fields.Float(
        "Hours to First Action", readonly=True, aggregator="avg", digits=(16, 1)
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                SELECT l.id, l.id AS lead_id, l.create_date AS date, l.source_id,
                       l.first_contact_channel, l.first_contact_rule, l.user_id,
                       l.team_id, l.company_id, 1 AS count,
                       CASE WHEN l.type = 'opportunity' THEN 100.0 ELSE 0.0 END
                           AS converted,
                       CASE WHEN l.active AND s.is_won THEN 100.0 ELSE 0.0 END AS won,
                       a.first_action_date,
                       EXTRACT(EPOCH FROM a.first_action_date - l.create_date) / 3600.0
                           AS hours_to_first_action
                  FROM crm_lead l
                  LEFT JOIN crm_stage s ON s.id = l.stage_id
                  LEFT JOIN res_users u ON u.id = l.user_id
                  LEFT JOIN LATERAL (
                      SELECT min(m.date) AS first_action_date FROM mail_message m
                       WHERE m.model = 'crm.lead' AND m.res_id = l.id
                         AND m.author_id = u.partner_id AND m.date >= l.create_date
                         AND (m.message_type = 'comment'
                              OR m.mail_activity_type_id IS NOT NULL)
                  ) a ON TRUE
                 WHERE l.first_contact_channel IS NOT NULL
                )""",
                SQL.identifier(self._table),
            )
        )
