from collections import Counter, defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models

PHONE_CHANNELS = ("incoming_call", "agent")  # their leads get Odoo's Phone medium


class CrmFirstContactRouter(models.AbstractModel):
    """The one hand-over of first contacts, as the router's routes say.

    :meth:`_hand_over` is the only way a first contact is given to a manager:
    the call desk and telephony, Check Client, the website, an agent's meeting
    and an event list's check all call it, so the rules, the chatter line, the
    followers and the activities are the same for all. The lead a contact
    opens is made by :meth:`_create_lead` (one builder of its values).
    """

    _inherit = "crm.first.contact.router"

    # ------------------------------------------------------------------
    # The lead a first contact opens
    # ------------------------------------------------------------------

    @api.model
    def _prepare_lead_values(self, values, name, source, description=None, **extra):
        """The values of the opportunity a first contact opens (all channels).

        ``values``: the first contact as routed (``company_name``,
        ``contact_name``, ``function``, ``phone``, ``email``, ``website``,
        ``country_id``, ``state_id``); ``description``: plain text; ``extra``:
        more lead fields. The manager is given by :meth:`_hand_over`.
        """
        lead_values = {
            "name": name,
            "type": "opportunity",
            "user_id": False,
            "partner_name": values.get("company_name") or False,
            "contact_name": values.get("contact_name") or False,
            "function": values.get("function") or False,
            "phone": values.get("phone") or False,
            "email_from": values.get("email") or False,
            "website": values.get("website") or False,
            "country_id": values.get("country_id") or False,
            "state_id": values.get("state_id") or False,
            "source_id": source.id,
            "description": self._text_html(description) if description else False,
        }
        if source.first_contact_channel in PHONE_CHANNELS:
            lead_values["medium_id"] = self.env.ref("utm.utm_medium_phone").id
        return dict(lead_values, **extra)

    @api.model
    def _text_html(self, text):
        """Text typed by a user, as HTML that shows it as typed: escaped, lines
        kept, no link made of it (a typed "<a href>" or URL stays text)."""
        lines = (text or "").strip().splitlines()
        return Markup("<p>%s</p>") % Markup("<br/>").join(
            escape(line) for line in lines
        )

    @api.model
    def _create_lead(self, values, name, source, description=None, **extra):
        """A new opportunity of a first contact, to give with :meth:`_hand_over`
        (its creator follows it only if they may read it once handed over)."""
        return (
            self.env["crm.lead"]
            .with_context(mail_create_nosubscribe=True)
            .create(
                self._prepare_lead_values(values, name, source, description, **extra)
            )
        )

    # ------------------------------------------------------------------
    # The one hand-over
    # ------------------------------------------------------------------

    @api.model
    def _contact_lead(self, route, values, name, source, description=None, **extra):
        """The lead a first contact without one of its own goes to: the client's
        open opportunity when the route goes by it (R8a, R6: it keeps its owner),
        else a new opportunity (see :meth:`_create_lead`)."""
        return self._kept_opportunity(route) or self._create_lead(
            values, name, source, description, **extra
        )

    @api.model
    def _kept_opportunity(self, route):
        """The client's open opportunity a first contact is recorded on, when
        the route goes by it (R8a, R6), else an empty recordset."""
        opportunity = route.opportunity
        if opportunity and (
            route.rule in ("open_opportunity", "open_opportunity_absent")
            or not opportunity.user_id
        ):
            return opportunity
        return opportunity.browse()

    @api.model
    def _hand_over(self, routed, note=None, trusted=True, announce_on=None):
        """Give first contacts to their managers, as their routes say (R4–R8).

        :param routed: ``[(route, leads)]``: the leads of the contacts each
            route decided: new contacts, or the client's open opportunity itself
            when the contact is recorded on it (it keeps its owner, R6).
        :param note: what was said (safe HTML), for the chatter and activities
        :param trusted: a channel our own people typed (the desk, Check Client,
            an agent): a known client's card is linked to the lead, a new client
            gets one. Otherwise (the website, e-mail, lists) nothing is created
            or changed in the client cards: the client found is only proposed in
            the lead's *Known Client*, for a manager to link.
        :param announce_on: a record (an event) that gets one activity per
            manager for all their contacts instead of one per contact, and says
            in its chatter what was done instead of a line on each contact
        """
        registrant = self.env.user
        # the leads' context (no tracking for a list's check, e.g.) is kept
        Lead = (routed[0][1] if routed else self.env["crm.lead"]).sudo().browse()
        writes = defaultdict(list)  # values (as items) -> lead ids
        proposed = {}  # lead id -> client id
        handed = []  # (route, leads, kept opportunity, previous handlers)
        for route, leads in routed:
            leads = leads.sudo()  # the sender may not read them once handed over
            kept = route.opportunity.sudo().filtered("user_id")
            contacts = leads - kept
            if trusted:
                self._link_client(route.client, contacts)
            elif route.client:
                proposed.update(
                    dict.fromkeys(
                        contacts.filtered(lambda lead: not lead.partner_id).ids,
                        route.client.id,
                    )
                )
            values = {"first_contact_rule": route.rule}
            if route.user:
                values["user_id"] = route.user.id
                if route.team:
                    values["team_id"] = route.team.id
            for lead in contacts:
                place = {}
                if (route.state or route.country) and not (
                    lead.state_id or lead.country_id
                ):
                    place = {"state_id": route.state.id, "country_id": route.country.id}
                writes[tuple(sorted({**values, **place}.items()))].append(lead.id)
            handed.append((route, leads, kept, contacts.user_id))
        for items, ids in writes.items():
            Lead.browse(ids).write(dict(items))
        Lead._fc_write_column("fc_client_id", proposed)
        all_leads = Lead.union(*(leads for _route, leads, _kept, _prev in handed))
        self._keep_readers_following(
            all_leads,
            registrant
            | all_leads.create_uid
            | Lead.env["res.users"].union(*(prev for *_rest, prev in handed)),
        )
        if not announce_on:
            for route, leads, kept, previous in handed:
                self._log_hand_over(route, leads, kept, previous, note)
        self._announce(
            [(route, leads - kept, kept) for route, leads, kept, _prev in handed],
            note,
            announce_on,
        )
        self._flush_handed(all_leads)

    @api.model
    def _flush_handed(self, leads):
        """Recompute and write what the hand-over changed on ``leads`` now, as
        superuser (``leads`` are sudo). Odoo recomputes a lead's Properties
        (they follow its team) in the environment of whoever flushes, at the
        end of the request possibly the sender's: once the lead is another
        manager's, a sender with "own documents" rights could not read it."""
        leads.flush_recordset()

    @api.model
    def _link_client(self, client, leads):
        """Leads typed by our people get their customer: the known client's card
        that keeps their details, else a new client card (R8c)."""
        finder = self.env["crm.duplicate.finder"]
        for lead in leads.filtered(lambda lead: not lead.partner_id):
            if client:
                lead.partner_id = client._fc_contact_for(
                    name=lead.contact_name,
                    email=lead.email_from,
                    phone=lead.phone,
                    mobile=lead.mobile,
                )
                continue
            finder._claim_new_client(
                {
                    "company_name": lead.partner_name,
                    "contact_name": lead.contact_name,
                    "phone": lead.phone or lead.mobile,
                    "email": lead.email_from,
                    "website": lead.website,
                    "country_id": lead.country_id.id,
                }
            )
            lead._handle_partner_assignment(create_missing=True)

    @api.model
    def _keep_readers_following(self, leads, users):
        """``users`` follow the leads they may read, and only those: a follower
        reads the chatter and gets its e-mails (the previous handler, the one
        who registered the contact)."""
        for user in users.filtered(lambda u: not u.share and not u._is_superuser()):
            readable = leads.with_user(user)._filtered_access("read").sudo()
            partner = user.partner_id
            following = leads.filtered(
                lambda lead, p=partner: p in lead.message_partner_ids
            )
            (following - readable).message_unsubscribe(partner_ids=partner.ids)
            (readable - following)._message_subscribe(partner_ids=partner.ids)

    @api.model
    def _log_hand_over(self, route, leads, kept, previous, note):
        """The chatter line of a hand-over, on each lead, with ``note``."""
        author = self.env.user
        if kept:
            line = self.env._(
                "First contact of the client recorded by %(by)s for %(owner)s. "
                "Rule: %(reason)s.",
                by=author.name,
                owner=kept.user_id.name,
                reason=route.reason,
            )
        else:
            line = self.env._(
                "First contact handed over from %(from)s to %(to)s. Rule: %(reason)s.",
                **{
                    "from": ", ".join(previous.mapped("name")) or author.name,
                    "to": route.user.name or "-",
                    "reason": route.reason,
                },
            )
        body = Markup("<p>%s</p>%s") % (line, note or "")
        leads._message_log_batch(
            bodies=dict.fromkeys(leads.ids, body),
            author_id=author.partner_id.id,
            message_type="comment",
        )

    @api.model
    def _announce(self, handed, note, announce_on):
        """The activities of a hand-over: *New first contact* for the manager
        who takes the contacts, on them, and a follow-up for an absent manager,
        due when back (R6), on their client's opportunity if they keep it. With
        ``announce_on``: one of each per manager, on that record.

        ``handed``: [(route, contacts given, opportunity kept by its owner)].
        """
        taken, away, back = Counter(), Counter(), {}
        for route, contacts, kept in handed:
            # on the opportunity an absent owner keeps, the duty manager answered
            user = route.user if contacts or kept.user_id == route.user else None
            follow_up = route.follow_up_user
            if announce_on:
                if user:
                    taken[user] += len(contacts) or 1
                if follow_up:
                    away[follow_up] += len(contacts) or 1
                    back[follow_up] = max(
                        filter(None, (back.get(follow_up), route.follow_up_date)),
                        default=False,
                    )
                continue
            text = note or escape(route.reason)
            if user:
                for record in contacts or kept:
                    self._schedule(
                        record, user, self._env_of(user)._("New first contact"), text
                    )
            if follow_up:
                for record in kept if kept.user_id == follow_up else contacts:
                    self._schedule(
                        record,
                        follow_up,
                        self._env_of(follow_up)._(
                            "Your client contacted us while you were away"
                        ),
                        text,
                        route.follow_up_date,
                    )
        if announce_on:
            name = announce_on.display_name
            for user, count in taken.items():
                self._schedule(
                    announce_on,
                    user,
                    self._env_of(user)._(
                        "%(count)s new first contacts: %(from)s",
                        count=count,
                        **{"from": name},
                    ),
                    note,
                )
            for user, count in away.items():
                self._schedule(
                    announce_on,
                    user,
                    self._env_of(user)._(
                        "%(count)s of your clients contacted us while you were away:"
                        " %(from)s",
                        count=count,
                        **{"from": name},
                    ),
                    note,
                    back[user],
                )

    @api.model
    def _env_of(self, user):
        """The environment in ``user``'s language, for what they will read."""
        return self.with_context(lang=user.lang or self.env.lang).env

    @api.model
    def _schedule(self, record, user, summary, note, when=None):
        """A to-do for ``user`` on ``record``, due ``when`` (else today)."""
        record.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=fields.Date.to_date(when) or fields.Date.context_today(self),
            user_id=user.id,
            summary=summary,
            note=note,
        )
