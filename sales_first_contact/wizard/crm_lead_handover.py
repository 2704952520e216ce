from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime


class CrmLeadHandover(models.TransientModel):
    """An agent agreed a meeting (R7): record the client, open the opportunity
    with the meeting, and hand it over to a manager."""

    _name = "crm.lead.handover"
    _description = "Hand Over a Meeting"
    _rec_name = "company_name"

    line_id = fields.Many2one("crm.call.list.line", string="Call List Entry")
    company_name = fields.Char("Organisation", required=True)
    contact_name = fields.Char("Contact Person", required=True)
    function = fields.Char("Job Position")
    phone = fields.Char()
    email = fields.Char("E-mail")
    website = fields.Char()
    country_id = fields.Many2one("res.country")
    state_id = fields.Many2one("res.country.state", string="Region")
    meeting_start = fields.Datetime("Meeting", required=True)
    meeting_duration = fields.Float("Duration", default=1.0)
    meeting_place = fields.Char("Place", help="The address, or 'at our office'.")
    note = fields.Text()
    user_id = fields.Many2one(
        "res.users",
        string="Manager",
        domain=[("share", "=", False)],
        compute="_compute_suggestion",
        store=True,
        readonly=False,
    )
    suggestion = fields.Char(
        "Why This Manager", compute="_compute_suggestion", store=True
    )
    client_summary = fields.Char("Client", compute="_compute_suggestion", store=True)
    owner_id = fields.Many2one(
        "res.users",
        string="Owner of the Open Opportunity",
        compute="_compute_suggestion",
        store=True,
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        line = self.env["crm.call.list.line"].browse(values.get("line_id"))
        if line:
            values.update(
                company_name=line.company_name,
                contact_name=line.contact_name,
                phone=line.phone,
                email=line.email,
                website=line.website,
                country_id=line.country_id.id,
                state_id=line.state_id.id,
            )
        return values

    def _router_values(self):
        return {
            "company_name": self.company_name,
            "contact_name": self.contact_name,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
            "country_id": self.country_id.id,
            "state_id": self.state_id.id,
        }

    @api.depends(
        "company_name",
        "contact_name",
        "phone",
        "email",
        "website",
        "country_id",
        "state_id",
    )
    def _compute_suggestion(self):
        router = self.env["crm.first.contact.router"]
        for handover in self:
            route = router._route(handover._router_values())
            handover.user_id = route["user"]
            handover.suggestion = route["reason"]
            owner = route["opportunity"].user_id if route["opportunity"] else False
            handover.owner_id = owner
            likely = [c for c in route["candidates"] if c["level"] == "likely"]
            if owner:
                handover.client_summary = self.env._(
                    "This client already has an open opportunity with %s: "
                    "the meeting goes to them.",
                    owner.name,
                )
            elif likely:
                handover.client_summary = self.env._(
                    "Known client: %s.",
                    likely[0]["name"] or self.env._("a client you may not open"),
                )
            else:
                handover.client_summary = self.env._(
                    "New client: a client card will be created."
                )

    def action_hand_over(self):
        """Hand the meeting over; the contact counts for the agent (R7)."""
        self.ensure_one()
        if self.meeting_duration <= 0:
            raise UserError(self.env._("A meeting lasts some time."))
        router = self.env["crm.first.contact.router"]
        route = router._route(self._router_values())
        agent = self.env.user
        if route["opportunity"]:
            lead = route["opportunity"]  # somebody's open process: to its owner
            manager = lead.user_id
        else:
            manager = self.user_id or route["user"]
            if not manager:
                raise UserError(
                    self.env._("Choose the manager to hand the meeting over to.")
                )
            lead = self._create_opportunity(route["client"], agent)
            route = dict(
                route, user=manager, team=router._team_of(manager), rule="agent"
            )
            route["reason"] = dict(
                self.env["crm.lead"]
                ._fields["first_contact_rule"]
                ._description_selection(self.env)
            )["agent"]
        router._apply_route(lead, route, note=self._meeting_note(manager))
        self._create_meeting(lead.sudo(), manager, agent)
        if self.line_id:
            self.line_id._log_call("meeting", lead_id=lead.id)
        message = self.env._(
            "The meeting with %(client)s is handed over to %(manager)s.",
            client=self.company_name,
            manager=manager.name,
        )
        if route["rule"] != "agent":
            message = self.env._(
                "%(client)s already has an open opportunity with %(manager)s: "
                "the meeting went to them.",
                client=self.company_name,
                manager=manager.name,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if route["rule"] == "agent" else "warning",
                "message": message,
                "sticky": route["rule"] != "agent",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _create_opportunity(self, client, agent):
        """The client card (if new) and the opportunity, recorded as the agent's."""
        Partner = self.env["res.partner"]
        company = (
            client if client and client.is_company else client.commercial_partner_id
        )
        if not company:
            self.env["crm.duplicate.finder"]._claim_new_client(self._router_values())
            company = Partner.create(
                {
                    "name": self.company_name,
                    "is_company": True,
                    "phone": self.phone,
                    "email": self.email,
                    "website": self.website,
                    "country_id": self.country_id.id,
                    "state_id": self.state_id.id,
                    "first_contact_source_id": self._agent_source().id,
                }
            )
        contact = company.child_ids.filtered(
            lambda c: (
                c.name
                and c.name.strip().lower() == (self.contact_name or "").strip().lower()
            )
        )[:1] or Partner.create(
            {
                "name": self.contact_name,
                "parent_id": company.id,
                "function": self.function,
                "phone": self.phone,
                "email": self.email,
            }
        )
        lead = self.env["crm.lead"].create(
            {
                "name": self.env._("%s: meeting", self.company_name),
                "type": "opportunity",
                "partner_id": contact.id,
                "user_id": False,  # given to the manager by the hand-over
                "source_id": self._agent_source().id,
                "medium_id": self.env.ref("utm.utm_medium_phone").id,
                "description": self.note,
            }
        )
        self.env["crm.agent.rules"]._set_agent_of_handover(lead, self)
        return lead

    def _agent_source(self):
        return self.env.ref("sales_first_contact.utm_source_agent")

    def _create_meeting(self, lead, manager, agent):
        """The meeting, in the calendars of the manager, the client and the agent."""
        start = self.meeting_start
        contact = lead.partner_id
        # sudo: the agent books the meeting in the manager's calendar
        return (
            self.env["calendar.event"]
            .sudo()
            .create(
                {
                    "name": self.env._("Meeting: %s", self.company_name),
                    "start": start,
                    "stop": start + timedelta(hours=self.meeting_duration),
                    "location": self.meeting_place,
                    "description": self.note,
                    "user_id": manager.id,
                    "partner_ids": [
                        (6, 0, (contact | manager.partner_id | agent.partner_id).ids)
                    ],
                    "opportunity_id": lead.id,
                    "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                    "res_id": lead.id,
                }
            )
        )

    def _meeting_note(self, manager):
        """The note for the manager: the meeting's time in their time zone (else
        the office's)."""
        tz = manager.tz or manager.sale_team_id._office_calendar().tz
        return self.env._(
            "Meeting agreed by %(agent)s on %(when)s%(place)s.",
            agent=self.env.user.name,
            when=format_datetime(
                self.env, self.meeting_start, tz=tz, dt_format="short"
            ),
            place=self.env._(", %s", self.meeting_place) if self.meeting_place else "",
        )
