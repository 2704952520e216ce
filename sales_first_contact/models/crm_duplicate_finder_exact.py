import hashlib

from odoo import api, models, tools
from odoo.tools import SQL

from .crm_duplicate_finder import (
    EXACT_COLUMNS,
    PER_KEY_LIMIT,
    PHONE_COLUMNS,
    PROBE_COLUMN_OF_KIND,
    PROBE_COLUMNS,
    SEARCHED_TABLES,
    Arrays,
    pair_arrays,
)

# the search's exact statement as a PostgreSQL function, named after a digest
# of its text: a new text is a new function, the old one is dropped by -u
FUNCTION_PREFIX = "sfc_dedup_exact_"
# what it returns: the hits and rows of CrmDuplicateFinder._rows_statement
FUNCTION_COLUMNS = (
    "r_model varchar, r_kind varchar, r_idx int, r_id int, r_position bigint,"
    " r_row jsonb"
)


def drop_exact_functions(cr, keep=None):
    """Drop the exact statement's functions, but the one named ``keep``: those
    of earlier code (-u), or all of them (uninstall)."""
    cr.execute(
        SQL(
            "SELECT proname FROM pg_proc WHERE starts_with(proname, %s)"
            " AND proname <> %s",
            FUNCTION_PREFIX,
            keep or "",
        )
    )
    for (name,) in cr.fetchall():
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s", SQL.identifier(name)))


# a lead ``t`` that is an open opportunity; the won stages read once, not
# once a record
OPEN_OPPORTUNITY = SQL(
    """(t.type = 'opportunity' AND NOT COALESCE(
           t.stage_id = ANY(ARRAY(SELECT s.id FROM crm_stage s WHERE s.is_won)),
           FALSE))"""
)
# the names the order counts (_shared_keys) beside their script-neutral key,
# which the search looks up instead: (kind, probe column, that key's column)
COUNTED_NAMES = (
    ("company", "company", "company_translit"),
    ("surname", "surname", "surname_translit"),
)


