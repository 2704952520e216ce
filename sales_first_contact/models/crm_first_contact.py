from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..dedup.result import SearchResult
from .crm_first_contact_router import ROUTING_RULES


class CrmFirstContact(models.Model):
    """A first contact as it is registered: an incoming call (R2–R6) or a contact
    from another channel (R10). Saved as a draft while the user types (R5);
    registering it routes it and leaves a lead or opportunity with the manager."""

    _name = "crm.first.contact"
    _inherit = ["crm.owned.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "First Contact"
    _owner_field = "taken_by_id"
    _order = "date desc, id desc"
    _rec_name = "company_name"
    _rec_names_search = ["company_name", "contact_name", "phone", "email"]

    state = fields.Selection(
        [("draft", "Draft"), ("done", "Registered")], default="draft", required=True
    )
    source_id = fields.Many2one(
        "utm.source",
        required=True,
        default=lambda self: self.env.ref(
            "sales_first_contact.utm_source_incoming_call", raise_if_not_found=False
        ),
        domain=[("first_contact_channel", "!=", False)],
    )
    first_contact_channel = fields.Selection(related="source_id.first_contact_channel")
    date = fields.Datetime("When", required=True, default=fields.Datetime.now)
    taken_by_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    # What the caller says (R3), in the order of the conversation
    question = fields.Text("Caller's Question")
    contact_name = fields.Char(
        "Send Materials To", help="Name of the person to address materials to."
    )
    phone = fields.Char()
    email = fields.Char("E-mail")
    fax = fields.Char()
    company_name = fields.Char("Organisation")
    industry_id = fields.Many2one("res.partner.industry", string="Line of Business")
    awareness_source_id = fields.Many2one(
        "crm.awareness.source", string="Heard of Us From"
    )
    country_id = fields.Many2one("res.country")
    state_id = fields.Many2one(
        "res.country.state",
        string="Region",
        domain="[('country_id', '=?', country_id)]",
    )
    materials = fields.Text("Materials to Send")
    send_by = fields.Selection([("email", "E-mail"), ("fax", "Fax")])
    website_given = fields.Boolean("Website Address Given")
    meeting_proposed = fields.Boolean()
    meeting_date = fields.Datetime()
    meeting_place = fields.Selection(
        [("ours", "At our office"), ("theirs", "At their office")]
    )
    # Whom the caller asks for (R4, R6)
    addressed_user_id = fields.Many2one(
        "res.users",
        string="Addressed To",
        domain=[("share", "=", False)],
        help="The manager the caller asks for, or has worked with before.",
    )
    worked_before = fields.Boolean("Worked With Us Before")
    # Telephony
    call_id = fields.Char("Call ID", readonly=True, copy=False, index="btree_not_null")
    extension = fields.Char("Dialled Extension", readonly=True)
    # What the duplicate check and the routing say while the user types
    dedup_summary = fields.Char("Client", compute="_compute_preview")
    route_preview = fields.Char("Will Go To", compute="_compute_preview")
    # Result
    lead_id = fields.Many2one(
        "crm.lead", string="Lead/Opportunity", readonly=True, copy=False
    )
    lead_readable = fields.Boolean(compute="_compute_lead_readable")
    lead_name = fields.Char("Lead/Opportunity Name", compute="_compute_lead_readable")
    routed_user_id = fields.Many2one(
        "res.users", string="Handed To", readonly=True, copy=False
    )
    rule = fields.Selection(
        ROUTING_RULES, string="Routing Rule", readonly=True, copy=False
    )
    route_reason = fields.Char("Why", readonly=True, copy=False)

    _sql_constraints = [
        ("call_id_uniq", "unique (call_id)", "This call is already recorded."),
    ]

    @api.depends("contact_name", "company_name", "date")
    @api.depends_context("uid", "lang")
    def _compute_display_name(self):
        router = self.env["crm.first.contact.router"]
        for contact in self:
            who = (
                contact.company_name
                or contact.contact_name
                or self.env._("Unknown caller")
            )
            contact.display_name = f"{who}, {router._format_when(contact.date)}"

    @api.depends("lead_id")
    @api.depends_context("uid")
    def _compute_lead_readable(self):
        for contact in self:
            contact.lead_readable = contact.lead_id.has_access("read")
            # sudo: its name only, for whoever registered a lead they may not open
            contact.lead_name = contact.lead_id.sudo().name

    @api.readonly
    def onchange(self, values, field_names, fields_spec):
        """Who the client is and where the call goes, as the caller speaks:
        reads only, so a replica may answer. For those who take calls: the
        preview is computed as superuser."""
        self.check_access("create")
        return super().onchange(values, field_names, fields_spec)

    def _router_values(self):
        self.ensure_one()
        return {
            "company_name": self.company_name,
            "contact_name": self.contact_name,
            "phone": self.phone,
            "email": self.email,
            "country_id": self.country_id.id,
            "state_id": self.state_id.id,
            "addressed_user_id": self.addressed_user_id.id,
        }

    @api.depends(
        "company_name",
        "contact_name",
        "phone",
        "email",
        "country_id",
        "state_id",
        "addressed_user_id",
    )
    def _compute_preview(self):
        router = self.env["crm.first.contact.router"]
        for contact in self:
            values = contact._router_values()
            if contact.state == "done" or not any(
                values[key]
                for key in ("company_name", "contact_name", "phone", "email")
            ):
                contact.dedup_summary = contact.route_preview = False
                continue
            route = router._route(values)
            contact.dedup_summary = contact._client_summary(route.candidates)
            contact.route_preview = self.env._(
                "%(user)s — %(reason)s",
                user=route.user.name or self.env._("nobody"),
                reason=route.reason,
            )

    def _client_summary(self, candidates):
        """The banner: the client found, why it is likely, and what the search
        could not look at."""
        likely = [c for c in candidates if c.level == "likely"]
        finder = self.env["crm.duplicate.finder"]
        notices = (
            finder._search_notices(candidates)
            if isinstance(candidates, SearchResult)
            else []
        )
        if not candidates:
            new_client = self.env._("New client: not found in the system.")
            return " ".join([new_client, *notices])
        best = (likely or candidates)[0]
        name = best.name or self.env._("a client you may not open")
        lines = [
            self.env._(
                "%(level)s: %(name)s, manager %(owner)s%(stage)s",
                level=self.env._("Known client") if likely else self.env._("Possibly"),
                name=name,
                owner=best.owner_name or "-",
                stage=self.env._(", open opportunity at stage %s", best.stage)
                if best.open_opportunity_id
                else "",
            )
        ]
        reason = likely and best.accessible and finder._likely_reason_text(best)
        if reason:
            lines.append(self.env._("Why likely: %s.", reason))
        if len(lines) + len(notices) > 1:
            lines[0] += "."  # sentences of one banner
        return " ".join(lines + notices)

    # ------------------------------------------------------------------
    # Registering
    # ------------------------------------------------------------------

    def action_register(self):
        """Route the first contact and leave it with the right manager (R2–R6)."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(self.env._("This first contact is already registered."))
        if not any((self.company_name, self.contact_name, self.phone, self.email)):
            raise UserError(
                self.env._(
                    "Enter at least a name, an organisation, a phone or an e-mail."
                )
            )
        router = self.env["crm.first.contact.router"]
        values = self._router_values()
        route = router._route(values)
        lead = router._contact_lead(
            route,
            values,
            self._lead_name(),
            self.source_id,
            self.question,
            fax=self.fax,
            industry_id=self.industry_id.id,
            awareness_source_id=self.awareness_source_id.id,
            company_id=self.company_id.id,
        )
        router._hand_over([(route, lead)], note=self._call_note(route.user))
        self.write(
            {
                "state": "done",
                "lead_id": lead.id,
                "routed_user_id": route.user.id,
                "rule": route.rule,
                "route_reason": route.reason,
            }
        )
        return self._result_action()

    def _lead_name(self):
        first_line = (self.question or "").strip().splitlines()[:1]
        subject = first_line[0][:80] if first_line else self.env._("First contact")
        return f"{self.company_name or self.contact_name}: {subject}"

    def _call_note(self, reader):
        """What was said, as it goes to the opportunity's chatter (R5), its
        dates and times as ``reader`` reads them."""
        self.ensure_one()
        router = self.env["crm.first.contact.router"]
        rows = [
            (self.env._("Taken by"), self.taken_by_id.name),
            (self.env._("When"), router._format_when(self.date, reader)),
            (self.env._("Source"), self.source_id.display_name),
            (self.env._("Question"), self.question),
            (self.env._("Send materials to"), self.contact_name),
            (self.env._("Organisation"), self.company_name),
            (self.env._("Phone"), self.phone),
            (self.env._("E-mail"), self.email),
            (self.env._("Fax"), self.fax),
            (self.env._("Line of business"), self.industry_id.name),
            (self.env._("Heard of us from"), self.awareness_source_id.name),
            (self.env._("Materials to send"), self.materials),
            (
                self.env._("Meeting proposed"),
                router._format_when(self.meeting_date, reader)
                if self.meeting_proposed
                else False,
            ),
            (self.env._("Asked for"), self.addressed_user_id.name),
        ]
        items = Markup("").join(
            Markup("<li><b>%s</b>: %s</li>") % (label, value)
            for label, value in rows
            if value
        )
        return Markup("<ul>%s</ul>") % items

    def _result_action(self):
        lead = self.lead_id
        if lead.has_access("read"):
            return lead.redirect_lead_opportunity_view()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Registered and handed to %(user)s: %(reason)s",
                    user=self.routed_user_id.name,
                    reason=self.route_reason,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
