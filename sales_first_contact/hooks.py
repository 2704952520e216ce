import logging

from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from .models.crm_duplicate_mixin import KEY_FIELDS

_logger = logging.getLogger(__name__)
DEDUP_TABLES = {"res.partner": "res_partner", "crm.lead": "crm_lead"}


def pre_init_hook(env):
    """Prepare the duplicate search: pg_trgm, and empty key columns.

    Creating the key columns here keeps Odoo from computing them for every
    existing record in one go at install; post_init_hook fills them in batches.
    """
    env.cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    for table in DEDUP_TABLES.values():
        for column in KEY_FIELDS:
            if not column_exists(env.cr, table, column):
                create_column(env.cr, table, column, "varchar")


def post_init_hook(env):
    """Fill the duplicate search keys of the existing clients and leads."""
    for model, table in DEDUP_TABLES.items():
        _logger.info("Computing duplicate search keys of %s", model)
        env[model]._dedup_fill_keys()
        # fresh statistics, so that the planner uses the new key indexes
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
