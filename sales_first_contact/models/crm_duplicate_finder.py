import logging
import re
from collections import namedtuple

import psycopg2

from odoo import api, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, mute_logger
from odoo.tools.misc import hmac

from ..dedup import match as dedup_match
from ..dedup import normalize
from ..dedup.candidate import Candidate
from ..dedup.result import CROWDED_KINDS, SearchResult
from .crm_duplicate_mixin import (
    COMPANY_WORDS_STATISTICS,
    KEY_FIELDS,
    TYPO_BLOCK,
    typo_expressions,
)

_logger = logging.getLogger(__name__)

PER_KEY_LIMIT = 25  # candidates one key may bring: a common surname or a big domain
# (those that share most other keys with the probe first: a record matching two
# crowded keys, a common name and a common surname, is never cut)
FUZZY_LIMIT = 10  # near company names per probe
FUZZY_MIN_LENGTH = 4  # shorter names are too common for a fuzzy search
FUZZY_TIMEOUT_MS = 25  # the near-name search is given up after this (common names)
# (a name one typo away is found first, on indexes, at no time box: see _typo_names)
# pg_trgm similarity to fetch a near name (match.NEAR_COMPANY then decides);
# lower for a name of one word: one letter typed wrong in a 7-letter word
# leaves 5 of its 11 trigrams, two letters swapped 4 of 12
# (a one-word name of 13+ letters keeps 0.5 of its trigrams after any typo),
# at about three times the cost (tools/bench_near_names.py)
FUZZY_THRESHOLD = 0.5
FUZZY_THRESHOLD_ONE_WORD = 0.3
ONE_WORD_MAX = 12

# When a company name alone is enough: an exact name borne by one client is
# likely when, by the words' frequencies among all client names, at most
# MAX_NAMESAKES other companies would be expected to bear it; a word of no
# other name weighs half a name, so a name of one word is never enough
MAX_NAMESAKES = 0.25
MIN_NAMES = 500  # fewer client names tell too little of how common a word is
MIN_WORD = 3  # shorter words ('м', 'ск') are not weighed: they tell nothing

LOCAL_LENGTH = 7  # digits of a subscriber number after a 3-digit area code
SHORT_LOCAL_LENGTHS = (5, 6)  # ... after a 5- or 4-digit one

MAX_RPC_PROBES = 50  # checks in one call of check_client
MAX_RPC_PHONES = 10  # numbers in the phones of one check
MAX_RPC_TEXT = 256  # characters of one value of a check
RPC_VALUE_TYPES = {
    "company_name": str,
    "contact_name": str,
    "surname": str,
    "phone": str,
    "mobile": str,
    "phones": str,
    "email": str,
    "website": str,
    "country_id": int,
    "country_code": str,
}

SEARCHED_TABLES = (("res.partner", "res_partner"), ("crm.lead", "crm_lead"))
# (search key kind, columns) of the exact steps, all searched in one statement:
# one branch a kind, its columns ORed (one index scan each); the script-neutral
# key of a name is searched instead of the name's own key when there is one (it
# is the same for the same name, and for its other spellings)
EXACT_COLUMNS = (
    ("company", ("dedup_company_key",)),
    ("company_translit", ("dedup_company_translit_key",)),
    ("surname", ("dedup_surname_key",)),
    ("surname_translit", ("dedup_surname_translit_key",)),
    ("local", ("dedup_phone_key", "dedup_mobile_key")),
    ("email", ("dedup_email_key",)),
    ("host", ("dedup_domain_key", "dedup_website_key")),
)
PHONE_COLUMNS = dict(EXACT_COLUMNS)["local"]
# the column of the probe (see _probes_sql) that each kind of key is compared
# with; hosts and local numbers are several, joined by spaces (and split in
# its host_list and local_list)
PROBE_COLUMN_OF_KIND = {
    "company": "company",
    "company_translit": "company_translit",
    "surname": "surname",
    "surname_translit": "surname_translit",
    "local": "locals",
    "email": "email",
    "host": "hosts",
}
# the probe indexes and the keys of one branch of the search (_branch), as SQL
# of two arrays: values (pair_arrays), or the arguments of the search's function
Arrays = namedtuple("Arrays", "idx key")


def pair_arrays(pairs):
    """:class:`Arrays` of the values of [(probe index, key)]."""
    return Arrays(
        SQL("%s::int[]", [idx for idx, _key in pairs]),
        SQL("%s::varchar[]", [key for _idx, key in pairs]),
    )


PROBE_COLUMNS = (
    "idx",
    "company",
    "company_translit",
    "surname",
    "surname_translit",
    "email",
    "hosts",
    "locals",
)


