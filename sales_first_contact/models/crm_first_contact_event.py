from collections import Counter, defaultdict

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

EVENT_KINDS = [
    ("exhibition", "Exhibition"),
    ("seminar", "Seminar"),
    ("conference", "Conference"),
]
EVENT_SOURCES = {
    "exhibition": "sales_first_contact.utm_source_exhibition",
    "seminar": "sales_first_contact.utm_source_seminar",
    "conference": "sales_first_contact.utm_source_conference",
}
# contacts checked in one transaction: small enough that a chunk ends well within
# the cron worker's time limit (120 s by default, for all the jobs of one cycle)
# on a busy machine; make load saw chunks of 1000 stopped by it three times
CHUNK = 250
DISTRIBUTE_CHUNK = 5000  # contacts distributed in one transaction (cheaper each)
PARAM_DISTRIBUTE_CHUNK = "sales_first_contact.distribute_chunk"  # to change it


class CrmFirstContactEvent(models.Model):
    """An exhibition, seminar or conference and the contacts gathered there (R9).

    Contacts are leads imported into the event (Odoo's import). In the
    background, in chunks of their own transaction, they are checked against the
    clients (six steps, in batches): duplicates inside the list are archived,
    contacts of a client with an open opportunity go to its owner (R8a). Then
    they are distributed: regional contacts to the managers of their region,
    Moscow ones evenly among the Moscow managers.
    """

    _name = "crm.first.contact.event"
    _description = "Exhibition, Seminar or Conference"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(EVENT_KINDS, required=True, default="exhibition")
    date_start = fields.Date("Start")
    date_end = fields.Date("End")
    city = fields.Char()
    notes = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    source_id = fields.Many2one("utm.source", compute="_compute_source_id")
    lead_ids = fields.One2many("crm.lead", "fc_event_id", string="Contacts")
    contact_count = fields.Integer(compute="_compute_counts")
    new_count = fields.Integer("New", compute="_compute_counts")
    distributed_count = fields.Integer("Distributed", compute="_compute_counts")
    worked_count = fields.Integer("Worked", compute="_compute_counts")
    converted_count = fields.Integer("Converted", compute="_compute_counts")
    pending_count = fields.Integer("To Check", compute="_compute_counts")
    known_count = fields.Integer("Known Clients", compute="_compute_counts")
    owner_count = fields.Integer("Handed to Owners", compute="_compute_counts")
    duplicate_count = fields.Integer(
        "Duplicates in the List", compute="_compute_counts"
    )
    queued_count = fields.Integer("To Distribute", compute="_compute_counts")
    progress = fields.Integer(compute="_compute_counts", help="Contacts checked, in %.")

    @api.depends("kind")
    def _compute_source_id(self):
        for event in self:
            event.source_id = self.env.ref(
                EVENT_SOURCES[event.kind], raise_if_not_found=False
            )

    def _compute_counts(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        counts = defaultdict(Counter)
        for event, state, check, queued, count in Lead._read_group(
            [("fc_event_id", "in", self.ids)],
            ["fc_event_id", "fc_event_state", "fc_check_state", "fc_to_distribute"],
            ["__count"],
        ):
            counts[event][state] += count
            counts[event][f"check_{check}"] += count
            counts[event]["queued"] += count if queued else 0
            counts[event]["all"] += count
        for event in self:
            c = counts[event]
            event.contact_count = c["all"] - c["check_duplicate"]
            event.new_count = c["new"]
            event.distributed_count = c["distributed"]
            event.worked_count = c["worked"]
            event.converted_count = c["converted"]
            event.pending_count = c["check_pending"]
            event.known_count = c["check_known"]
            event.owner_count = c["check_owner"]
            event.duplicate_count = c["check_duplicate"]
            event.queued_count = c["queued"]
            event.progress = (
                round(100 * (c["all"] - c["check_pending"]) / c["all"])
                if c["all"]
                else 100
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_import_contacts(self):
        """Odoo's import screen, importing leads into this event."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "import",
            "params": {
                "model": "crm.lead",
                "context": {
                    "default_fc_event_id": self.id,
                    "default_source_id": self.source_id.id,
                    "default_type": "lead",
                    "default_user_id": False,
                },
            },
        }

    def action_open_contacts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_all_leads")
        action.update(
            domain=[("fc_event_id", "=", self.id)],
            context={"default_fc_event_id": self.id, "active_test": False},
            name=self.name,
        )
        return action

    def action_distribute(self, redistribute=False):
        """Distribute the event's contacts (R9): now, or in the background."""
        leads = self.env["crm.lead"].search([("fc_event_id", "in", self.ids)])
        return self.env["crm.first.contact.event.distribution"]._request(
            leads, redistribute=redistribute
        )

    def action_redistribute(self):
        return self.action_distribute(redistribute=True)

    # ------------------------------------------------------------------
    # Background job: check, then distribute, a chunk per transaction
    # ------------------------------------------------------------------

    @api.model
    def _cron_process(self):
        """One chunk of the pending work: duplicate check first, then distribution.

        Each call is one transaction (the cron commits between calls): a crash
        loses at most the chunk at hand, and the next run takes it again. Returns
        the number of contacts still waiting.
        """
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        chunk = Lead.search(
            [("fc_check_state", "=", "pending")], order="id", limit=CHUNK
        )
        if chunk:
            self.env["crm.first.contact.event.check"]._check(chunk)
        else:
            chunk = Lead.search(
                [("fc_to_distribute", "!=", False)],
                order="id",
                limit=self._distribute_chunk(),
            )
            self.env["crm.first.contact.event.distribution"]._distribute(chunk)
        remaining = Lead.search_count(
            ["|", ("fc_check_state", "=", "pending"), ("fc_to_distribute", "!=", False)]
        )
        self.env["ir.cron"]._notify_progress(done=len(chunk), remaining=remaining)
        return remaining

    @api.model
    def _distribute_chunk(self):
        """Contacts distributed per run: the system parameter, else 5000."""
        value = self.env["ir.config_parameter"].sudo().get_param(PARAM_DISTRIBUTE_CHUNK)
        return (
            int(value) if value and value.isdigit() and int(value) else DISTRIBUTE_CHUNK
        )

    @api.model
    def _trigger_processing(self):
        """Have the background job run as soon as possible."""
        self.env.ref("sales_first_contact.ir_cron_first_contact_events")._trigger()

    def _lock_for_distribution(self, wait=True):
        """Serialize distributions of these events.

        Updating the event rows makes a concurrent distribution that started
        earlier fail to update them (and be retried, on a fresh snapshot that
        sees these assignments) instead of assigning the same contacts again.
        ``wait=False`` (Distribute pressed by a user): when another distribution
        of these events is running, say so at once instead of waiting for it.
        """
        if not self:
            return
        if not wait:
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        SQL(
                            "SELECT id FROM crm_first_contact_event"
                            " WHERE id = ANY(%s) ORDER BY id FOR UPDATE NOWAIT",
                            self.ids,
                        ),
                        log_exceptions=False,
                    )
            except psycopg2.errors.LockNotAvailable:
                raise UserError(
                    self.env._(
                        "The contacts of %s are being distributed right now, by "
                        "a colleague or the background job: the event's chatter "
                        "will say who got what. Press Distribute again when it "
                        "is done if contacts are left.",
                        ", ".join(self.sudo().mapped("name")),
                    )
                ) from None
        self.env.cr.execute(
            SQL(
                "UPDATE crm_first_contact_event"
                " SET write_date = now() AT TIME ZONE 'UTC' WHERE id = ANY(%s)",
                self.ids,
            )
        )

    def _fc_announce(self, shares):
        """Who got what: a line in the event's chatter per run, and one activity
        per manager with all their contacts of the event, kept up to date by
        later runs (a background distribution runs in chunks)."""
        self.ensure_one()
        self._post_summary(
            self.env._("Contacts distributed:"),
            [
                (user.name, count)
                for user, count in sorted(shares.items(), key=lambda i: i[0].id)
            ],
        )
        totals = dict(
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("fc_event_id", "=", self.id),
                    ("first_contact_rule", "=", "event"),
                    ("user_id", "in", [user.id for user in shares]),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        kind = self.env.ref("sales_first_contact.mail_activity_type_event_contacts")
        open_ones = self.activity_ids.filtered(lambda a: a.activity_type_id == kind)
        for user in shares:
            event = self.with_context(lang=user.lang or self.env.lang)  # their language
            values = {
                "summary": event.env._(
                    "%(count)s contacts from %(event)s",
                    count=totals.get(user, 0),
                    event=self.name,
                ),
                # the event's name is typed by users: text, never markup
                "note": Markup("<p>%s</p>")
                % event.env._(
                    "Check each of them against the clients and work them: "
                    "CRM → Leads, filter on the event %s.",
                    self.name,
                ),
            }
            activity = open_ones.filtered(lambda a, u=user: a.user_id == u)[:1]
            if activity:
                activity.write(values)
            else:
                event.activity_schedule(
                    "sales_first_contact.mail_activity_type_event_contacts",
                    user_id=user.id,
                    **values,
                )

    def _post_summary(self, title, counts, user=None):
        """A line in the event's chatter: what a check or a distribution did."""
        self.ensure_one()
        items = Markup("").join(
            Markup("<li>%s: %s</li>") % (label, count)
            for label, count in counts
            if count
        )
        self.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>") % (title, items),
            partner_ids=user.partner_id.ids if user else [],
            subtype_xmlid="mail.mt_note",
        )
