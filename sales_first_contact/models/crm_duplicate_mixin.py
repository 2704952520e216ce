import threading

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index, drop_index, make_index_name

from ..dedup import normalize

# A company key's letters without spaces, and its typo block's head and tail
# (normalize.typo_block) as PostgreSQL computes them for the indexes, to be
# formatted with the table's alias ("t.") or none
TYPO_LETTERS = "replace({t}dedup_company_key, ' ', '')"
TYPO_BLOCK = {
    "head": "left({letters}, length({letters}) / 2)",
    "tail": "right({letters}, (length({letters}) + 1) / 2 - 1)",
}


def typo_expressions(alias=""):
    """{'length' | 'head' | 'tail': SQL text} of the typo block of the company
    key of the table aliased ``alias`` (the indexes' own text without one)."""
    letters = TYPO_LETTERS.format(t=f"{alias}." if alias else "")
    return {
        "length": f"length({letters})",
        **{part: text.format(letters=letters) for part, text in TYPO_BLOCK.items()},
    }


# PostgreSQL's statistics of the words of the client names (res_partner):
# how common a word is, for when a company name alone is enough
COMPANY_WORDS_STATISTICS = "res_partner_dedup_company_words_stat"
KEY_FIELDS = (
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


def _key_field(string):
    """A stored key of the search, computed from the record's values (its
    index is made by ``init``)."""
    return fields.Char(string, compute="_compute_dedup_keys", store=True)


class CrmDuplicateMixin(models.AbstractModel):
    """Keys of the six-step duplicate search (R11), stored and indexed.

    A model using the mixin says where its values are through one hook:

    * ``_dedup_raw_values()`` — per record, a dict of ``company``, ``person``,
      ``surname``, ``phone``, ``mobile``, ``email``, ``website``, ``country_code``;
    * ``_dedup_key_depends()`` — the fields those values come from.

    The keys are computed with :mod:`..dedup.normalize`. ``crm.duplicate.finder``
    searches them.
    """

    _name = "crm.duplicate.mixin"
    _description = "Duplicate Search Keys"

    dedup_company_key = _key_field("Company Name Key")
    dedup_surname_key = _key_field("Surname Key")
    dedup_phone_key = _key_field("Local Phone Key")
    dedup_mobile_key = _key_field("Local Mobile Key")
    dedup_domain_key = _key_field("Corporate Domain Key")
    dedup_website_key = _key_field("Website Key")
    dedup_email_key = _key_field("E-mail Key")
    # the company name and the surname in any script (Cyrillic or Latin)
    dedup_company_translit_key = _key_field("Company Name Key in Any Script")
    dedup_surname_translit_key = _key_field("Surname Key in Any Script")

    # What the duplicate search finds now, for the form's banner
    dedup_candidate_count = fields.Integer(
        "Possible Duplicates", compute="_compute_dedup_candidates"
    )
    dedup_likely_count = fields.Integer(
        "Likely Duplicates", compute="_compute_dedup_candidates"
    )
    dedup_summary = fields.Char("Duplicates", compute="_compute_dedup_candidates")

    def init(self):
        super().init()
        if self._abstract:
            return
        self._init_key_indexes()
        # the fuzzy company step (R11.1) searches pg_trgm similarity on the key
        create_index(
            self.env.cr,
            f"{self._table}_dedup_company_key_trgm_idx",
            self._table,
            ["dedup_company_key gin_trgm_ops"],
            method="gin",
            where="dedup_company_key IS NOT NULL",
        )
        # the near-name step's names one typo away: their length and the head
        # or the tail of their letters (normalize.typo_probes); the key itself
        # in the index, so that the names are read without the rows
        typo = typo_expressions()
        for part in TYPO_BLOCK:
            create_index(
                self.env.cr,
                f"{self._table}_dedup_company_typo_{part}_idx",
                self._table,
                [typo["length"], typo[part], "dedup_company_key"],
                where="active AND dedup_company_key IS NOT NULL",
            )
        # a local number typed without a 4- or 5-digit city code ends a stored one
        for column in ("dedup_phone_key", "dedup_mobile_key"):
            create_index(
                self.env.cr,
                f"{self._table}_{column}_reverse_idx",
                self._table,
                [f"reverse({column}) varchar_pattern_ops"],
                where=f"{column} IS NOT NULL",
            )
        create_index(
            self.env.cr,
            f"{self._table}_email_normalized_btree_idx",
            self._table,
            ["email_normalized"],
            where="email_normalized IS NOT NULL",
        )

    def _init_key_indexes(self):
        """Each key's index: the active records bearing it, newest first, so
        that the search reads the most recent bearers of a key shared by
        thousands from the index alone (and of a lead, whether it is an open
        opportunity). It replaces the plain index of earlier versions."""
        extra = ["type", "stage_id"] if self._table == "crm_lead" else []
        for column in KEY_FIELDS:
            drop_index(self.env.cr, make_index_name(self._table, column), self._table)
            create_index(
                self.env.cr,
                f"{self._table}_{column}_id_idx",
                self._table,
                [column, "id", *extra],
                where=f"active AND {column} IS NOT NULL",
            )

    @api.model
    def _dedup_key_depends(self):
        return []

    def _dedup_raw_values(self):
        """Raw values the keys are made of (see the class docstring)."""
        raise NotImplementedError()

    @api.depends(lambda self: self._dedup_key_depends())
    def _compute_dedup_keys(self):
        settings = self.env["crm.duplicate.finder"]._dedup_settings()
        for record in self:
            record.update(
                self._dedup_keys_from_raw(record._dedup_raw_values(), settings)
            )

    @api.depends_context("uid")
    @api.depends(lambda self: self._dedup_key_depends())
    def _compute_dedup_candidates(self):
        results = self.env["crm.duplicate.finder"]._find_duplicates_batch(records=self)
        for record, candidates in zip(self, results, strict=True):
            likely = [c for c in candidates if c.level == "likely"]
            record.dedup_candidate_count = len(candidates)
            record.dedup_likely_count = len(likely)
            record.dedup_summary = record._dedup_summary_text(candidates, likely)

    def _dedup_summary_text(self, candidates, likely):
        """One line for the banner: the best candidate, its owner, why it is
        likely, and what the search could not look at."""
        finder = self.env["crm.duplicate.finder"]
        notices = finder._search_notices(candidates)
        if not candidates:
            return " ".join(notices) or False
        best = candidates[0]
        name = best.name or self.env._("a client of %s", best.owner_name or "-")
        if likely:
            lines = [
                self.env._(
                    "Likely duplicate of %(name)s (manager: %(owner)s), %(count)s"
                    " found.",
                    name=name,
                    owner=best.owner_name or "-",
                    count=len(candidates),
                )
            ]
            reason = best.accessible and finder._likely_reason_text(best)
            if reason:
                lines.append(self.env._("Why likely: %s.", reason))
        else:
            lines = [
                self.env._(
                    "Possible duplicate of %(name)s (manager: %(owner)s), %(count)s"
                    " found.",
                    name=name,
                    owner=best.owner_name or "-",
                    count=len(candidates),
                )
            ]
        return " ".join(lines + notices)

    def action_check_duplicates(self):
        """Open the "Check client" screen on this record."""
        self.ensure_one()
        check_model = self.env["crm.client.check"]
        field = "lead_id" if self._name == "crm.lead" else "partner_id"
        check = check_model.create(
            {**check_model._default_values_of(self), field: self.id}
        )
        return check._reopen()

    @api.model
    def _dedup_keys_from_raw(self, raw, settings):
        """Field values of the keys for one record's raw values."""
        region = raw.get("country_code") or settings["region"]
        public = settings["public_domains"]
        phone = normalize.phone_keys(raw.get("phone"), region)
        mobile = normalize.phone_keys(raw.get("mobile"), region)
        company = normalize.company_key(raw.get("company"))
        surname = normalize.surname_key(raw.get("person"), surname=raw.get("surname"))
        return {
            "dedup_company_key": company,
            "dedup_surname_key": surname,
            "dedup_phone_key": phone.local if phone else False,
            "dedup_mobile_key": mobile.local if mobile else False,
            "dedup_domain_key": normalize.domain_key(raw.get("email"), public),
            "dedup_website_key": normalize.site_key(raw.get("website"), public),
            "dedup_email_key": normalize.email_key(raw.get("email")),
            "dedup_company_translit_key": normalize.translit_key(company),
            "dedup_surname_translit_key": normalize.translit_key(surname),
        }

    @api.model
    def _dedup_refresh_domain(self):
        """The records whose keys a change of the key settings may change (see
        ``crm.first.contact.settings.mixin._dedup_key_settings``): those with
        an e-mail or a website, whose keys depend on the public providers."""
        return ["|", ("email_normalized", "!=", False), ("website", "!=", False)]

    @api.model
    def _dedup_refresh_domain_keys(self):
        """Recompute the keys of :meth:`_dedup_refresh_domain` now (the saving
        of Settings queues ``crm.duplicate.key.refresh`` instead)."""
        records = self.with_context(active_test=False).search(
            self._dedup_refresh_domain(), order="id"
        )
        if records:
            records._dedup_fill_keys()

    def _dedup_fill_keys(self, batch_size=5000):
        """Compute the keys of these records (all when empty) in batches.

        For the install hook, the migration and settings changes, over possibly
        millions of rows: the keys are computed as the ORM would, and written
        back with one UPDATE per batch instead of one per record. With more
        than one batch, each batch's UPDATE runs in a thread while the keys of
        the next one are computed: PostgreSQL works on one core, Python on the
        other (the cursor is used by one thread at a time).
        """
        ids = (
            self.ids or self.with_context(active_test=False).search([], order="id").ids
        )
        settings = self.env["crm.duplicate.finder"]._dedup_settings()
        self.env.flush_all()
        writing = None  # the thread writing the previous batch
        for start in range(0, len(ids), batch_size):
            batch = self.browse(ids[start : start + batch_size])
            raws = [record._dedup_raw_values() for record in batch]
            self.env.invalidate_all(flush=False)
            if writing:
                writing.start()
            try:
                rows = [self._dedup_keys_from_raw(raw, settings) for raw in raws]
            finally:  # the cursor is free again, also on an error
                if writing:
                    writing.join()
            update = self._dedup_keys_update(batch.ids, rows)
            if start + batch_size < len(ids):
                writing = _Writing(self.env.cr, update)
            else:
                self.env.cr.execute(update)
        self.invalidate_model(list(KEY_FIELDS))  # written by SQL

    def _dedup_keys_update(self, ids, rows):
        """SQL writing the keys ``rows`` of the records ``ids``."""
        columns = {fname: [row[fname] or None for row in rows] for fname in KEY_FIELDS}
        return SQL(
            "UPDATE %s t SET %s FROM unnest(%s::int[], %s) AS v(id, %s)"
            " WHERE t.id = v.id",
            SQL.identifier(self._table),
            SQL(", ").join(
                SQL("%s = v.%s", SQL.identifier(f), SQL.identifier(f))
                for f in KEY_FIELDS
            ),
            ids,
            SQL(", ").join(SQL("%s::varchar[]", columns[f]) for f in KEY_FIELDS),
            SQL(", ").join(SQL.identifier(f) for f in KEY_FIELDS),
        )


class _Writing(threading.Thread):
    """One statement run in a thread of its own; ``join`` raises its error."""

    def __init__(self, cr, query):
        super().__init__(name="sfc-dedup-keys")
        self.cr, self.query, self.error = cr, query, None

    def run(self):
        try:
            self.cr.execute(self.query)
        except Exception as error:  # noqa: BLE001 - raised again by join
            self.error = error

    def join(self, timeout=None):
        joined = super().join(timeout)
        if self.error:
            raise self.error
        return joined
