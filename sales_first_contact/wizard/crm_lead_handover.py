from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


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
    invite_client = fields.Boolean(
        "Invite the Client",
        help="Send the client contact an invitation to the meeting.",
    )
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

    def onchange(self, values, field_names, fields_spec):
        """For those who may hand a meeting over: the suggestion is computed
        as superuser."""
        self.check_access("create")
        return super().onchange(values, field_names, fields_spec)

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
            "function": self.function,
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
            handover.user_id = route.user
            handover.suggestion = route.reason
            owner = route.opportunity.user_id
            handover.owner_id = owner
            likely = [c for c in route.candidates if c.level == "likely"]
            if owner:
                handover.client_summary = self.env._(
                    "This client already has an open opportunity with %s: "
                    "the meeting goes to them.",
                    owner.name,
                )
            elif likely:
                handover.client_summary = self.env._(
                    "Known client: %s.",
                    likely[0].name or self.env._("a client you may not open"),
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
        values = self._router_values()
        route = router._route(values)
        agent = self.env.user
        if not route.opportunity.user_id:  # else somebody's open process: to its owner
            manager = self.user_id or route.user
            if not manager:
                raise UserError(
                    self.env._("Choose the manager to hand the meeting over to.")
                )
            route = router._chosen_route(route, manager, "agent", values)
        lead = router._contact_lead(
            route,
            values,
            self.env._("%s: meeting", self.company_name),
            self.env.ref("sales_first_contact.utm_source_agent"),
            self.note,
        )
        own = lead != route.opportunity
        if own:
            # the agent of the opportunity, for good (R7): set by the hand-over
            self.env["crm.agent.rules"]._set_agent_of_handover(lead, self)
        router._hand_over([(route, lead)], note=self._meeting_note(route.user))
        self._create_meeting(lead.sudo(), route.user, agent if own else None)
        if self.line_id:
            # the agent's own opportunity only: another's is not theirs to open
            self.line_id._log_call("meeting", lead_id=lead.id if own else False)
        if own:
            message = self.env._(
                "The meeting with %(client)s is handed over to %(manager)s.",
                client=self.company_name,
                manager=route.user.name,
            )
        else:
            message = self.env._(
                "%(client)s already has an open opportunity with %(manager)s: "
                "the meeting went to them.",
                client=self.company_name,
                manager=route.opportunity.user_id.name,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if own else "warning",
                "message": message,
                "sticky": not own,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _create_meeting(self, lead, manager, agent=None):
        """The meeting in the calendars of the manager and of the agent who
        handed the opportunity over; the client is invited only when asked.

        Private: only its attendees read it (not every employee, as Odoo's
        calendar allows), and it names the opportunity only to a manager who
        may read it.
        """
        start = self.meeting_start
        router = self.env["crm.first.contact.router"]
        attendees = manager.partner_id
        if agent:
            attendees |= agent.partner_id
        if self.invite_client:
            attendees |= lead.partner_id
        values = {
            "name": self.env._("Meeting: %s", self.company_name),
            "start": start,
            "stop": start + timedelta(hours=self.meeting_duration),
            "location": self.meeting_place,
            "description": router._text_html(self.note) if self.note else False,
            "user_id": manager.id,
            "privacy": "private",
            "partner_ids": [Command.set(attendees.ids)],
        }
        if lead.with_user(manager).has_access("read"):
            values.update(
                opportunity_id=lead.id,
                res_model_id=self.env["ir.model"]._get_id("crm.lead"),
                res_id=lead.id,
            )
        # sudo: the agent books the meeting in the manager's calendar
        return self.env["calendar.event"].sudo().create(values)

    def _meeting_note(self, reader):
        """The meeting as the manager reads it (their time zone), user text escaped."""
        router = self.env["crm.first.contact.router"]
        text = self.env._(
            "Meeting agreed by %(agent)s on %(when)s%(place)s.",
            agent=self.env.user.name,
            when=router._format_when(self.meeting_start, reader),
            place=self.env._(", %s", self.meeting_place) if self.meeting_place else "",
        )
        return Markup("<p>%s</p>") % text
