from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .crm_first_contact_router import ROUTING_RULES

TEMPLATES = "/sales_first_contact/static/xls"


class CrmLead(models.Model):
    _inherit = ["crm.lead", "crm.duplicate.mixin"]
    _name = "crm.lead"

    # First contact (R1): the channel follows the UTM source of the lead
    first_contact_channel = fields.Selection(
        related="source_id.first_contact_channel",
        store=True,
    )
    # What the first call captures (R3)
    awareness_source_id = fields.Many2one(
        "crm.awareness.source",
        string="Heard of Us From",
        compute="_compute_awareness_source_id",
        readonly=False,
        store=True,
        ondelete="restrict",
    )
    industry_id = fields.Many2one(
        "res.partner.industry",
        string="Line of Business",
        compute="_compute_industry_id",
        readonly=False,
        store=True,
    )
    fax = fields.Char(compute="_compute_fax", readonly=False, store=True)
    # Agents (R7): the agent stays recorded for good, whoever works the lead later
    agent_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="The agent who agreed the meeting and handed the client over.",
    )
    commission_ids = fields.One2many("crm.commission", "lead_id", string="Commissions")
    # Exhibitions, seminars, conferences (R9)
    fc_event_id = fields.Many2one(
        "crm.first.contact.event",
        string="Event",
        index="btree_not_null",
        ondelete="set null",
        help="The exhibition, seminar or conference this contact was gathered at.",
    )
    fc_check_state = fields.Selection(
        [
            ("pending", "To check"),
            ("new", "New client"),
            ("known", "Known client"),
            ("owner", "Handed to the owner"),
            ("duplicate", "Duplicate in the list"),
        ],
        string="Duplicate Check",
        index="btree_not_null",
        copy=False,
    )
    fc_client_id = fields.Many2one(
        "res.partner",
        string="Known Client",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The client the duplicate check found for this contact of a list or "
        "of the website, proposed for a manager to link. Not set as the customer "
        "by itself: the contact's e-mail and phone stay its own and the client's "
        "card is left as it is.",
    )
    fc_duplicate_of_id = fields.Many2one(
        "crm.lead",
        string="Duplicate Of",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The contact of the same list this one repeats (archived as duplicate).",
    )
    fc_event_state = fields.Selection(
        [
            ("new", "New"),
            ("distributed", "Distributed"),
            ("worked", "Worked"),
            ("converted", "Converted"),
        ],
        string="Event Contact State",
        compute="_compute_fc_event_state",
        store=True,
    )
    fc_to_distribute = fields.Selection(
        [("distribute", "Distribute"), ("redistribute", "Redistribute")],
        string="Queued for Distribution",
        copy=False,
        index="btree_not_null",
    )
    # Routing (R2–R6, R8)
    first_contact_rule = fields.Selection(
        ROUTING_RULES,
        string="Routing Rule",
        readonly=True,
        copy=False,
        help="The rule of the regulation that gave this first contact to its manager.",
    )

    @api.depends("partner_id")
    def _compute_awareness_source_id(self):
        for lead in self:
            if lead.partner_id.awareness_source_id:
                lead.awareness_source_id = lead.partner_id.awareness_source_id

    @api.depends("partner_id")
    def _compute_industry_id(self):
        for lead in self:
            if lead.partner_id.industry_id:
                lead.industry_id = lead.partner_id.industry_id

    @api.depends("partner_id")
    def _compute_fax(self):
        for lead in self:
            if lead.partner_id.fax:
                lead.fax = lead.partner_id.fax

    @api.model_create_multi
    def create(self, vals_list):
        agents = {vals["agent_id"] for vals in vals_list if vals.get("agent_id")}
        if self.env.context.get("default_agent_id"):
            agents.add(self.env.context["default_agent_id"])
        if agents:  # on create or copy, as on write
            self.env["crm.agent.rules"]._check_may_set_agent(agents)
        event_id = self.env.context.get("default_fc_event_id")
        for vals in vals_list:
            if vals.get("fc_event_id", event_id):
                vals.setdefault("fc_check_state", "pending")
                # distributed later, not the importer's; a contact to qualify
                vals.setdefault("user_id", False)
                vals.setdefault("type", "lead")
                if not vals.get("name"):  # lists rarely have a subject column
                    vals["name"] = self._fc_default_name(vals)
        self._fc_skip_paid_enrichment(vals_list)
        leads = super().create(vals_list)
        pending = leads.filtered(lambda lead: lead.fc_check_state == "pending")
        if pending:
            self.env["crm.first.contact.event.check"]._check_created(pending)
        return leads

    @api.model
    def _fc_skip_paid_enrichment(self, vals_list):
        """First contacts are not sent to Odoo's paid Lead Enrichment: with
        crm_iap_enrich, its cron enriches (and posts its note on) every new
        lead not marked enriched. A first contact keeps the details the client
        gave, and the company pays for no request it did not ask for."""
        if "iap_enrich_done" not in self._fields:
            return
        default = self.env.context.get("default_source_id")
        sources = self.env["utm.source"].browse(
            {vals.get("source_id", default) for vals in vals_list} - {None, False}
        )
        first_contact = set(sources.filtered("first_contact_channel").ids)
        for vals in vals_list:
            if vals.get("source_id", default) in first_contact:
                vals.setdefault("iap_enrich_done", True)

    @api.model
    def _fc_default_name(self, vals):
        who = (
            vals.get("partner_name")
            or vals.get("contact_name")
            or vals.get("email_from")
        )
        return who or self.env._("Event contact")

    @api.depends("fc_event_id", "user_id", "type", "stage_id", "fc_check_state")
    def _compute_fc_event_state(self):
        first_stage = self.env["crm.stage"].search([], order="sequence, id", limit=1)
        for lead in self:
            if not lead.fc_event_id or lead.fc_check_state == "duplicate":
                lead.fc_event_state = False
            elif lead.type == "opportunity":
                lead.fc_event_state = "converted"
            elif not lead.user_id:
                lead.fc_event_state = "new"
            elif lead.stage_id and lead.stage_id != first_stage:
                lead.fc_event_state = "worked"
            else:
                lead.fc_event_state = "distributed"

    @api.model
    def get_import_templates(self):
        """Importing into an event: the template of event contacts, with the
        headers in the user's language (one template: Odoo's import screen
        shows a single one correctly)."""
        if not self.env.context.get("default_fc_event_id"):
            return super().get_import_templates()
        lang = "ru" if (self.env.lang or "").startswith("ru") else "en"
        return [
            {
                "label": self.env._("Template for Event Contacts"),
                "template": f"{TEMPLATES}/event_contacts_{lang}.xlsx",
            }
        ]

    @api.model
    def load(self, fields, data):
        """Importing into an event: cells read as people write them."""
        if self.env.context.get("default_fc_event_id"):
            fields, data = self.env["crm.event.contact.import"]._prepare_rows(
                fields, data
            )
        return super().load(fields, data)

    def write(self, vals):
        if "agent_id" in vals and any(
            lead.agent_id.id != (vals["agent_id"] or False) for lead in self
        ):
            self.env["crm.agent.rules"]._check_may_set_agent(
                {vals["agent_id"]} - {False}
            )
        tracked = {"stage_id", "active", "probability"} & set(vals)
        won_before = self.filtered(lambda lead: lead._is_won()) if tracked else None
        res = super().write(vals)
        if tracked:  # commission (R7): only the won transition makes lines
            won_after = self.filtered(lambda lead: lead._is_won())
            self.env["crm.commission"]._create_for_won(won_after - won_before)
            self.env["crm.commission"]._cancel_for(won_before - won_after)
        return res

    def _is_won(self):
        self.ensure_one()
        return self.active and self.stage_id.is_won

    # Agents (R7): see crm.agent.rules
    @api.constrains("agent_id", "user_id")
    def _check_agent_not_manager(self):
        self.env["crm.agent.rules"]._check_agent_not_manager(self)

    def get_formview_id(self, access_uid=None):
        if len(self) == 1:
            user = self.env["res.users"].browse(access_uid or self.env.uid)
            view = self.env["crm.agent.rules"]._form_view_of(self, user)
            if view:
                return view
        return super().get_formview_id(access_uid=access_uid)

    @api.model
    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        """Agents may write in the chatter of the leads they can read (handed over)."""
        if (
            operation == "create"
            and (not model_name or model_name == "crm.lead")
            and self.env.user.has_group("sales_first_contact.group_first_contact_agent")
        ):
            return "read"
        return super()._get_mail_message_access(
            res_ids, operation, model_name=model_name
        )

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        """Odoo's chatter routes ask for write access to post: an agent posts in
        the chatter of an opportunity he handed over, which he may not change."""
        thread = super()._get_thread_with_access(thread_id, mode=mode, **kwargs)
        if not thread and mode == "write":
            lead = self.browse(thread_id).exists()
            if self.env["crm.agent.rules"]._writes_in(lead):
                return lead
        return thread

    def _thread_to_store(self, store, /, *, request_list=None, **kwargs):
        res = super()._thread_to_store(store, request_list=request_list, **kwargs)
        if request_list:  # the chatter's buttons: enabled for its agent
            for lead in self:
                if self.env["crm.agent.rules"]._writes_in(lead):
                    store.add(lead, {"canPostOnReadonly": True}, as_thread=True)
        return res

    # ------------------------------------------------------------------
    # Event contacts (R9): checked and distributed by the event's services
    # (crm.first.contact.event.check, crm.first.contact.event.distribution)
    # ------------------------------------------------------------------

    def _fc_write_column(self, name, values):
        """Write {lead id: value} into the column of ``name``, a field of the
        check's or the job's that nothing depends on and nothing tracks, in
        one statement: the ORM would write once per distinct value."""
        if not values:
            return
        leads = self.browse(list(values))
        leads.flush_recordset([name])
        self.env.cr.execute(
            SQL(
                "UPDATE crm_lead SET %(column)s = v.value"
                " FROM unnest(%(ids)s::int[], %(values)s::%(type)s[]) AS v(id, value)"
                " WHERE crm_lead.id = v.id",
                column=SQL.identifier(name),
                ids=list(values),
                values=list(values.values()),
                type=SQL(self._fields[name].column_type[1]),  # Odoo's, not input
            )
        )
        leads.invalidate_recordset([name], flush=False)

    def _handle_won_lost(self, vals):
        """Archiving a duplicate of an event list is not losing a lead: it does
        not count in the lead scoring (PLS) of lost leads."""
        if vals.get("fc_check_state") == "duplicate":
            return True
        return super()._handle_won_lost(vals)

    def action_fc_link_client(self):
        """A manager confirms the proposed Known Client (a website's or a
        list's contact): the lead gets the client's card that keeps its
        details, else a new contact of the client."""
        self.ensure_one()
        if self.partner_id or not self.fc_client_id:
            raise UserError(self.env._("This lead has no proposed client to link."))
        self.check_access("write")
        self.partner_id = self.fc_client_id._fc_contact_for(
            name=self.contact_name,
            email=self.email_from,
            phone=self.phone,
            mobile=self.mobile,
        )

    # Customer: linked to a client only as the six-step search decides (R11)
    def _find_matching_partner(self, email_only=False):
        """The client card Odoo proposes for this lead (converting it, a
        quotation): the card of a client the six steps find *likely* (by e-mail
        when ``email_only``, Odoo's automatic runs) that keeps the lead's e-mail
        and phones; never one whose name merely contains the lead's names (Odoo's
        ``ilike``)."""
        self.ensure_one()
        if self.partner_id:
            return self.partner_id
        Partner = self.env["res.partner"]
        candidates = self.env["crm.first.contact.router"]._candidates(record=self)
        for candidate in candidates:
            client = Partner.browse(candidate.commercial_partner_id)
            if (
                candidate.level != "likely"
                or not client
                or (email_only and "email" not in candidate.steps)
                or not client.has_access("read")
            ):
                continue
            # only a card that keeps the lead's e-mail and phones: Odoo copies a
            # customer's over the lead's (or the lead's over the customer's)
            card = client._fc_matching_card(self.email_from, self.phone, self.mobile)
            if card:
                return card
        return Partner

    def _prepare_customer_values(self, partner_name, is_company=False, parent_id=False):
        values = super()._prepare_customer_values(
            partner_name, is_company=is_company, parent_id=parent_id
        )
        values["fax"] = self.fax
        if not parent_id:
            # commercial fields: set on the commercial entity, contacts inherit them
            values.update(
                first_contact_source_id=self.source_id.id,
                awareness_source_id=self.awareness_source_id.id,
                industry_id=self.industry_id.id,
            )
        return values

    # Duplicate search (R11)
    @api.depends(
        "email_domain_criterion",
        "email_normalized",
        "partner_id",
        "phone_sanitized",
        "dedup_company_key",
        "dedup_surname_key",
        "dedup_phone_key",
        "dedup_mobile_key",
        "dedup_domain_key",
        "dedup_website_key",
        "dedup_email_key",
        "dedup_company_translit_key",
        "dedup_surname_translit_key",
    )
    def _compute_potential_lead_duplicates(self):
        """Odoo's "Similar Leads" also lists the leads of the six-step search,
        but for those found by the e-mail domain alone: Odoo's own domain
        criterion decides those there (a sub-domain is another domain to it,
        the same client to the six steps, whose screens show such leads)."""
        res = super()._compute_potential_lead_duplicates()
        finder = self.env["crm.duplicate.finder"].sudo()
        for lead, candidates in zip(
            self, finder._find_duplicates_batch(records=self), strict=True
        ):
            found = self.browse(
                c.id
                for c in candidates
                if c.model == "crm.lead" and set(c.steps) - {"domain"}
            )
            if found - lead.duplicate_lead_ids:
                lead.duplicate_lead_ids |= found
                lead.duplicate_lead_count = len(lead.duplicate_lead_ids - lead)
        return res

    @api.model
    def _dedup_key_depends(self):
        depends = ["partner_name", "contact_name", "phone", "mobile", "email_from"]
        depends += ["website", "country_id"]
        return depends + (
            ["contact_lastname"] if "contact_lastname" in self._fields else []
        )

    def _dedup_raw_values(self):
        self.ensure_one()
        return {
            "company": self.partner_name,
            "person": self.contact_name,
            "surname": self["contact_lastname"]
            if "contact_lastname" in self._fields
            else False,
            "phone": self.phone,
            "mobile": self.mobile,
            "email": self.email_from,
            "website": self.website,
            "country_code": self.country_id.code,
        }