class CrmDuplicateFinder(models.AbstractModel):
    """The exact steps: the records bearing each key of the probes.

    The records of one key are taken in the search's order
    (:meth:`_exact_order`): those sharing most kinds of key with the probe,
    then open opportunities, then the most recent; PER_KEY_LIMIT of them, and
    one more, which tells that the key is crowded. Ranking every bearer of a
    common surname would read thousands of rows at a million clients; those
    ranked first are always among

    * the PER_KEY_LIMIT + 1 most recent bearers of the key, and as many of the
      most recent open opportunities;
    * the records bearing another key of the probe: of a key borne by few, all
      its bearers; of two crowded keys, the ids both indexes list;

    and what ranks them (the keys each bears, whether it is an open
    opportunity) is read from the keys' indexes, ``(key, id)`` of the active
    records (see ``crm.duplicate.mixin``), not from the rows, but whether the
    few records of a probe's other keys bear its one crowded key (their rows,
    by id). The short local
    numbers typed without their city code are a range of an index, not a key:
    their records are all read and ranked.

    Planning the statement (seven kinds of key in two tables, with the rows of
    the records found) costs as much as running it on a large database. Made a
    PL/pgSQL function (by ``init``: install and ``-u``), its plan is made once
    per database connection and kept (``plan_cache_mode =
    force_generic_plan``): every branch is in it, those without keys read
    nothing. Until the function of the running code exists (code newer than
    the last ``-u``), the statement is sent as it is.
    """

    _inherit = "crm.duplicate.finder"

    @api.model
    def _shared_keys(self):
        """SQL of how many kinds of key of its probe ``pr`` a record ``t``
        bears: of the records one crowded key brings, those first."""
        steps = []
        for kind, columns in EXACT_COLUMNS:
            value = SQL.identifier("pr", PROBE_COLUMN_OF_KIND[kind])
            if kind in ("local", "host"):
                value = SQL("ANY(%s)", SQL.identifier("pr", f"{kind}_list"))
            steps.append(
                SQL(" OR ").join(
                    SQL("t.%s = %s", SQL.identifier(column), value)
                    for column in columns
                )
            )
        return SQL(" + ").join(SQL("((%s) IS TRUE)::int", step) for step in steps)

    @api.model
    def _exact_order(self, table):
        """Which PER_KEY_LIMIT records a key shared by more brings, the same
        ones at every check: those sharing most other keys with the probe, then
        open opportunities, then the most recent."""
        if table == "crm_lead":
            return SQL(
                "ORDER BY %s DESC, %s DESC, t.id DESC",
                self._shared_keys(),
                OPEN_OPPORTUNITY,
            )
        return SQL("ORDER BY %s DESC, t.id DESC", self._shared_keys())

    @api.model
    def _exact_hits_and_rows(self, keys, suffixes, probes, prefix=None):
        """The exact statement (:meth:`_exact_query`), by its function when
        it exists."""
        name = self._exact_function_name()
        if not name:
            return super()._exact_hits_and_rows(keys, suffixes, probes, prefix)
        columns = self._probe_columns(probes)
        arguments = [columns[column] for column in PROBE_COLUMNS]
        for pairs in [*(keys[kind] for kind, _columns in EXACT_COLUMNS), suffixes]:
            arguments += pair_arrays(pairs)
        arguments.append(SQL("%s::varchar", self._lang()))
        return self._run_hits_and_rows(
            SQL(
                "SELECT * FROM %s(%s)", SQL.identifier(name), SQL(", ").join(arguments)
            ),
            prefix,
        )

    def init(self):
        res = super().init()
        name, create = self._exact_function()
        drop_exact_functions(self.env.cr, keep=name)
        self.env.cr.execute(create)
        self.env.registry.clear_cache()
        return res

    @api.model
    def _exact_function(self):
        """(name, SQL creating it) of the function of the exact statement:
        arguments, in this order, the arrays of PROBE_COLUMNS, the probe
        indexes and keys of each kind of EXACT_COLUMNS, those of the short
        local numbers (suffixes), and the language of stage names."""
        types = []

        def argument(sql_type):
            types.append(sql_type)
            return SQL(f"${len(types)}")

        probes = {
            name: argument("int[]" if name == "idx" else "varchar[]")
            for name in PROBE_COLUMNS
        }
        keys = {
            kind: Arrays(argument("int[]"), argument("varchar[]"))
            for kind, _columns in EXACT_COLUMNS
        }
        suffixes = Arrays(argument("int[]"), argument("varchar[]"))
        lang = argument("varchar")
        statement = self._rows_statement(
            self._exact_query(keys, suffixes),
            self._probe_arrays_sql(probes),
            PER_KEY_LIMIT,
            lang,
        )
        # the text of the statement with its values, '%' kept as it is
        body = self.env.cr.mogrify(statement).decode().replace("%", "%%")
        text = (
            f"({', '.join(types)}) RETURNS TABLE ({FUNCTION_COLUMNS})"
            " LANGUAGE plpgsql STABLE"
            " SET plan_cache_mode = force_generic_plan SET jit = off"
            # the generic plan guesses the sizes of the steps (WITH): a merge
            # join sorted the thousands of bearers of two crowded keys where a
            # hash of the few records bearing both costs less
            " SET enable_mergejoin = off"
            f" AS $sfc$ BEGIN RETURN QUERY {body}; END $sfc$"
        )
        name = FUNCTION_PREFIX + hashlib.sha1(text.encode()).hexdigest()[:12]
        return name, SQL(f"CREATE OR REPLACE FUNCTION {name}{text}")

    @api.model
    @tools.ormcache()
    def _exact_function_name(self):
        """The name of the exact statement's function when it exists, else
        None (known once per registry)."""
        name, _create = self._exact_function()
        self.env.cr.execute(SQL("SELECT 1 FROM pg_proc WHERE proname = %s", name))
        return name if self.env.cr.rowcount else None

    @api.model
    def _exact_query(self, keys, suffixes, shown=None):
        """SQL of (model, kind, probe index, record id, position) for the exact
        keys (as :meth:`_branch` gives them), to run by :meth:`_hits_and_rows`:
        ``keys`` {kind: [(probe index, key)] or :class:`Arrays`}, ``suffixes``
        the reversed short local numbers, likewise; ``shown``, if given, the
        only keys ({kind: [(probe index, key)]}) whose records are returned,
        the others ranking them all the same (what one step alone brings).

        ``members`` (table number, key id, probe index, record id, open): the
        records known to bear each key, whose other keys are known too, so
        that they are ranked from the indexes alone: every bearer of a key
        borne by few; of a crowded key, the most recent and the newest open
        opportunities, and the records bearing another key of the probe too.
        Those are found, for a probe with two crowded keys, among every bearer
        of its crowded keys searched (``lists``: their common records may be
        anywhere; ``several``: those bearing two searched keys or more, with
        all their keys, a crowded name not searched looked up in its index
        for them alone; a name and its script-neutral key count as one: the
        newest bearers of the name are among its recent ones, which bear the
        script-neutral key too),
        else among the records of the probe's other keys (their rows read by
        id, checked for the crowded key).
        """
        ranked = SQL(
            """SELECT DISTINCT %(model)s AS model, k.kind, k.idx, r.id, r.position
                 FROM (
                   SELECT mb.m, mb.kid, mb.id, row_number() OVER (
                          PARTITION BY mb.m, mb.kid
                          ORDER BY s.shared DESC, s.open DESC, mb.id DESC
                      ) AS position
                     FROM members mb
                     JOIN keyset k ON k.kid = mb.kid AND k.shown
                     JOIN shared s ON s.m = mb.m AND s.idx = mb.idx AND s.id = mb.id
                 ) r JOIN keyset k ON k.kid = r.kid
               WHERE r.position <= %(limit)s""",
            model=SQL(
                "(CASE r.m %s END)::varchar",
                SQL(" ").join(
                    SQL("WHEN %s THEN %s", m, model)
                    for m, (model, _table) in enumerate(SEARCHED_TABLES)
                ),
            ),
            limit=PER_KEY_LIMIT + 1,
        )
        return SQL(
            """WITH keyset AS MATERIALIZED (%(keyset)s),
                    recent AS MATERIALIZED (%(recent)s),
                    crowded AS MATERIALIZED (
                        SELECT c.*, f.ids FROM (
                            SELECT m, kid, idx, hit, kind, key FROM recent
                             GROUP BY m, kid, idx, hit, kind, key
                            HAVING count(DISTINCT id) > %(limit)s) c
                        JOIN (SELECT m, idx, array_agg(DISTINCT id) AS ids
                                FROM recent GROUP BY m, idx) f
                          ON f.m = c.m AND f.idx = c.idx),
                    multi AS MATERIALIZED (
                        SELECT m, idx FROM crowded WHERE hit
                         GROUP BY m, idx HAVING count(*) > 1),
                    lists AS MATERIALIZED (
                        %(every)s
                        UNION ALL SELECT r.m, r.kid, r.idx, r.hit, r.id, r.open
                          FROM recent r
                         WHERE (r.m, r.idx) IN (SELECT m, idx FROM multi)
                           AND (r.m, r.kid) NOT IN (SELECT m, kid FROM crowded)),
                    several AS MATERIALIZED (
                        SELECT m, idx, id FROM lists GROUP BY m, idx, id
                        HAVING count(*) FILTER (WHERE hit) > 1),
                    members AS MATERIALIZED (
                        SELECT m, kid, idx, id, open FROM recent
                        UNION SELECT l.m, l.kid, l.idx, l.id, l.open
                          FROM lists l JOIN several s
                            ON s.m = l.m AND s.idx = l.idx AND s.id = l.id
                        UNION SELECT m, neutral, idx, id, open FROM recent
                         WHERE neutral IS NOT NULL
                        UNION (%(checked)s)
                        UNION (%(names)s)),
                    shared AS MATERIALIZED (
                        SELECT mb.m, mb.idx, mb.id, bool_or(mb.open) AS open,
                               -- the kinds of key counted, once each
                               COALESCE(bit_count(bit_or(1 << k.kind_no)
                                   FILTER (WHERE k.counted)::bit(16)), 0) AS shared
                          FROM members mb JOIN keyset k ON k.kid = mb.kid
                         GROUP BY mb.m, mb.idx, mb.id)
               %(branches)s""",
            keyset=self._exact_keyset(keys, shown),
            recent=self._per_table_and_kind(self._recent_ids),
            limit=PER_KEY_LIMIT,
            every=self._per_table_and_kind(self._crowded_ids),
            checked=self._per_table(self._checked_ids),
            names=self._per_table(self._several_names),
            branches=SQL(" UNION ").join([ranked, *self._suffix_branches(suffixes)]),
        )

    @api.model
    def _exact_keyset(self, keys, shown=None):
        """SQL of the keys (kid, kind, kind_no, probe index, key, hit, shown,
        counted, neutral): those searched (hit), and the names the order counts
        when their script-neutral key is searched instead (they are not a
        step's hits; neutral: that key's kid, which all their bearers bear);
        shown: its records are returned (see :meth:`_exact_query`); counted:
        the order counts it (a short local number it does not)."""
        parts = []
        for kind, _columns in EXACT_COLUMNS:
            pairs = keys[kind]
            if not isinstance(pairs, Arrays):
                pairs = pair_arrays(pairs)
            is_shown = SQL("TRUE")
            if shown is not None:
                is_shown = SQL(
                    "(q.idx, q.key) IN (SELECT * FROM unnest(%s, %s))",
                    *pair_arrays(shown.get(kind, [])),
                )
            parts.append(
                SQL(
                    """SELECT %s::varchar AS kind, q.idx, q.key, TRUE AS hit,
                              %s AS shown
                         FROM unnest(%s, %s) AS q(idx, key)""",
                    kind,
                    is_shown,
                    pairs.idx,
                    pairs.key,
                )
            )
        for kind, column, neutral in COUNTED_NAMES:
            parts.append(
                SQL(
                    """SELECT %s, pr.idx, pr.%s, FALSE, FALSE FROM probe pr
                        WHERE pr.%s IS NOT NULL AND pr.%s IS NOT NULL""",
                    kind,
                    SQL.identifier(column),
                    SQL.identifier(column),
                    SQL.identifier(neutral),
                )
            )
        # a counted name's script-neutral key, of the same probe
        neutral = SQL(" ").join(
            SQL(
                "WHEN NOT n.hit AND n.kind = %s THEN max(n.kid)"
                " FILTER (WHERE n.kind = %s) OVER (PARTITION BY n.idx)",
                kind,
                neutral_kind,
            )
            for kind, _column, neutral_kind in COUNTED_NAMES
        )
        return SQL(
            """SELECT n.*, CASE %s END AS neutral FROM (
                   SELECT row_number() OVER ()::int AS kid, k.kind,
                          array_position(%s::varchar[], k.kind) AS kind_no, k.idx,
                          k.key, k.hit, k.shown,
                          (k.kind <> 'local' OR k.key = ANY(pr.local_list)) IS TRUE
                              AS counted
                     FROM (%s) k LEFT JOIN probe pr ON pr.idx = k.idx) n""",
            neutral,
            [kind for kind, _columns in EXACT_COLUMNS],
            SQL(" UNION ALL ").join(parts),
        )

    @api.model
    def _per_table(self, ids_of):
        """SQL of the union, for each searched table (by its number), of
        ``ids_of(m, table)``."""
        return SQL(" UNION ALL ").join(
            ids_of(m, table) for m, (_model, table) in enumerate(SEARCHED_TABLES)
        )

    @api.model
    def _is_open(self, table):
        """SQL: the record ``t`` of ``table`` is an open opportunity."""
        return OPEN_OPPORTUNITY if table == "crm_lead" else SQL("FALSE")

    @api.model
    def _per_table_and_kind(self, ids_of):
        """SQL of the union, for each searched table (by its number) and kind
        of key, of ``ids_of(m, table, kind, columns)``."""
        return SQL(" UNION ALL ").join(
            ids_of(m, table, kind, columns)
            for m, (_model, table) in enumerate(SEARCHED_TABLES)
            for kind, columns in EXACT_COLUMNS
        )

    @api.model
    def _scan(self, table, columns, key, condition=None, limit=None):
        """SQL of (id, open) of the active records of ``table`` bearing ``key``
        in one of ``columns``, from the key's index only: a union of one scan
        a column, each of the ``limit`` most recent if given."""
        is_open = self._is_open(table)
        return SQL(" UNION ").join(
            SQL(
                "(SELECT t.id, %s AS open FROM %s t"
                " WHERE t.%s = %s AND t.active %s %s)",
                is_open,
                SQL.identifier(table),
                SQL.identifier(column),
                SQL(key),
                condition or SQL(),
                SQL("ORDER BY t.id DESC LIMIT %s", limit) if limit else SQL(),
            )
            for column in columns
        )

    @api.model
    def _recent_ids(self, m, table, kind, columns):
        """SQL of (table number, kid, probe index, hit, kind, key, neutral, id,
        open): the PER_KEY_LIMIT + 1 most recent records bearing each key of
        ``kind``, and of the leads as many most recent open opportunities."""
        scans = [self._scan(table, columns, "k.key", limit=PER_KEY_LIMIT + 1)]
        if table == "crm_lead":
            condition = SQL("AND %s", OPEN_OPPORTUNITY)
            scans.append(
                self._scan(table, columns, "k.key", condition, PER_KEY_LIMIT + 1)
            )
        return SQL(
            """SELECT %s AS m, k.kid, k.idx, k.hit, k.kind, k.key, k.neutral,
                      x.id, x.open
                 FROM keyset k, LATERAL (%s) x WHERE k.kind = %s""",
            m,
            SQL(" UNION ").join(scans),
            kind,
        )

    @api.model
    def _crowded_ids(self, m, table, kind, columns):
        """SQL of (table number, kid, probe index, hit, id, open): every record
        bearing a crowded key of ``kind`` searched by a probe with two crowded
        keys (:meth:`_exact_query`), once (the scans of a kind's columns are a
        union). A crowded name not searched, whose script-neutral key is, is
        not read: see :meth:`_several_names`."""
        return SQL(
            """SELECT c.m, c.kid, c.idx, c.hit, x.id, x.open
                 FROM crowded c, LATERAL (%s) x
                WHERE c.m = %s AND c.kind = %s AND c.hit
                  AND (c.m, c.idx) IN (SELECT m, idx FROM multi)""",
            self._scan(table, columns, "c.key"),
            m,
            kind,
        )

    @api.model
    def _checked_ids(self, m, table):
        """SQL of (table number, kid, probe index, id, open): the records found
        by the other keys of a probe with one crowded key (of table ``m``)
        that bear it too, read by their ids: the crowded key's index would
        list every bearer (:meth:`_exact_query`). One scan of the table's
        primary key, whatever the kind of key."""
        bears = SQL(" OR ").join(
            SQL(
                "(c.kind = %s AND (%s))",
                kind,
                SQL(" OR ").join(
                    SQL("t.%s = c.key", SQL.identifier(column)) for column in columns
                ),
            )
            for kind, columns in EXACT_COLUMNS
        )
        return SQL(
            """SELECT c.m, c.kid, c.idx, t.id, %s AS open
                 FROM crowded c JOIN %s t ON t.id = ANY(c.ids)
                WHERE c.m = %s AND t.active AND (%s)
                  AND (c.m, c.idx) NOT IN (SELECT m, idx FROM multi)""",
            self._is_open(table),
            SQL.identifier(table),
            m,
            bears,
        )

    @api.model
    def _several_names(self, m, table):
        """SQL of (table number, kid, probe index, id, open): the records of
        ``several`` (of table ``m``) that bear a crowded name not searched (a
        name whose script-neutral key is searched instead, and which all its
        bearers bear), each looked up in the name's index: ``lists`` holds
        only the bearers of the keys searched. ``OFFSET 0`` keeps the look-up
        a subquery of each name and record (one index-only probe), which the
        planner could otherwise turn into reading every record of
        ``several`` by its id, even for a probe without such a name."""
        return SQL(" UNION ALL ").join(
            SQL(
                """SELECT c.m, c.kid, c.idx, x.id, x.open
                     FROM crowded c
                     JOIN several s ON s.m = c.m AND s.idx = c.idx,
                          LATERAL (%s OFFSET 0) x
                    WHERE c.m = %s AND c.kind = %s AND NOT c.hit""",
                self._scan(
                    table,
                    dict(EXACT_COLUMNS)[kind],
                    "c.key",
                    SQL("AND t.id = s.id"),
                ),
                m,
                kind,
            )
            for kind, _column, _neutral in COUNTED_NAMES
        )

    @api.model
    def _suffix_branches(self, suffixes):
        """Branches (:meth:`_branch`) of the short local numbers: the stored
        numbers ending with them, every one ranked."""
        if not isinstance(suffixes, Arrays) and not suffixes:
            return []
        # a range, not LIKE: a LIKE pattern known only at run time cannot use
        # the index and scans the table
        condition = SQL(" OR ").join(
            SQL(
                "(reverse(t.%(column)s) ~>=~ q.key"
                " AND reverse(t.%(column)s) ~<~ (q.key || '~')"
                " AND t.%(column)s IS NOT NULL)",
                column=SQL.identifier(column),
            )
            for column in PHONE_COLUMNS
        )
        return [
            self._branch(
                model, table, "local", suffixes, condition, self._exact_order(table)
            )
            for model, table in SEARCHED_TABLES
        ]
