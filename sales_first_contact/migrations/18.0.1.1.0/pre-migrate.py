"""18.0.1.1.0: absences become Odoo time off (see post-migrate)."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

LEGACY_TABLE = "crm_absence_legacy"


def set_absences_aside(cr, table="crm_absence", legacy=LEGACY_TABLE):
    """Copy the absences of 18.0.1.0.0 aside and empty their table: the new
    table has a time off per row, which post-migrate makes from the copy."""
    if not table_exists(cr, table) or column_exists(cr, table, "leave_id"):
        return
    cr.execute(
        SQL(
            "CREATE TABLE %s AS SELECT user_id, date_from, date_to, reason,"
            " company_id FROM %s",
            SQL.identifier(legacy),
            SQL.identifier(table),
        )
    )
    cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))


def migrate(cr, version):
    if version:
        set_absences_aside(cr)
