import hashlib

from odoo import api, models, tools
from odoo.tools import SQL

from .crm_duplicate_finder import (
    EXACT_COLUMNS,
    PER_KEY_LIMIT,
    PROBE_COLUMNS,
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


class CrmDuplicateFinder(models.AbstractModel):
    """The exact steps' statement with a plan PostgreSQL keeps.

    Planning the exact statement (seven kinds of key in two tables, with the
    rows of the records found) costs as much as running it on a large
    database. Made a PL/pgSQL function (by ``init``: install and ``-u``), its
    plan is made once per database connection and kept
    (``plan_cache_mode = force_generic_plan``): every branch is in it, those
    without keys read nothing. Until the function of the running code exists
    (code newer than the last ``-u``), the statement is sent as it is.
    """

    _inherit = "crm.duplicate.finder"

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
    def _exact_hits_and_rows(self, keys, suffixes, probes, prefix=None):
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
