import logging

from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from .models.crm_duplicate_finder_exact import drop_exact_functions
from .models.crm_duplicate_mixin import KEY_FIELDS

_logger = logging.getLogger(__name__)
DEDUP_TABLES = {"res.partner": "res_partner", "crm.lead": "crm_lead"}
# Stored computed fields that Odoo would compute for every existing row at
# install, one by one: their columns are made here and filled by post_init_hook.
PRECOMPUTED_COLUMNS = {
    "res_partner": {"first_contact_channel": "varchar"},
    "crm_lead": {
        "first_contact_channel": "varchar",
        "awareness_source_id": "int4",
        "industry_id": "int4",
        "fax": "varchar",
        "fc_event_state": "varchar",
    },
}


def pre_init_hook(env):
    """Prepare the install on a big database: pg_trgm, and empty columns.

    Creating the columns of the duplicate search keys and of the other stored
    computed fields here keeps Odoo from computing them for every existing
    record in one go; post_init_hook fills them in batches, or with one UPDATE.
    """
    env.cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    create_key_columns(env.cr)
    for table, columns in PRECOMPUTED_COLUMNS.items():
        for column, column_type in columns.items():
            if not column_exists(env.cr, table, column):
                create_column(env.cr, table, column, column_type)


def create_key_columns(cr):
    """Empty columns for the duplicate search keys that are not there yet: the
    ORM would compute them record by record, :func:`fill_keys` does it in
    batches."""
    for table in DEDUP_TABLES.values():
        for column in KEY_FIELDS:
            if not column_exists(cr, table, column):
                create_column(cr, table, column, "varchar")


def fill_keys(env):
    """Compute the duplicate search keys of every client and lead, in batches."""
    for model, table in DEDUP_TABLES.items():
        _logger.info("Computing duplicate search keys of %s", model)
        env[model]._dedup_fill_keys()
        # fresh statistics, so that the planner uses the new key indexes
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


def post_init_hook(env):
    """Fill the keys and computed columns of the existing clients and leads."""
    fill_keys(env)
    # what the computes would give on rows that existed before the addon: the
    # channel of the UTM source, the line of business of the client
    env.cr.execute(
        SQL(
            """UPDATE crm_lead l SET first_contact_channel = s.first_contact_channel
                 FROM utm_source s
                WHERE s.id = l.source_id AND s.first_contact_channel IS NOT NULL"""
        )
    )
    env.cr.execute(
        SQL(
            """UPDATE crm_lead l SET industry_id = p.industry_id
                 FROM res_partner p
                WHERE p.id = l.partner_id AND p.industry_id IS NOT NULL"""
        )
    )
    env["crm.lead"].invalidate_model()


def uninstall_hook(env):
    """Drop what the addon made outside its models' tables and columns: the
    functions of the duplicate search's exact statement."""
    drop_exact_functions(env.cr)
