from collections import Counter, defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..routing.territory import phone_place
from .crm_first_contact_event import CHECK_NOW, DIRECT_LIMIT
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
        leads = super().create(vals_list)
        pending = leads.filtered(lambda lead: lead.fc_check_state == "pending")
        if 0 < len(pending) <= CHECK_NOW:  # an import batch: checked at once
            pending._fc_check_duplicates()
        elif pending:
            self.env["crm.first.contact.event"]._trigger_processing()
        return leads

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
    # Event contacts: bulk duplicate check and distribution (R9)
    # ------------------------------------------------------------------

    def _fc_check_duplicates(self):
        """Check imported contacts with the six steps, in one batch of queries.

        A contact found twice in its list is archived as a duplicate of the
        first one (same person: same surname, or same e-mail when a surname is
        missing); a contact whose client has an open opportunity goes to its
        owner (R8a), who gets one activity for all of them; a known client is
        marked with its client (``fc_client_id``); the rest are new clients.
        Leads with the same outcome are written together, without a message each.
        """
        leads = self.sudo().with_context(
            active_test=False, mail_notrack=True, mail_auto_subscribe_no_notify=True
        )
        results = (
            self.env["crm.duplicate.finder"]
            .sudo()
            .find_duplicates_batch(records=leads, limit=10, likely_only=True)
        )
        candidate_ids = {
            c["id"] for found in results for c in found if c["model"] == "crm.lead"
        }
        others = leads.browse(candidate_ids)
        others.fetch(["fc_event_id", "dedup_surname_key", "email_normalized"])
        self._fc_prefetch_clients(results)
        router = self.env["crm.first.contact.router"].sudo()
        routes, now = {}, fields.Datetime.now()
        writes = defaultdict(list)  # values (as items) -> lead ids
        links = {"fc_client_id": {}, "fc_duplicate_of_id": {}}  # lead id -> id
        owners = defaultdict(lambda: defaultdict(list))  # event -> route key -> leads
        counts = defaultdict(Counter)
        for lead, candidates in zip(leads, results, strict=True):
            event = lead.fc_event_id
            likely = [c for c in candidates if c["level"] == "likely"]
            in_list = [
                c
                for c in likely
                if c["model"] == "crm.lead"
                and others.browse(c["id"]).fc_event_id == event
            ]
            twin = next(
                (
                    c
                    for c in in_list
                    if c["id"] < lead.id
                    and lead._fc_same_person(others.browse(c["id"]))
                ),
                None,
            )
            outside = [c for c in likely if c not in in_list]
            route = None
            if not twin and outside:
                key = (
                    next(
                        (
                            c["commercial_partner_id"]
                            for c in outside
                            if c["commercial_partner_id"]
                        ),
                        0,
                    ),
                    next(
                        (
                            c["open_opportunity_id"]
                            for c in outside
                            if c["open_opportunity_id"]
                        ),
                        0,
                    ),
                )
                if key not in routes:
                    routes[key] = router._route_by_rules({}, outside, now)
                route = routes[key]
            if twin:
                state = "duplicate"
                values = {"active": False}
                links["fc_duplicate_of_id"][lead.id] = twin["id"]
            elif route and route.opportunity and route.user:
                state = "owner"  # handed over below (R8a)
                values = {}
                owners[event][key].append(lead)
            elif route and route.client:
                state = "known"
                values = {}
                links["fc_client_id"][lead.id] = route.client.id
            else:
                state = "new"
                values = {}
            values["fc_check_state"] = state
            writes[tuple(sorted(values.items()))].append(lead.id)
            counts[event][state] += 1
        for items, ids in writes.items():
            leads.browse(ids).write(dict(items))
        for name, values in links.items():
            leads._fc_write_column(name, values)
        for event, by_route in owners.items():
            router._hand_over(
                [
                    (routes[key], leads.browse().concat(*found))
                    for key, found in by_route.items()
                ],
                note=Markup("<p>%s</p>")
                % self.env._(
                    "Contacts of clients with an open opportunity, from %s: "
                    "CRM → Leads, filter on the event.",
                    event.name,
                ),
                trusted=False,  # a list: the client is named, its card left as is
                announce_on=event,
            )
        for event, count in counts.items():
            event._post_summary(
                self.env._("Duplicate check of %s contacts:", sum(count.values())),
                [
                    (self.env._("new clients"), count["new"]),
                    (self.env._("known clients"), count["known"]),
                    (
                        self.env._("handed to the owners of open opportunities"),
                        count["owner"],
                    ),
                    (
                        self.env._("duplicates in the list, archived"),
                        count["duplicate"],
                    ),
                ],
            )

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

    @api.model
    def _fc_prefetch_clients(self, results):
        """Read at once what routing reads of the clients and opportunities found
        (else one query each)."""
        likely = [c for found in results for c in found if c["level"] == "likely"]
        clients = {c["commercial_partner_id"] for c in likely} - {False, None}
        opportunities = {c["open_opportunity_id"] for c in likely} - {False, None}
        self.env["res.partner"].sudo().browse(clients).fetch(
            ["user_id", "state_id", "country_id", "phone", "mobile"]
        )
        self.sudo().browse(opportunities).fetch(["user_id", "team_id", "name"])

    def _fc_same_person(self, other):
        """Two contacts of one list (already alike) are the same person: the same
        surname when both have one, else the same e-mail when both have one;
        colleagues of one company are two contacts."""
        self.ensure_one()
        if self.dedup_surname_key and other.dedup_surname_key:
            return self.dedup_surname_key == other.dedup_surname_key
        if self.email_normalized and other.email_normalized:
            return self.email_normalized == other.email_normalized
        return True

    def _handle_won_lost(self, vals):
        """Archiving a duplicate of an event list is not losing a lead: it does
        not count in the lead scoring (PLS) of lost leads."""
        if vals.get("fc_check_state") == "duplicate":
            return True
        return super()._handle_won_lost(vals)

    def _fc_request_distribution(self, redistribute=False):
        """Distribute these event contacts now, or queue them for the background job."""
        # by domain: a big list's records are not read
        domain = [("id", "in", self.ids), ("fc_event_id", "!=", False)]
        leads = self.search(
            [*domain, ("fc_check_state", "in", ("pending", "new", "known"))]
        )
        if not leads:
            return self._fc_notification(
                self.env._("No event contact to distribute here.")
            )
        pending = self.search_count([*domain, ("fc_check_state", "=", "pending")])
        # sudo: whether the background job is distributing these events already,
        # whoever queued it (then it does this too, rather than racing it)
        busy = self.sudo().search_count(
            [
                ("fc_event_id", "in", leads.fc_event_id.ids),
                ("fc_to_distribute", "!=", False),
            ],
            limit=1,
        )
        if len(leads) > DIRECT_LIMIT or pending or busy:
            leads._fc_queue("redistribute" if redistribute else "distribute")
            self.env["crm.first.contact.event"]._trigger_processing()
            return self._fc_notification(
                self.env._(
                    "%s contacts will be distributed in the background: the event's "
                    "chatter will say who got what.",
                    len(leads),
                )
            )
        shares = leads.with_context(fc_redistribute=redistribute)._fc_distribute()
        total = sum(shares.values())
        return self._fc_notification(
            self.env._(
                "%(total)s contacts distributed: %(shares)s",
                total=total,
                shares=", ".join(
                    f"{user.name} {count}" for user, count in shares.items()
                )
                or "-",
            )
        )

    def _fc_queue(self, how):
        """Queue these leads for the background distribution."""
        self._fc_write_column("fc_to_distribute", dict.fromkeys(self.ids, how))

    def _fc_notification(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _fc_distribute(self):
        """Distribute event contacts by territory, evenly within each team (R9).

        Order: contacts by id (the order of the list); each goes to the present
        manager of its territory's team with the fewest contacts of the same
        event so far, the lower user id first on a tie. Contacts already with a
        manager are left alone, unless redistribution is asked: then those of a
        manager who left or is away, still untouched, are given again.
        Returns {user: number of contacts given}.
        """
        leads = self.sudo().with_context(active_test=False).exists()
        leads.fc_event_id._lock_for_distribution()
        leads.invalidate_recordset()
        redistribute = self.env.context.get("fc_redistribute")
        Team = self.env["crm.team"].sudo()
        region = self.env["crm.duplicate.finder"]._dedup_settings()["region"]
        territories = {}  # where a contact is -> its team, looked up once
        groups = defaultdict(list)  # (event, team) -> leads
        for lead in leads.sorted("id"):
            if not (
                lead.active
                and lead.fc_event_id
                and lead.fc_check_state in ("new", "known")
            ):
                continue
            again = redistribute or lead.fc_to_distribute == "redistribute"
            if lead.user_id and not (again and lead._fc_may_redistribute()):
                continue
            phone = lead.phone or lead.mobile
            place = (
                phone_place(phone, region)
                if phone and not (lead.state_id or lead.country_id)
                else None
            )
            where = (lead.country_id, lead.state_id, place, lead.company_id)
            if where not in territories:
                territories[where] = Team._territory_team(
                    country=lead.country_id,
                    state=lead.state_id,
                    phone=phone,
                    company=lead.company_id,
                )
            groups[lead.fc_event_id, territories[where]].append(lead)
        shares, per_event = Counter(), defaultdict(Counter)
        for (event, territory), team_leads in groups.items():
            team, managers = self._fc_managers(territory)
            if not managers:
                continue
            # what each manager already has of the event, but these contacts
            given = Counter(
                dict(
                    leads._read_group(
                        [
                            ("fc_event_id", "=", event.id),
                            ("user_id", "in", managers.ids),
                        ],
                        ["user_id"],
                        ["__count"],
                    )
                )
            )
            given.subtract(
                lead.user_id for lead in team_leads if lead.user_id in managers
            )
            batches = defaultdict(list)
            for lead in team_leads:
                manager = min(managers, key=lambda user: (given[user], user.id))
                given[manager] += 1
                batches[manager].append(lead.id)
            for manager, ids in batches.items():
                self.browse(ids).sudo().with_context(
                    mail_notrack=True, mail_auto_subscribe_no_notify=True
                ).write(
                    {
                        "user_id": manager.id,
                        "team_id": team.id,
                        "first_contact_rule": "event",
                        "fc_to_distribute": False,
                    }
                )
                shares[manager] += len(ids)
                per_event[event][manager] += len(ids)
        leads.filtered("fc_to_distribute").write({"fc_to_distribute": False})  # rest
        for event, event_shares in per_event.items():
            event._fc_announce(event_shares)
        return shares

    def _fc_may_redistribute(self):
        """A distributed contact still untouched whose manager left or is away."""
        self.ensure_one()
        team = self.team_id
        present = team._present_managers() if team else self.user_id.browse()
        return self.fc_event_state == "distributed" and self.user_id not in present

    @api.model
    def _fc_managers(self, team):
        """(team, its present managers) for a territory's team; the main office
        when nobody of that team is present; the fallback manager last."""
        main = self.env["crm.team"].sudo()._main_office()
        for candidate in (team, main):
            present = candidate._present_managers() if candidate else None
            if present:
                return candidate, present
        fallback = self.env["crm.team"]._fallback_user()
        return main or team, fallback

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
        quotation): a card of a client the six steps find *likely* (by e-mail
        when ``email_only``, Odoo's automatic runs), never one whose name merely
        contains the lead's names (Odoo's ``ilike``)."""
        self.ensure_one()
        if self.partner_id:
            return self.partner_id
        Partner = self.env["res.partner"]
        candidates = self.env["crm.first.contact.router"]._candidates(record=self)
        for candidate in candidates:
            client = Partner.browse(candidate["commercial_partner_id"])
            if (
                candidate["level"] != "likely"
                or not client
                or (email_only and "email" not in candidate["steps"])
                or not client.has_access("read")
            ):
                continue
            return (
                client._fc_matching_card(self.email_from, self.phone, self.mobile)
                or client
            )
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
    )
    def _compute_potential_lead_duplicates(self):
        """Odoo's "Similar Leads" also lists the leads of the six-step search."""
        res = super()._compute_potential_lead_duplicates()
        finder = self.env["crm.duplicate.finder"].sudo()
        for lead, candidates in zip(
            self, finder.find_duplicates_batch(records=self), strict=True
        ):
            found = self.browse(c["id"] for c in candidates if c["model"] == "crm.lead")
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
