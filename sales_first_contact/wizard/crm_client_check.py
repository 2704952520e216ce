from markupsafe import Markup

from odoo import Command, api, fields, models

from ..dedup import normalize

STEP_MATCHES = [
    ("distinctive", "Same, distinctive"),
    ("exact", "Same"),
    ("near", "Near"),
    ("full", "Same number"),
    ("local", "Same without codes"),
    ("namesake", "Same name, other company"),
]


class CrmClientCheck(models.TransientModel):
    """The "Check client" screen (R8, R9, R10, R11): six inputs, live results,
    and from a result the actions of R8."""

    _name = "crm.client.check"
    _description = "Check Client"
    _rec_names_search = ["company_name", "contact_name"]

    # What is known of the contact: the six steps of R11
    company_name = fields.Char("Company")
    contact_name = fields.Char("Contact Person")
    phone = fields.Char()
    email = fields.Char("E-mail")
    website = fields.Char()
    country_id = fields.Many2one("res.country")
    # Where the check was started from, and where the contact came from
    lead_id = fields.Many2one("crm.lead", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    source_id = fields.Many2one(
        "utm.source",
        compute="_compute_source_id",
        store=True,
        readonly=False,
        domain=[("first_contact_channel", "!=", False)],
        help="Where the contact came from: the opportunity opened here gets it.",
    )
    # Results
    line_ids = fields.One2many(
        "crm.client.check.line",
        "check_id",
        string="Results",
        compute="_compute_line_ids",
        store=True,
        readonly=False,  # the lines shown are saved as they are, for their buttons
    )
    # what the search could not look at: keys shared by too many, a time box
    search_notice = fields.Char(compute="_compute_line_ids", store=True, readonly=False)
    summary = fields.Char(compute="_compute_summary")
    result_level = fields.Selection(
        [("none", "New client"), ("possible", "Possible"), ("likely", "Likely")],
        compute="_compute_summary",
    )
    input_warning = fields.Char(compute="_compute_input_warning")

    @api.readonly
    def onchange(self, values, field_names, fields_spec):
        """The results as the user types: reads only, so a replica may answer.
        For those who may check a client: the results are computed as
        superuser."""
        self.check_access("create")
        return super().onchange(values, field_names, fields_spec)

    @api.depends(
        "company_name", "contact_name", "phone", "email", "website", "country_id"
    )
    def _compute_line_ids(self):
        finder = self.env["crm.duplicate.finder"]
        for check in self:
            candidates = finder._find_duplicates(
                check._finder_values(), exclude=check.lead_id or check.partner_id
            )
            related = finder._readable_related(candidates)
            check.line_ids = [Command.clear()] + [
                Command.create(check._line_values(sequence, candidate, related))
                for sequence, candidate in enumerate(candidates)
            ]
            check.search_notice = " ".join(finder._search_notices(candidates)) or False

    @api.depends("lead_id", "partner_id")
    def _compute_source_id(self):
        website = self.env.ref(
            "sales_first_contact.utm_source_website", raise_if_not_found=False
        )
        for check in self:
            check.source_id = (
                check.lead_id.source_id
                or check.partner_id.first_contact_source_id
                or check.source_id
                or website
            )

    @api.depends("line_ids.level")
    def _compute_summary(self):
        for check in self:
            check.result_level, check.summary = check._summary_of(check.line_ids)

    def _finder_values(self):
        self.ensure_one()
        return {
            "company_name": self.company_name or False,
            "contact_name": self.contact_name or False,
            "phone": self.phone or False,
            "email": self.email or False,
            "website": self.website or False,
            "country_id": self.country_id.id or False,
        }

    @api.model
    def _default_values_of(self, record):
        """Inputs of the screen filled from a lead or a client."""
        if record._name == "crm.lead":
            values = {
                "company_name": record.partner_name,
                "contact_name": record.contact_name,
                "phone": record.phone or record.mobile,
                "email": record.email_from,
            }
        else:
            company = (
                record.commercial_partner_id if record.is_company else record.parent_id
            )
            values = {
                "company_name": company.name if company else record.company_name,
                "contact_name": False if record.is_company else record.name,
                "phone": record.phone or record.mobile,
                "email": record.email,
            }
        values.update(website=record.website, country_id=record.country_id.id)
        return {key: value or False for key, value in values.items()}

    def _line_values(self, sequence, candidate, related):
        """A result line: the ids only of the records the user may read
        (``related``: the readable clients and open opportunities)."""
        steps = candidate.steps
        accessible = candidate.accessible
        is_partner = candidate.model == "res.partner"
        opportunity = ("crm.lead", candidate.open_opportunity_id)
        client = ("res.partner", candidate.commercial_partner_id)
        return {
            "sequence": sequence,
            "res_model": candidate.model,
            "res_id": candidate.id if accessible else False,
            "candidate_ref": self.env["crm.duplicate.finder"]._candidate_ref(candidate),
            "accessible": accessible,
            "name": candidate.name
            or self.env._("A client of %s", candidate.owner_name or "-"),
            "partner_id": candidate.id if is_partner and accessible else False,
            "lead_id": candidate.id if not is_partner and accessible else False,
            "level": candidate.level,
            "likely_reason": accessible
            and self.env["crm.duplicate.finder"]._likely_reason_text(candidate),
            "owner_id": candidate.owner_id,
            "stage": candidate.stage,
            "open_opportunity_ref": opportunity[1] if opportunity in related else False,
            "has_open_opportunity": bool(candidate.open_opportunity_id),
            "open_opportunity_owner_id": candidate.open_opportunity_owner_id,
            "client_ref": client[1] if client in related else False,
            **{f"step_{step}": steps.get(step, False) for step in STEP_FIELDS},
        }

    def _summary_of(self, lines):
        likely = len(lines.filtered(lambda line: line.level == "likely"))
        if not lines:
            if not any(self._finder_values().values()):
                return "none", False
            return "none", self.env._("No such client: this is a new client.")
        if likely:
            return "likely", self.env._(
                "%(likely)s likely and %(possible)s possible duplicates found.",
                likely=likely,
                possible=len(lines) - likely,
            )
        return "possible", self.env._(
            "%s possible duplicates found: check them.", len(lines)
        )

    @api.depends("phone", "website", "email", "country_id")
    def _compute_input_warning(self):
        for check in self:
            warnings = []
            region = check.country_id.code or "RU"
            if check.phone and not normalize.phone_keys(check.phone, region):
                warnings.append(
                    self.env._(
                        "'%s' does not look like a phone number: it is not "
                        "searched. Type digits, with or without the country and "
                        "city code.",
                        check.phone,
                    )
                )
            if check.email and not normalize.email_key(check.email):
                warnings.append(
                    self.env._("'%s' is not an e-mail address.", check.email)
                )
            if check.website and not normalize.website_key(check.website):
                warnings.append(
                    self.env._("'%s' is not a website address.", check.website)
                )
            check.input_warning = " ".join(warnings) or False

    def action_search(self):
        """Save the inputs and show the results with their actions."""
        self.ensure_one()
        self.check_access("write")
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Check Client"),
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }

    # ------------------------------------------------------------------
    # R8: the contact handed over from the results (see the result lines)
    # ------------------------------------------------------------------

    def action_create_client(self):
        """R8 (c): create the client card (company and contact) and an
        opportunity; the manager checking the client works it."""
        self.ensure_one()
        lead = self._take(
            self.env["crm.first.contact.router"]._empty_route(),
            note=self.env._("New client card created after the duplicate check."),
        )
        return lead.redirect_lead_opportunity_view()

    def _take(self, route, note=None):
        """The contact taken by the manager checking it, as an opportunity:
        the lead checked, else a new one (R8 b, c)."""
        router = self.env["crm.first.contact.router"]
        route = router._taken_route(route)
        lead = self.lead_id or router._create_lead(
            self._finder_values(), self._lead_name(route.client), self.source_id
        )
        if not lead.source_id:
            lead.source_id = self.source_id
        router._hand_over([(route, lead)], note=note and Markup("<p>%s</p>") % note)
        if lead.type == "lead":
            lead.convert_opportunity(lead.partner_id)
        return lead

    def _lead_name(self, client):
        if client:
            return self.env._("%s: first contact", client.display_name)
        return self.company_name or self.contact_name or self.env._("New client")

    def _contact_note(self):
        """What the check screen knows of the contact, for the opportunity it
        is recorded on."""
        rows = [
            (self._fields[name].get_description(self.env)["string"], self[name])
            for name in ("company_name", "contact_name", "phone", "email", "website")
        ]
        rows.append((self.env._("Source"), self.source_id.display_name))
        items = Markup("").join(
            Markup("<li><b>%s</b>: %s</li>") % (label, value)
            for label, value in rows
            if value
        )
        return Markup("<ul>%s</ul>") % items


STEP_FIELDS = ("company", "surname", "phone", "email", "domain", "website")
