from collections import Counter, defaultdict

from odoo import api, models

from ..routing.territory import phone_place

DIRECT_LIMIT = 2000  # more than this is distributed in the background


class CrmFirstContactEventDistribution(models.AbstractModel):
    """The distribution of an event's contacts to managers (R9), a service of
    ``crm.first.contact.event``.

    :meth:`_request` is what Distribute does (on an event, or on leads chosen in
    a list): distribute now, or queue for the event's background job, which
    calls :meth:`_distribute` a chunk at a time. Regional contacts go to the
    managers of their region's team, the others evenly to the main office's;
    each run is announced on the event (who got what).
    """

    _name = "crm.first.contact.event.distribution"
    _description = "Distribution of Event Contacts"

    @api.model
    def _request(self, leads, redistribute=False):
        """Distribute these event contacts now, or queue them for the background
        job (a big list, contacts still being checked, or the job already busy
        with their event). Returns a notification action."""
        Lead = leads.browse()  # the user's rights: a salesperson's own and new
        # by domain: a big list's records are not read
        domain = [("id", "in", leads.ids), ("fc_event_id", "!=", False)]
        to_give = Lead.search(
            [*domain, ("fc_check_state", "in", ("pending", "new", "known"))]
        )
        if not to_give:
            return self._notification(
                self.env._("No event contact to distribute here.")
            )
        pending = Lead.search_count([*domain, ("fc_check_state", "=", "pending")])
        # sudo: whether the background job is distributing these events already,
        # whoever queued it (then it does this too, rather than racing it)
        busy = Lead.sudo().search_count(
            [
                ("fc_event_id", "in", to_give.fc_event_id.ids),
                ("fc_to_distribute", "!=", False),
            ],
            limit=1,
        )
        if len(to_give) > DIRECT_LIMIT or pending or busy:
            self._queue(to_give, "redistribute" if redistribute else "distribute")
            self.env["crm.first.contact.event"]._trigger_processing()
            return self._notification(
                self.env._(
                    "%s contacts will be distributed in the background: the event's "
                    "chatter will say who got what.",
                    len(to_give),
                )
            )
        shares = self._distribute(to_give, redistribute=redistribute, wait=False)
        return self._notification(
            self.env._(
                "%(total)s contacts distributed: %(shares)s",
                total=sum(shares.values()),
                shares=", ".join(
                    f"{user.name} {count}" for user, count in shares.items()
                )
                or "-",
            )
        )

    @api.model
    def _queue(self, leads, how):
        """Queue these leads for the background distribution ('distribute' or
        'redistribute')."""
        leads._fc_write_column("fc_to_distribute", dict.fromkeys(leads.ids, how))

    @api.model
    def _notification(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _distribute(self, leads, redistribute=False, wait=True):
        """Distribute event contacts by territory, evenly within each team (R9).

        Order: contacts by id (the order of the list); each goes to the present
        manager of its territory's team with the fewest contacts of the same
        event so far, the lower user id first on a tie. Contacts already with a
        manager are left alone, unless ``redistribute`` (or queued so): then
        those of a manager who left or is away, still untouched, are given again.
        ``wait=False``: a user's request, told at once when another
        distribution of the event is running. Returns {user: number of
        contacts given}.
        """
        leads = leads.sudo().with_context(active_test=False).exists()
        leads.fc_event_id._lock_for_distribution(wait=wait)
        leads.invalidate_recordset()
        shares, per_event = Counter(), defaultdict(Counter)
        for (event, territory), team_leads in self._by_territory(
            leads, redistribute
        ).items():
            team, managers = self._managers(territory)
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
                leads.browse(ids).with_context(
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
        self.env["crm.first.contact.router"]._flush_handed(leads)
        return shares

    @api.model
    def _by_territory(self, leads, redistribute):
        """{(event, territory's team): leads to give}, in the list's order."""
        Team = self.env["crm.team"].sudo()
        region = self.env["crm.duplicate.finder"]._dedup_settings()["region"]
        territories = {}  # where a contact is -> its team, looked up once
        groups = defaultdict(list)
        for lead in leads.sorted("id"):
            if not (
                lead.active
                and lead.fc_event_id
                and lead.fc_check_state in ("new", "known")
            ):
                continue
            again = redistribute or lead.fc_to_distribute == "redistribute"
            if lead.user_id and not (again and self._may_redistribute(lead)):
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
        return groups

    @api.model
    def _may_redistribute(self, lead):
        """A distributed contact still untouched whose manager left or is away."""
        team = lead.team_id
        present = team._present_managers() if team else lead.user_id.browse()
        return lead.fc_event_state == "distributed" and lead.user_id not in present

    @api.model
    def _managers(self, team):
        """(team, its present managers) for a territory's team; the main office
        when nobody of that team is present; the fallback manager last."""
        main = self.env["crm.team"].sudo()._main_office()
        for candidate in (team, main):
            present = candidate._present_managers() if candidate else None
            if present:
                return candidate, present
        fallback = self.env["crm.team"]._fallback_user()
        return main or team, fallback
