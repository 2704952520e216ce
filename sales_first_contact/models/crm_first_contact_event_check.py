from collections import Counter, defaultdict

from markupsafe import Markup

from odoo import api, fields, models

# contacts created together (an import batch) checked at once; a bigger batch
# is left to the background job, so that the import's request stays about as
# long as Odoo's own (a 2,000-row batch checked at once passed a worker's
# 120 s limit on a busy machine in make load, and the import was lost)
CHECK_NOW = 500


class CrmFirstContactEventCheck(models.AbstractModel):
    """The duplicate check of an event's contacts (R9, R11), a service of
    ``crm.first.contact.event``.

    :meth:`_check_created` is called for contacts just imported into an event:
    an import batch is checked at once, a bigger list by the event's background
    job, which calls :meth:`_check` a chunk at a time. A contact found twice in
    its list is archived as a duplicate of the first one; a contact whose client
    has an open opportunity goes to its owner through the router's one hand-over
    (R8a); a known client is named in the contact's Known Client; the rest are
    new clients. Outcomes are written in groups, without a message per contact,
    and the event's chatter gets the counts.
    """

    _name = "crm.first.contact.event.check"
    _description = "Duplicate Check of Event Contacts"

    @api.model
    def _check_created(self, leads):
        """Contacts just created in an event: checked now, or in the background."""
        if len(leads) <= CHECK_NOW:  # an import batch: checked at once
            self._check(leads)
        else:
            self.env["crm.first.contact.event"]._trigger_processing()

    @api.model
    def _check(self, leads):
        """Check these event contacts with the six steps, in one batch of queries."""
        leads = leads.sudo().with_context(
            active_test=False, mail_notrack=True, mail_auto_subscribe_no_notify=True
        )
        results = (
            self.env["crm.duplicate.finder"]
            .sudo()
            ._find_duplicates_batch(records=leads, limit=10, likely_only=True)
        )
        others = leads.browse(
            {c.id for found in results for c in found if c.model == "crm.lead"}
        )
        others.fetch(["fc_event_id", "dedup_surname_key", "email_normalized"])
        self._prefetch_clients(results)
        router = self.env["crm.first.contact.router"].sudo()
        routes, now = {}, fields.Datetime.now()
        writes = defaultdict(list)  # values (as items) -> lead ids
        links = {"fc_client_id": {}, "fc_duplicate_of_id": {}}  # lead id -> id
        owners = defaultdict(lambda: defaultdict(list))  # event -> route key -> leads
        counts = defaultdict(Counter)
        for lead, candidates in zip(leads, results, strict=True):
            event = lead.fc_event_id
            likely = [c for c in candidates if c.level == "likely"]
            in_list = [
                c
                for c in likely
                if c.model == "crm.lead" and others.browse(c.id).fc_event_id == event
            ]
            twin = next(
                (
                    c
                    for c in in_list
                    if c.id < lead.id and self._same_person(lead, others.browse(c.id))
                ),
                None,
            )
            outside = [c for c in likely if c not in in_list]
            route = key = None
            if not twin and outside:
                key = self._route_key(outside)
                if key not in routes:
                    routes[key] = router._route_by_rules({}, outside, now)
                route = routes[key]
            values = {}
            if twin:
                state = "duplicate"
                values["active"] = False
                links["fc_duplicate_of_id"][lead.id] = twin.id
            elif route and route.opportunity and route.user:
                state = "owner"  # handed over below (R8a)
                owners[event][key].append(lead)
            elif route and route.client:
                state = "known"
                links["fc_client_id"][lead.id] = route.client.id
            else:
                state = "new"
            values["fc_check_state"] = state
            writes[tuple(sorted(values.items()))].append(lead.id)
            counts[event][state] += 1
        for items, ids in writes.items():
            leads.browse(ids).write(dict(items))
        for name, values in links.items():
            leads._fc_write_column(name, values)
        for event, by_route in owners.items():
            self._hand_over_to_owners(
                event,
                [
                    (routes[key], leads.browse().concat(*found))
                    for key, found in by_route.items()
                ],
            )
        for event, count in counts.items():
            self._post_counts(event, count)

    @api.model
    def _route_key(self, candidates):
        """(client, open opportunity) of the candidates: contacts with the same
        key are routed once."""

        def first(name):
            return next((getattr(c, name) for c in candidates if getattr(c, name)), 0)

        return first("commercial_partner_id"), first("open_opportunity_id")

    @api.model
    def _hand_over_to_owners(self, event, routed):
        """Contacts of clients with an open opportunity go to its owner (R8a),
        through the router's one hand-over: one activity per manager on the
        event, naming no opportunity (whoever reads the event may not read it);
        the client is named, its card left as it is (a list is not trusted)."""
        self.env["crm.first.contact.router"].sudo()._hand_over(
            routed,
            note=Markup("<p>%s</p>")
            % self.env._(
                "Contacts of clients with an open opportunity, from %s: "
                "CRM → Leads, filter on the event.",
                event.name,
            ),
            trusted=False,
            announce_on=event,
        )

    @api.model
    def _post_counts(self, event, count):
        event._post_summary(
            self.env._("Duplicate check of %s contacts:", sum(count.values())),
            [
                (self.env._("new clients"), count["new"]),
                (self.env._("known clients"), count["known"]),
                (
                    self.env._("handed to the owners of open opportunities"),
                    count["owner"],
                ),
                (self.env._("duplicates in the list, archived"), count["duplicate"]),
            ],
        )

    @api.model
    def _prefetch_clients(self, results):
        """Read at once what routing reads of the clients and opportunities found
        (else one query each)."""
        likely = [c for found in results for c in found if c.level == "likely"]
        clients = {c.commercial_partner_id for c in likely} - {False, None}
        opportunities = {c.open_opportunity_id for c in likely} - {False, None}
        self.env["res.partner"].sudo().browse(clients).fetch(
            ["user_id", "state_id", "country_id", "phone", "mobile"]
        )
        self.env["crm.lead"].sudo().browse(opportunities).fetch(
            ["user_id", "team_id", "name"]
        )

    @api.model
    def _same_person(self, lead, other):
        """Two contacts of one list (already alike) are the same person: the same
        surname when both have one, else the same e-mail when both have one;
        colleagues of one company are two contacts."""
        if lead.dedup_surname_key and other.dedup_surname_key:
            return lead.dedup_surname_key == other.dedup_surname_key
        if lead.email_normalized and other.email_normalized:
            return lead.email_normalized == other.email_normalized
        return True