class CrmDuplicateFinder(models.AbstractModel):
    """The six-step duplicate search of the regulation (R11).

    Python API: :meth:`_find_duplicates` (one check) and
    :meth:`_find_duplicates_batch` (many at once, for imports). Both search every
    client with the rights needed to see them all, and mark what the current
    user may read (``accessible``, ``name``); the other fields of their
    candidates (:class:`~..dedup.candidate.Candidate`) are for the code that
    routes a contact.

    Over RPC only :meth:`check_client`: at most MAX_RPC_PROBES checks a call,
    and for a record the user cannot open only that it exists, how likely it
    is the same client, its owner and its stage.
    """

    _name = "crm.duplicate.finder"
    _description = "Client Duplicate Search"

    # ------------------------------------------------------------------
    # RPC: what the screens need
    # ------------------------------------------------------------------

    @api.model
    @api.readonly
    def check_client(self, values):
        """The duplicates of a contact as the current user may know them.

        :param values: a dict of the keys of :meth:`_find_duplicates`, or a
            list of at most MAX_RPC_PROBES such dicts
        :return: a list of candidates (a list of lists for a list), best
            first; a readable record: ``accessible`` (True), ``model``, ``id``,
            ``name``, ``level``, ``steps``, ``owner_id``, ``owner_name``,
            ``stage``, ``open_opportunity_id`` and ``commercial_partner_id``
            (False when the user may not read them); a record the user may
            not read: ``accessible`` (False), ``level``, ``owner_id``,
            ``owner_name``, ``stage``
        """
        # the screens' users: those who may check a client
        self.env["crm.client.check"].check_access("create")
        many = isinstance(values, list | tuple)
        values_list = list(values) if many else [values]
        if len(values_list) > MAX_RPC_PROBES:
            raise UserError(
                self.env._(
                    "At most %(max)s checks at once, not %(count)s.",
                    max=MAX_RPC_PROBES,
                    count=len(values_list),
                )
            )
        values_list = [self._rpc_values(vals) for vals in values_list]
        results = self._find_duplicates_batch(values_list)
        related = self._readable_related(c for found in results for c in found)
        answer = [[self._rpc_candidate(c, related) for c in found] for found in results]
        return answer if many else answer[0]

    @api.model
    def _rpc_values(self, values):
        """``values`` of :meth:`check_client` checked: known keys, short texts."""
        if not isinstance(values, dict) or set(values) - set(RPC_VALUE_TYPES):
            raise UserError(
                self.env._(
                    "A check is a dictionary of these keys: %s.",
                    ", ".join(RPC_VALUE_TYPES),
                )
            )
        for key, value in values.items():
            items = value if key == "phones" and value else [value]
            if (
                not isinstance(items, list)
                or len(items) > MAX_RPC_PHONES
                or not all(self._rpc_value_ok(key, item) for item in items)
            ):
                raise UserError(self.env._("Wrong value of %s in a check.", key))
        return values

    @api.model
    def _rpc_value_ok(self, key, value):
        if value is None or value is False:
            return True
        if isinstance(value, bool) or not isinstance(value, RPC_VALUE_TYPES[key]):
            return False
        return not isinstance(value, str) or len(value) <= MAX_RPC_TEXT

    @api.model
    def _readable_related(self, candidates):
        """The (model, id) of the open opportunities and clients of readable
        ``candidates`` the current user may read too."""
        return self._readable(
            key
            for c in candidates
            if c.accessible
            for key in (
                ("crm.lead", c.open_opportunity_id),
                ("res.partner", c.commercial_partner_id),
            )
            if key[1]
        )

    @api.model
    def _candidate_ref(self, candidate):
        """A reference of a candidate that names no record: a screen's result
        found again without the id of a record its user may not read."""
        key = (candidate.model, candidate.id)
        return hmac(self.env(su=True), "crm.duplicate.finder", key)

    @api.model
    def _rpc_candidate(self, candidate, related):
        """A candidate of :meth:`_find_duplicates` as :meth:`check_client` gives
        it: a plain dict, of only what the user may know."""
        told = {
            "accessible": candidate.accessible,
            "level": candidate.level,
            "owner_id": candidate.owner_id,
            "owner_name": candidate.owner_name,
            "stage": candidate.stage,
        }
        if not candidate.accessible:
            return told
        opportunity = ("crm.lead", candidate.open_opportunity_id)
        client = ("res.partner", candidate.commercial_partner_id)
        return {
            **told,
            "model": candidate.model,
            "id": candidate.id,
            "name": candidate.name,
            "steps": candidate.steps,
            "open_opportunity_id": opportunity[1] if opportunity in related else False,
            "commercial_partner_id": client[1] if client in related else False,
        }

    # ------------------------------------------------------------------
    # Python API
    # ------------------------------------------------------------------

    @api.model
    def _find_duplicates(self, values=None, record=None, limit=20, exclude=None):
        """Ranked duplicate candidates of raw values or of a record.

        :param dict values: any of ``company_name``, ``contact_name``,
            ``surname``, ``phone``, ``mobile``, ``phones`` (list), ``email``,
            ``website``, ``country_id`` (id) or ``country_code``
        :param record: a ``res.partner`` or ``crm.lead`` record, instead of values
        :param exclude: a record (with its client) not to report, with ``values``
        :return: a :class:`~..dedup.result.SearchResult`: the list of
            :class:`~..dedup.candidate.Candidate`, best first: ``model``,
            ``id``, ``accessible``, ``name`` (False when not accessible),
            ``steps`` (matched step -> 'exact' / 'distinctive' / 'near' /
            'full' / 'local' / 'namesake'), ``level`` ('likely' or
            'possible'), ``likely_reason`` (why likely: a key of
            ``match.LIKELY_REASONS``, else False), ``owner_id``,
            ``owner_name``, ``stage``, ``open_opportunity_id``,
            ``open_opportunity_owner_id``, ``commercial_partner_id``; and
            what the search could not look at (``crowded``, ``partial``)
        """
        if record is not None:
            return self._find_duplicates_batch(records=record, limit=limit)[0]
        return self._find_duplicates_batch(
            [values or {}], limit=limit, exclude=exclude
        )[0]

    @api.model
    def _find_duplicates_batch(
        self, values_list=None, records=None, limit=20, exclude=None, likely_only=False
    ):
        """:meth:`_find_duplicates` for many values or records, in a fixed
        number of queries whatever their count; one result list per input.

        ``likely_only``: only the 'likely' candidates (an import's check): the
        candidates a surname alone brought are then ranked only when they could
        be likely (a company name to compare, or their client found otherwise).
        """
        settings = self._dedup_settings()
        if records is not None:
            probes = [self._probe_of_record(rec, settings) for rec in records]
            excluded = [self._excluded_of_record(rec) for rec in records]
        else:
            probes = [self._probe_of_values(vals, settings) for vals in values_list]
            excluded_record = self._excluded_of_record(exclude) if exclude else set()
            excluded = [excluded_record for _vals in values_list]
        self._flush_search_fields()
        with JitOff(self.env.cr) as jit:
            hits, surname_only, crowded, partial, data = self._search_hits(
                probes, excluded, jit
            )
            distinctive = self._distinctive_clients(
                probes, hits, data, excluded, crowded, settings
            )
            ranked = [
                self._rank(
                    probe,
                    hits.get(idx, ()),
                    data,
                    excluded[idx],
                    settings,
                    limit,
                    surname_only.get(idx, set()) if likely_only else None,
                    distinctive.get(idx, ()),
                )
                for idx, probe in enumerate(probes)
            ]
            readable = self._readable(
                (key for scored in ranked for _l, _d, key, _r in scored),
                prefix=jit.end(),
            )
        return [
            SearchResult(
                [
                    self._candidate(level, details, key, row, key in readable)
                    for level, details, key, row in scored
                ],
                crowded={CROWDED_KINDS[kind] for kind in crowded.get(idx, ())},
                partial=idx in partial,
            )
            for idx, scored in enumerate(ranked)
        ]

    @api.model
    def _likely_reason_text(self, candidate):
        """Why a candidate is likely, in words; False when it is not."""
        texts = {
            "email": self.env._("the same e-mail address"),
            "phone": self.env._("the same phone number"),
            "domain": self.env._("the same company domain or website"),
            "distinctive_name": self.env._(
                "the same distinctive company name: no other client bears it,"
                " and its words are rare among client names"
            ),
            "two_steps": self.env._("several details agree"),
        }
        return texts.get(candidate.likely_reason, False)

    @api.model
    def _search_notices(self, result):
        """What a :class:`~..dedup.result.SearchResult` could not look at,
        as sentences for the screens."""
        crowded = {
            "company": self.env._(
                "Many clients share this company name: only the most recent are shown."
            ),
            "surname": self.env._(
                "Many clients share this surname: only the most recent are shown."
            ),
            "phone": self.env._(
                "Many records share this phone number: only the most recent are shown."
            ),
            "email": self.env._(
                "Many records share this e-mail address: only the most recent are"
                " shown."
            ),
            "domain": self.env._(
                "Many records share this domain: only the most recent are shown."
            ),
        }
        notices = [text for kind, text in crowded.items() if kind in result.crowded]
        if result.partial:
            notices.append(
                self.env._(
                    "The search for similar company names took too long and was"
                    " stopped: a client with a similar name may be missing."
                )
            )
        return notices

    @api.model
    def _claim_new_client(self, values):
        """Before creating the card of a new client: see crm.client.claim."""
        probe = self._probe_of_values(values, self._dedup_settings())
        self.env["crm.client.claim"].sudo()._claim(probe)

    # ------------------------------------------------------------------
    # Probes: the keys of what we look for
    # ------------------------------------------------------------------

    @api.model
    def _dedup_settings(self):
        """Default phone region and public mail domains, from Settings."""
        Settings = self.env["crm.first.contact.settings"]
        country = Settings._get_setting("default_country_id")
        listed = (Settings._get_setting("public_mail_domains") or "").replace(",", " ")
        extra = {d.lower() for d in listed.split()} or normalize.CIS_MAIL_PROVIDERS
        return {
            "region": self._country_code(country.id),
            "public_domains": normalize.ODOO_MAIL_PROVIDERS | extra,
        }

    @api.model
    @tools.ormcache("country_id")
    def _country_code(self, country_id):
        """ISO code of a country id (cached: codes do not change); RU by default."""
        return self.env["res.country"].sudo().browse(country_id).exists().code or "RU"

    @api.model
    def _probe_of_values(self, values, settings):
        country_code = values.get("country_code")
        if not country_code and values.get("country_id"):
            country_code = self.env["res.country"].browse(values["country_id"]).code
        phones = list(values.get("phones") or [])
        phones += [values.get("phone"), values.get("mobile")]
        return normalize.record_keys(
            company=values.get("company_name"),
            person=values.get("contact_name"),
            surname=values.get("surname"),
            phones=[p for p in phones if p],
            email=values.get("email"),
            website=values.get("website"),
            region=country_code or settings["region"],
            public_domains=settings["public_domains"],
        )

    @api.model
    def _probe_of_record(self, record, settings):
        raw = record._dedup_raw_values()
        return normalize.record_keys(
            company=raw.get("company"),
            person=raw.get("person"),
            surname=raw.get("surname"),
            phones=[raw.get("phone"), raw.get("mobile")],
            email=raw.get("email"),
            website=raw.get("website"),
            region=raw.get("country_code") or settings["region"],
            public_domains=settings["public_domains"],
        )

    @api.model
    def _excluded_of_record(self, record):
        """What is not a duplicate of a record: itself and its own client.

        For a client: its company and contacts, and their leads. For a lead:
        the client it is linked to (the client's other leads are reported).
        """
        record = record.sudo()
        excluded = {(record._name, record.id)}
        if record._name == "res.partner":
            client = record.commercial_partner_id.id
            excluded |= {("client:res.partner", client), ("client:crm.lead", client)}
        elif record.partner_id:
            client = record.partner_id.commercial_partner_id.id
            excluded.add(("client:res.partner", client))
        return excluded

    # ------------------------------------------------------------------
    # Search: one statement for all probes, the candidates' rows included
    # ------------------------------------------------------------------

    @api.model
    def _search_hits(self, probes, excluded=None, jit=None):
        """({probe index: {(model, id)}} of the records sharing a key with it,
        {probe index: those of them found by the surname alone},
        {probe index: {kinds of key shared by more than PER_KEY_LIMIT}},
        {probe indexes whose near names were given up},
        {(model, id): row} of the records found, see :meth:`_partner_rows_sql`).

        One statement for the exact keys of every probe in both tables and the
        rows of the records found; then, for the probes whose company name
        found nothing, one statement for the near names (pg_trgm), capped in
        time: a common name would make it scan too much, and it is then given
        up, which the answer says. A record checked (in ``excluded``) finding
        its own name is no exact name found. ``jit``: a :class:`JitOff`
        whose statements go with the first one sent.
        """
        keys, suffixes = self._exact_keys(probes)
        hits, other = {}, set()  # other: (idx, key) found by another step
        crowded = {}
        if not any(keys.values()):
            return hits, {}, crowded, set(), {}
        named = set()
        found, data = self._exact_hits_and_rows(
            keys, suffixes, probes, prefix=jit and jit.start()
        )
        for model, kind, idx, record_id, position in found:
            if position > PER_KEY_LIMIT:  # the one row more: the key is crowded
                crowded.setdefault(idx, set()).add(kind)
                continue
            hits.setdefault(idx, set()).add((model, record_id))
            if not kind.startswith("surname"):
                other.add((idx, (model, record_id)))
            if kind.startswith("company") and (
                not excluded or (model, record_id) not in excluded[idx]
            ):
                named.add(idx)
        fuzzy = [
            (idx, probe.company_key)
            for idx, probe in enumerate(probes)
            if probe.company_key
            and idx not in named
            and len(probe.company_key.replace(" ", "")) >= FUZZY_MIN_LENGTH
        ]
        near, given_up, near_data = self._near_names(fuzzy, probes)  # given up: idx
        data.update(near_data)
        for model, idx, record_id in near:
            hits.setdefault(idx, set()).add((model, record_id))
            other.add((idx, (model, record_id)))
        surname_only = {
            idx: {key for key in found if (idx, key) not in other}
            for idx, found in hits.items()
        }
        return hits, surname_only, crowded, given_up, data

    @api.model
    def _exact_keys(self, probes):
        """({kind: [(probe index, key)]}, [(probe index, reversed short local
        number)]) of the exact steps of ``probes``."""
        keys = {kind: [] for kind, _columns in EXACT_COLUMNS}
        suffixes = []  # short local numbers: stored numbers ending with them
        for idx, probe in enumerate(probes):
            if probe.company_translit:
                keys["company_translit"].append((idx, probe.company_translit))
            elif probe.company_key:
                keys["company"].append((idx, probe.company_key))
            if probe.surname_translit:
                keys["surname_translit"].append((idx, probe.surname_translit))
            elif probe.surname_key:
                keys["surname"].append((idx, probe.surname_key))
            for local in probe.phone_locals:
                keys["local"].append((idx, local))
                if len(local) < LOCAL_LENGTH:  # '12-34-56' typed in a 4-digit-code city
                    suffixes.append((idx, local[::-1]))  # keys are digits < "~"
                else:  # and a short local number stored for a longer one
                    keys["local"] += [(idx, local[-n:]) for n in SHORT_LOCAL_LENGTHS]
            if probe.email:
                keys["email"].append((idx, probe.email))
            hosts = {probe.domain, probe.website} - {None}
            keys["host"] += [(idx, host) for host in hosts]
        return keys, suffixes

    @api.model
    def _flush_search_fields(self):
        """Write pending changes the SQL of the search reads (new keys, stages)."""
        keys = [*KEY_FIELDS, "active", "user_id", "company_id"]
        keys += ["phone", "mobile", "country_id", "name"]
        self.env["res.partner"].flush_model([*keys, "commercial_partner_id"])
        self.env["crm.lead"].flush_model([*keys, "type", "stage_id", "partner_id"])

    @api.model
    def _probes_sql(self, probes):
        """SQL of one row of keys per probe, ``pr``: idx, company,
        company_translit, surname, surname_translit, email, hosts, locals (the
        last two joined by spaces), host_list, local_list (the same as arrays)."""
        return self._probe_arrays_sql(self._probe_columns(probes))

    @api.model
    def _probe_columns(self, probes):
        """{column of PROBE_COLUMNS: SQL of the array of its value for each
        probe}: the keys of the probes, hosts and local numbers joined by
        spaces."""
        columns = {name: [] for name in PROBE_COLUMNS}
        for idx, probe in enumerate(probes):
            hosts = sorted({probe.domain, probe.website} - {None})
            for name, value in (
                ("idx", idx),
                ("company", probe.company_key),
                ("company_translit", probe.company_translit),
                ("surname", probe.surname_key),
                ("surname_translit", probe.surname_translit),
                ("email", probe.email),
                ("hosts", " ".join(hosts) or None),
                ("locals", " ".join(sorted(probe.phone_locals)) or None),
            ):
                columns[name].append(value)
        return {
            name: SQL("%s::int[]" if name == "idx" else "%s::varchar[]", values)
            for name, values in columns.items()
        }

    @api.model
    def _probe_arrays_sql(self, arrays):
        """:meth:`_probes_sql` of ``arrays``: {column of PROBE_COLUMNS: SQL
        of its array}."""
        # hosts and local numbers split once a probe, not once a record read
        return SQL(
            """SELECT pr.*, string_to_array(pr.hosts, ' ') AS host_list,
                      string_to_array(pr.locals, ' ') AS local_list
                 FROM unnest(%s) AS pr(%s)""",
            SQL(", ").join(arrays[name] for name in PROBE_COLUMNS),
            SQL(", ").join(SQL.identifier(name) for name in PROBE_COLUMNS),
        )

    @api.model
    def _exact_hits_and_rows(self, keys, suffixes, probes, prefix=None):
        """:meth:`_hits_and_rows` of the exact keys (of :meth:`_exact_keys`)
        of ``probes``."""
        return self._hits_and_rows(
            self._exact_query(keys, suffixes), probes, prefix=prefix
        )

    @api.model
    def _branch(self, model, table, kind, pairs, condition, order=None, limit=None):
        """(model, kind, probe index, record id, position) of the records of
        ``table`` meeting ``condition`` for each (probe index, key) of
        ``pairs`` (``q``, with the keys of its probe, if any: ``pr``): ``limit`` of
        them in ``order``, and one more, whose position ``limit + 1`` tells
        that the key is shared by more. ``pairs`` may also be an
        :class:`Arrays` of SQL (a function's arguments)."""
        if not isinstance(pairs, Arrays):
            pairs = pair_arrays(pairs)
        return SQL(
            """SELECT %(model)s::varchar AS model, %(kind)s::varchar AS kind,
                      q.idx, m.id, m.position
               FROM unnest(%(idx)s, %(key)s) AS q(idx, key)
               LEFT JOIN probe pr ON pr.idx = q.idx,
               LATERAL (
                   SELECT t.id, row_number() OVER (%(order)s) AS position
                   FROM %(table)s t WHERE (%(condition)s) AND t.active
                   %(order)s LIMIT %(limit)s + 1) m""",
            model=model,
            kind=kind,
            idx=pairs.idx,
            key=pairs.key,
            table=SQL.identifier(table),
            condition=condition,
            order=order or SQL(),
            limit=limit or PER_KEY_LIMIT,
        )

    @api.model
    def _hits_and_rows(self, branches, probes, limit=PER_KEY_LIMIT, prefix=None):
        """Run ``branches`` (of :meth:`_branch`) for ``probes``, with the rows
        of the records found within ``limit`` in the same statement, after
        the statements of ``prefix`` if any (sent at once):
        ([(model, kind, probe index, record id, position)], {(model, id): row})."""
        statement = self._rows_statement(branches, self._probes_sql(probes), limit)
        return self._run_hits_and_rows(statement, prefix)

    @api.model
    def _run_hits_and_rows(self, statement, prefix=None):
        """Run a :meth:`_rows_statement` (or what returns its rows) after the
        statements of ``prefix``: its hits and its rows, as
        :meth:`_hits_and_rows` returns them."""
        self.env.cr.execute(SQL("%s; %s", prefix, statement) if prefix else statement)
        hits, data = [], {}
        for model, kind, idx, record_id, position, row in self.env.cr.fetchall():
            if row is None:
                hits.append((model, kind, idx, record_id, position))
            else:
                data[(model, record_id)] = self._candidate_row(model, row)
        return hits, data

    @api.model
    def _rows_statement(self, branches, probes, limit, lang=None):
        """SQL of the rows of ``branches`` (of :meth:`_branch`) for the probes
        of ``probes`` (SQL of :meth:`_probes_sql`), then the rows of the
        records found within ``limit`` (:meth:`_partner_rows_sql`,
        :meth:`_lead_rows_sql`, as JSON); ``lang``: SQL of the language of
        the stage names, else the user's."""

        def found(model):
            return SQL(
                "ARRAY(SELECT DISTINCT h.id FROM hits h"
                " WHERE h.model = %s AND h.position <= %s)",
                model,
                limit,
            )

        return SQL(
            """WITH probe AS (%(probes)s), hits AS (%(branches)s)
            SELECT h.*, NULL::jsonb FROM hits h
            UNION ALL SELECT 'res.partner', NULL, NULL, r.id, NULL, to_jsonb(r)
              FROM (%(partners)s) r
            UNION ALL SELECT 'crm.lead', NULL, NULL, r.id, NULL, to_jsonb(r)
              FROM (%(leads)s) r""",
            probes=probes,
            branches=branches,
            partners=self._partner_rows_sql(
                SQL("p.id = ANY(%s)", found("res.partner")), lang
            ),
            leads=self._lead_rows_sql(SQL("l.id = ANY(%s)", found("crm.lead")), lang),
        )

    @api.model
    def _near_names(self, fuzzy, probes):
        """([(model, probe index, record id)] of the near company names,
        {indexes of the probes whose search was given up}, {(model, id): row}
        of the records found).

        First the near names indexes find at any size (:meth:`_typo_names`);
        for the probes they do not answer, pg_trgm's similarity: one statement for
        the names of one word of at most ONE_WORD_MAX letters, at
        FUZZY_THRESHOLD_ONE_WORD, one for the others, at FUZZY_THRESHOLD; each
        is given up when it does not end within FUZZY_TIMEOUT_MS.
        """
        rows, data = self._typo_names(fuzzy, probes)
        answered = {idx for _model, idx, _id in rows}
        fuzzy = [(idx, key) for idx, key in fuzzy if idx not in answered]
        given_up = set()
        one_word = [
            (idx, key)
            for idx, key in fuzzy
            if " " not in key and len(key) <= ONE_WORD_MAX
        ]
        several = [pair for pair in fuzzy if pair not in one_word]
        for pairs, threshold in (
            (one_word, FUZZY_THRESHOLD_ONE_WORD),
            (several, FUZZY_THRESHOLD),
        ):
            found, stopped, found_data = self._near_names_at(pairs, threshold)
            rows += found
            data.update(found_data)
            if stopped:
                given_up |= {idx for idx, _key in pairs}
        return rows, given_up, data

    @api.model
    def _typo_names(self, fuzzy, probes):
        """([(model, probe index, record id)], {(model, id): row}) of the
        records bearing a company name near a probe's (``fuzzy``: [(probe
        index, company key)]) that indexes find at any size: one typo away, the
        probe's name with a word more ('северсталь трейд' for 'северсталь'),
        or with one of its words left out ('стройинвест' for 'стройинвест
        групп').

        The names one typo away or with a word more are read from the typo
        indexes alone (the length of a name and the head or the tail of its
        letters, see normalize.typo_probes and longer_probes), in one
        statement; the names near the probe's (match.NEAR_COMPANY),
        FUZZY_LIMIT at most, are then searched as exact names are, in one more
        statement: the records sharing most other keys with the probe first.
        No time box: every lookup is an index's.
        """
        names = {idx: set(normalize.without_a_word(key)) for idx, key in fuzzy}
        blocks = [
            (idx, key, block)
            for idx, key in fuzzy
            for block in normalize.typo_probes(key) + normalize.longer_probes(key)
        ]
        if blocks:
            self.env.cr.execute(
                SQL(" UNION ").join(
                    self._typo_branch(table, part, blocks)
                    for _model, table in SEARCHED_TABLES
                    for part in TYPO_BLOCK
                )
            )
            for idx, key in self.env.cr.fetchall():
                names[idx].add(key)
        pairs = []
        for idx, key in fuzzy:
            near = sorted(
                (-normalize.company_similarity(key, name), name)
                for name in names[idx] - {key}
            )
            pairs += [
                (idx, name)
                for score, name in near[:FUZZY_LIMIT]
                if -score >= dedup_match.NEAR_COMPANY
            ]
        if not pairs:
            return [], {}
        # searched by the exact keys' statement, with these names only
        keys = {kind: [] for kind, _columns in EXACT_COLUMNS}
        keys["company"] = pairs
        found, data = self._exact_hits_and_rows(keys, [], probes)
        rows = [
            (model, idx, rid)
            for model, _kind, idx, rid, position in found
            if position <= PER_KEY_LIMIT
        ]
        return rows, data

    @api.model
    def _typo_branch(self, table, part, blocks):
        """SQL of (probe index, company key) of the active records of
        ``table`` whose name has the ``part`` ('head' or 'tail') of one of
        ``blocks`` ([(probe index, key, (length, head, tail))]), read from
        the index of that part."""
        typo = typo_expressions("t")
        return SQL(
            """SELECT DISTINCT q.idx, t.dedup_company_key
                 FROM unnest(%(idx)s::int[], %(length)s::int[], %(part)s::varchar[])
                      AS q(idx, length, part)
                 JOIN %(table)s t ON %(length_of)s = q.length AND %(part_of)s = q.part
                WHERE t.active AND t.dedup_company_key IS NOT NULL""",
            idx=[idx for idx, _key, _block in blocks],
            length=[block[0] for _idx, _key, block in blocks],
            part=[block[1 if part == "head" else 2] for _idx, _key, block in blocks],
            table=SQL.identifier(table),
            length_of=SQL(typo["length"]),
            part_of=SQL(typo[part]),
        )

    @api.model
    def _near_names_at(self, fuzzy, threshold):
        """([(model, probe index, record id)] of the near company names at
        pg_trgm similarity ``threshold``, given up, {(model, id): row}):
        nothing, and True, when the search does not end within
        FUZZY_TIMEOUT_MS."""
        if not fuzzy:
            return [], False, {}
        condition = SQL(
            "t.dedup_company_key %s q.key AND t.dedup_company_key <> q.key",
            SQL("%%"),  # pg_trgm's similarity operator
        )
        order = SQL("ORDER BY t.dedup_company_key <-> q.key, t.id DESC")
        branches = SQL(" UNION ").join(
            self._branch(model, table, "near", fuzzy, condition, order, FUZZY_LIMIT)
            for model, table in SEARCHED_TABLES
        )
        settings = SQL(
            "SAVEPOINT sfc_near_names; SET LOCAL statement_timeout = %s;"
            " SET LOCAL pg_trgm.similarity_threshold = %s",
            FUZZY_TIMEOUT_MS,
            threshold,
        )
        try:
            with mute_logger("odoo.sql_db"):
                # no probe's keys: the near branches order by distance
                found, data = self._hits_and_rows(
                    branches, [], FUZZY_LIMIT, prefix=settings
                )
            rows = [
                (model, idx, rid)
                for model, _kind, idx, rid, position in found
                if position <= FUZZY_LIMIT
            ]
            given_up = False
        except psycopg2.errors.QueryCanceled:
            _logger.debug("near company names given up after %s ms", FUZZY_TIMEOUT_MS)
            rows, given_up, data = [], True, {}
        self._end_near_names_savepoint()
        return rows, given_up, data

    @api.model
    def _end_near_names_savepoint(self):
        """Roll back to the near names' savepoint: the query only read, and this
        ends a cancelled statement and undoes both SET LOCAL. The rollback runs
        under the short timeout too, so on a busy server it may itself be
        cancelled: it is then tried again (the transaction is still there)."""
        cr = self.env.cr
        for attempt in range(5):
            try:
                with mute_logger("odoo.sql_db"):
                    cr.execute(
                        SQL(
                            "ROLLBACK TO SAVEPOINT sfc_near_names;"
                            " RELEASE SAVEPOINT sfc_near_names"
                        )
                    )
                break
            except psycopg2.errors.QueryCanceled:
                if attempt == 4:
                    raise

    # ------------------------------------------------------------------
    # What we know of the candidates
    # ------------------------------------------------------------------

    def _lang(self):
        return self.env.lang or "en_US"

    @api.model
    def _candidate_row(self, model, row):
        """A row of :meth:`_partner_rows_sql` or :meth:`_lead_rows_sql` with
        what the ranking reads of both: client, stage, open opportunity."""
        if model == "res.partner":
            row["client_id"] = row["commercial_partner_id"]
            row["stage"] = row["opp_stage"]
        else:
            row["opp_id"] = row["id"] if row["is_open"] else False
            row["opp_user_id"] = row["user_id"] if row["is_open"] else False
        return row

    @api.model
    def _lead_rows(self, lead_ids):
        """{(model, id): row} of leads (:meth:`_lead_rows_sql`), as the
        search has them (for the benchmark's diagnosis of one lead)."""
        self.env.cr.execute(self._lead_rows_sql(SQL("l.id = ANY(%s)", lead_ids)))
        return {
            ("crm.lead", row["id"]): self._candidate_row("crm.lead", row)
            for row in self.env.cr.dictfetchall()
        }

    @api.model
    def _partner_rows_sql(self, condition, lang=None):
        """SQL of the keys, owner, company and open opportunity of the
        partners ``p`` meeting ``condition``; ``lang``: SQL of the language
        of the stage names, else the user's."""
        return SQL(
            """
            SELECT p.id, p.name, p.commercial_partner_id, p.company_id, p.user_id,
                   up.name AS owner_name, p.phone, p.mobile, c.code AS country_code,
                   p.dedup_company_key, p.dedup_surname_key, p.dedup_phone_key,
                   p.dedup_mobile_key, p.dedup_email_key, p.dedup_domain_key,
                   p.dedup_website_key, p.dedup_company_translit_key,
                   p.dedup_surname_translit_key,
                   opp.id AS opp_id, opp.user_id AS opp_user_id,
                   opp_up.name AS opp_owner_name,
                   COALESCE(opp_s.name->>%(lang)s, opp_s.name->>'en_US') AS opp_stage
              FROM res_partner p
              LEFT JOIN res_country c ON c.id = p.country_id
              LEFT JOIN res_users u ON u.id = p.user_id
              LEFT JOIN res_partner up ON up.id = u.partner_id
              LEFT JOIN LATERAL (
                  SELECT l.id, l.user_id, l.stage_id FROM crm_lead l
                    JOIN res_partner lp ON lp.id = l.partner_id
                    LEFT JOIN crm_stage ls ON ls.id = l.stage_id
                   WHERE lp.commercial_partner_id = p.commercial_partner_id
                     AND l.type = 'opportunity' AND l.active
                     AND NOT COALESCE(ls.is_won, FALSE)
                   ORDER BY l.id DESC LIMIT 1) opp ON TRUE
              LEFT JOIN crm_stage opp_s ON opp_s.id = opp.stage_id
              LEFT JOIN res_users opp_u ON opp_u.id = opp.user_id
              LEFT JOIN res_partner opp_up ON opp_up.id = opp_u.partner_id
             WHERE %(condition)s""",
            lang=lang or self._lang(),
            condition=condition,
        )

    @api.model
    def _lead_rows_sql(self, condition, lang=None):
        """SQL of the keys, owner, company, stage and client of the leads
        ``l`` meeting ``condition``; ``lang`` as for :meth:`_partner_rows_sql`."""
        return SQL(
            """
            SELECT l.id, l.name, l.type, l.company_id, l.user_id,
                   up.name AS owner_name, l.phone, l.mobile, c.code AS country_code,
                   l.dedup_company_key, l.dedup_surname_key, l.dedup_phone_key,
                   l.dedup_mobile_key, l.dedup_email_key, l.dedup_domain_key,
                   l.dedup_website_key, l.dedup_company_translit_key,
                   l.dedup_surname_translit_key, p.commercial_partner_id AS client_id,
                   COALESCE(s.name->>%(lang)s, s.name->>'en_US') AS stage,
                   (l.type = 'opportunity' AND NOT COALESCE(s.is_won, FALSE)) AS is_open
              FROM crm_lead l
              LEFT JOIN res_country c ON c.id = l.country_id
              LEFT JOIN crm_stage s ON s.id = l.stage_id
              LEFT JOIN res_users u ON u.id = l.user_id
              LEFT JOIN res_partner up ON up.id = u.partner_id
              LEFT JOIN res_partner p ON p.id = l.partner_id
             WHERE %(condition)s""",
            lang=lang or self._lang(),
            condition=condition,
        )

    # ------------------------------------------------------------------
    # When a company name alone is enough
    # ------------------------------------------------------------------

    @api.model
    def _distinctive_clients(self, probes, hits, data, excluded, crowded, settings):
        """{probe index: {client id}}: the clients a probe's company name alone
        makes likely.

        A probe's exact company name (in either script) must be borne by one
        client only (its company card and contacts, the leads linked to it),
        and no other step must already make that client likely; then the name
        is judged by its words' frequencies among all client names
        (:meth:`_is_distinctive`), in one statement for the whole batch, run
        only when some probe needs it.
        """
        wanted = {}  # probe index: (client id, its company key)
        for idx, probe in enumerate(probes):
            if not probe.company_key or crowded.get(idx, set()) & {
                "company",
                "company_translit",
            }:
                continue
            bearers, members = set(), {}
            for key in hits.get(idx, ()):
                row = data.get(key)
                if not row or key in excluded or not self._same_name(probe, row):
                    continue
                if row["client_id"]:
                    bearers.add(row["client_id"])
                if key[0] == "res.partner":
                    members.setdefault(row["client_id"], []).append(row)
            if len(bearers) != 1 or set(members) != bearers:
                continue
            client_id, rows = members.popitem()
            if ("client:res.partner", client_id) in excluded:
                continue
            details = dedup_match.merge_details(
                dedup_match.match(probe, self._probe_of_row(row, settings, probe))[0]
                for row in rows
            )
            names = {row["dedup_company_key"] for row in rows}
            if dedup_match.level_of(details) != dedup_match.LIKELY and len(names) == 1:
                wanted[idx] = (client_id, names.pop())
        if not wanted:
            return {}
        stats = self._company_word_stats({key for _c, key in wanted.values()})
        return {
            idx: {client_id}
            for idx, (client_id, key) in wanted.items()
            if self._is_distinctive(key, stats)
        }

    @api.model
    def _same_name(self, probe, row):
        """True when a candidate row bears the probe's company name exactly."""
        key = row["dedup_company_key"]
        translit = row["dedup_company_translit_key"]
        return bool(key) and (
            key == probe.company_key
            or bool(probe.company_translit and probe.company_translit == translit)
        )

    @api.model
    def _is_distinctive(self, key, stats):
        """True when the company ``key`` of one client is distinctive.

        ``stats``: the number of client names and, per word, how many of them
        bear it (see :meth:`_company_word_stats`). Taking the words as
        independent, the number of other client names expected to bear all the
        words of ``key`` is ``names * prod((others(word) + 0.5) / names)``: a
        word of no other name still weighs half a name (one client list does
        not tell that a word is rare in the world: 'вектор', 'лидер' borne
        by one card here are common names), so a name of one word is never
        distinctive. The name is distinctive when that is at most
        MAX_NAMESAKES: rare words together ('северсталь трейд', even with a
        common 'трейд'), not 'альфа строй' when 'альфа' and 'строй' are
        common words. Never with fewer than MIN_NAMES client names.
        """
        names = stats.get(None) or 0
        words = {word for word in key.split() if len(word) >= MIN_WORD}
        if names < MIN_NAMES or not words:
            return False
        expected = names
        for word in words:
            others = max(stats.get(word, names) - 1, 0)  # the client's own name
            expected *= (others + 0.5) / names
        return expected <= MAX_NAMESAKES

    @api.model
    def _company_word_stats(self, keys):
        """{None: number of client names, word: client names bearing it} for
        the words of the company ``keys``; {} before PostgreSQL has analyzed
        the clients (autovacuum does).

        A common word's count is estimated from the statistics PostgreSQL
        keeps of the words of the client names (COMPANY_WORDS_STATISTICS, its
        most common elements and their frequencies); a word too rare to be
        among them is counted in the trigram index, up to the frequency of the
        least common of them, so that the count stays cheap.
        """
        words = sorted({w for key in keys for w in key.split() if len(w) >= MIN_WORD})
        if not words:
            return {}
        self.env.cr.execute(
            SQL(
                """
            WITH stats AS (
                SELECT e.most_common_elems::text::text[] AS elems,
                       e.most_common_elem_freqs AS freqs,
                       c.reltuples * (1 - e.null_frac) AS names
                  FROM pg_stats_ext_exprs e
                  JOIN pg_class c ON c.oid = 'res_partner'::regclass
                 WHERE e.statistics_name = %(statistics)s AND NOT e.inherited
                   AND e.tablename = 'res_partner'
            ), words AS (
                SELECT w.word, w.pattern, s.names,
                       s.freqs[array_position(s.elems, w.word)] AS freq,
                       COALESCE(s.freqs[cardinality(s.elems) + 1], 1) AS min_freq
                  FROM stats s,
                       unnest(%(words)s::text[], %(patterns)s::text[])
                           AS w(word, pattern)
            )
            SELECT w.word, w.names, COALESCE(w.freq * w.names, (
                SELECT count(*) FROM (
                    SELECT 1 FROM res_partner t
                     WHERE t.dedup_company_key ~ w.pattern
                       AND t.id = t.commercial_partner_id AND t.active
                     LIMIT ceil(w.min_freq * w.names)::int + 1) x))
              FROM words w""",
                statistics=COMPANY_WORDS_STATISTICS,
                words=words,
                patterns=[f"(^| ){re.escape(word)}( |$)" for word in words],
            )
        )
        stats = {}
        for word, names, count in self.env.cr.fetchall():
            stats[None] = names
            stats[word] = round(count)
        return stats

    # ------------------------------------------------------------------
    # Ranking and what the user may see
    # ------------------------------------------------------------------

    @api.model
    def _rank(
        self,
        probe,
        found,
        data,
        excluded,
        settings,
        limit,
        likely_only=None,
        distinctive=(),
    ):
        """(level, details, key, row) of the candidates of one probe, best first.

        A client is one candidate: the steps matched by its company card and by
        its contacts add up (the company name on the card, the surname on a
        contact), shown on the company card when it matched, else on the best
        contact. Each lead is a candidate of its own.

        ``likely_only``: the keys found by the surname alone, when only likely
        candidates are wanted; such a candidate matches the surname and at most
        a near company name, so it is skipped when there is no company name to
        compare and its client was not found by another step.

        ``distinctive``: the clients whose exact company name alone is enough
        (see :meth:`_distinctive_clients`).
        """
        company_ids = set(self.env.user._get_company_ids())  # cached: no query
        clients, scored = {}, []
        if likely_only is not None:
            found_clients = {
                data[key]["client_id"]
                for key in found
                if key[0] == "res.partner" and key not in likely_only and key in data
            }
        for key in found:
            row = data.get(key)
            if not row or key in excluded:
                continue
            if (
                likely_only is not None
                and key in likely_only
                and not (probe.company_key and row["dedup_company_key"])
                and not (key[0] == "res.partner" and row["client_id"] in found_clients)
            ):
                continue  # the surname alone: never 'likely'

            if (f"client:{key[0]}", row["client_id"]) in excluded:
                continue
            if row["company_id"] and row["company_id"] not in company_ids:
                continue  # another company's record: not ours to tell about
            details, level = dedup_match.match(
                probe, self._probe_of_row(row, settings, probe)
            )
            if not level:
                continue
            if key[0] == "res.partner":
                clients.setdefault(row["client_id"], []).append((details, key, row))
            else:
                scored.append((level, details, key, row))
        for client_id, members in clients.items():
            details = dedup_match.merge_details(d for d, _key, _row in members)
            if client_id in distinctive:
                details = dedup_match.as_distinctive(details)
            if (
                probe.company_key
                and "company" not in details
                and any(row["dedup_company_key"] for _d, _key, row in members)
            ):
                details = dedup_match.as_namesake(details)
            _details, key, row = max(
                members,
                key=lambda m, cid=client_id: (m[1][1] == cid, dedup_match.score(m[0])),
            )
            scored.append((dedup_match.level_of(details), details, key, row))
        if likely_only is not None:
            scored = [item for item in scored if item[0] == dedup_match.LIKELY]
        scored.sort(
            key=lambda item: (
                item[0] != dedup_match.LIKELY,
                -dedup_match.score(item[1]),
                item[2][0] != "res.partner",
                -item[2][1],
            )
        )
        return scored[:limit]

    @api.model
    def _probe_of_row(self, row, settings, probe):
        """The keys of a candidate row; its full numbers are parsed only when
        its local numbers met the probe's (the only case they are compared).
        Kept on the row: in a batch, one row is a candidate of many probes."""
        base = row.get("_probe")
        if base is None:
            base = row["_probe"] = normalize.Probe(
                company_key=row["dedup_company_key"],
                surname_key=row["dedup_surname_key"],
                phone_locals=frozenset(
                    {row["dedup_phone_key"], row["dedup_mobile_key"]} - {None}
                ),
                phone_e164s=frozenset(),
                email=row["dedup_email_key"],
                domain=row["dedup_domain_key"],
                website=row["dedup_website_key"],
                company_translit=row["dedup_company_translit_key"],
                surname_translit=row["dedup_surname_translit_key"],
            )
        if not (
            probe.phone_e164s
            and dedup_match.locals_match(probe.phone_locals, base.phone_locals)
        ):
            return base
        if "_e164s" not in row:
            region = row["country_code"] or settings["region"]
            keys = (
                k
                for number in (row["phone"], row["mobile"])
                for k in normalize.phone_numbers(number, region)
            )
            row["_e164s"] = frozenset(k.e164 for k in keys if k.e164)
        return base._replace(phone_e164s=row["_e164s"])

    @api.model
    def _readable(self, keys, prefix=None):
        """The (model, id) keys the current user may read; the statements of
        ``prefix``, if any, are sent with its own (or alone).

        Judged for the real user (``env.uid``) even in superuser mode: the
        stored computed fields of the check screens run as superuser, and must
        tell the user no more than the search called as that user.
        """
        by_model = {}
        for model, record_id in keys:
            by_model.setdefault(model, []).append(record_id)
        queries = []
        for model, ids in by_model.items():
            readable = self._read_query(model)
            if readable is not None:
                queries.append(
                    SQL(
                        "SELECT %s, r.id FROM (%s) r WHERE r.id = ANY(%s)",
                        model,
                        readable,
                        ids,
                    )
                )
        if not queries:
            if prefix:
                self.env.cr.execute(prefix)
            return set()
        # one statement for both models: no field read
        query = SQL(" UNION ALL ").join(queries)
        self.env.cr.execute(SQL("%s; %s", prefix, query) if prefix else query)
        return set(self.env.cr.fetchall())

    @api.model
    def _read_query(self, model):
        """SQL of the ids of ``model`` the real user may read (its access
        rights and record rules, as a search applies them), None when none.

        Turning the rules into SQL costs more than the search's statement:
        it is kept as long as Odoo keeps the rules' domain (the same key, the
        same cache, cleared when rules, groups or companies change), unless
        turning a rule into SQL reads data (``child_of`` on partners: its SQL
        holds the ids of that moment; see :meth:`_rules_read_data`).
        """
        user_env = self.env(su=False)
        Model = user_env[model].with_context(active_test=False)
        if not Model.has_access("read"):
            return None
        query, reads_data = self.with_env(user_env)._cached_read_query(model)
        return self._read_query_of(Model) if reads_data else query

    @api.model
    @tools.ormcache(
        "self.env.uid",
        "self.env.su",
        "self.env.lang",
        "model",
        "tuple(self.env['ir.rule']._compute_domain_context_values())",
    )
    def _cached_read_query(self, model):
        """(:meth:`_read_query_of` ``model``, whether making it read data the
        cache must not keep): the rules' domain is Odoo's, cached under the
        same key; the companies' hierarchy changes only when a company is
        created or deleted, which clears the cache."""
        Model = self.env[model].with_context(active_test=False)
        domain = self.env["ir.rule"]._compute_domain(model, "read")
        return self._read_query_of(Model), self._rules_read_data(Model, domain)

    @api.model
    def _read_query_of(self, Model):
        """SQL of the ids of ``Model`` its rules let the user read, None for
        none (the ORM's search, not run)."""
        query = Model._search([])
        return None if query.is_empty() else query.select()

    @api.model
    def _rules_read_data(self, Model, domain):
        """True when turning the rules' ``domain`` (of ``Model``) into SQL
        reads data of the moment: a hierarchy other than the companies'
        (``child_of``, ``parent_of``), a field searched by its method (not
        stored), a path through other records, a domain within a leaf."""
        for leaf in domain:
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
                continue  # '&', '|', '!'
            if tuple(leaf) in (expression.TRUE_LEAF, expression.FALSE_LEAF):
                continue
            path, operator, value = leaf
            field = Model._fields.get(path) if isinstance(path, str) else None
            if field is None or not field.store:
                return True
            if operator in ("child_of", "parent_of"):
                comodel = Model._name if path == "id" else field.comodel_name
                if comodel != "res.company":
                    return True
            if isinstance(value, (list, tuple)) and any(
                isinstance(item, (list, tuple)) for item in value
            ):
                return True
        return False

    @api.model
    def _candidate(self, level, details, key, row, accessible):
        model, record_id = key
        steps = {step: details[step] for step in dedup_match.STEPS if step in details}
        return Candidate(
            model=model,
            id=record_id,
            accessible=accessible,
            name=row["name"] if accessible else False,
            steps=steps,
            level=level,
            likely_reason=dedup_match.likely_reason(details) or False,
            owner_id=row["opp_user_id"] or row["user_id"] or False,
            owner_name=(row.get("opp_owner_name") if row["opp_user_id"] else None)
            or row["owner_name"]
            or False,
            stage=row["stage"] or False,
            open_opportunity_id=row["opp_id"] or False,
            open_opportunity_owner_id=row["opp_user_id"] or False,
            commercial_partner_id=row["client_id"] or False,
        )


class JitOff:
    """The search's statements without PostgreSQL's JIT compilation, at no
    statement of their own: :meth:`start` goes before the first statement,
    :meth:`end` with the last; on leaving, :meth:`end` is sent alone when no
    statement took it.

    A statement that the planner finds costly (a crowded key, a short local
    number matched on the end of the stored ones, an import's batch) costs
    more than ``jit_above_cost``: compiling it took up to seconds, running it
    milliseconds. The setting is undone with its savepoint: only reads happen
    in between, the search fields being flushed before.
    """

    def __init__(self, cr):
        self.cr = cr
        self.started = self.ended = False

    def start(self):
        """The statements to send first (None once sent)."""
        if self.started:
            return None
        self.started = True
        return SQL("SAVEPOINT sfc_search; SET LOCAL jit = off")

    def end(self):
        """The statements to send last (None when there is nothing to end)."""
        if not self.started or self.ended:
            return None
        self.ended = True
        return SQL("ROLLBACK TO SAVEPOINT sfc_search; RELEASE SAVEPOINT sfc_search")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        end = self.end()
        if end:
            self.cr.execute(end)
