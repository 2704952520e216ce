"""18.0.1.1.0: office hours and absences on Odoo's working calendars.

* The office hours of Settings (time zone, opening and closing hours, Monday
  to Friday) become a working calendar, the Settings' office hours; the
  addon's Moscow calendar when they were the defaults.
* Each absence becomes an absence backed by Odoo time off of the manager.
"""

import logging

from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL
from odoo.tools.sql import table_exists

_logger = logging.getLogger(__name__)
LEGACY_TABLE = "crm_absence_legacy"
OLD_PARAMS = {
    "tz": ("sales_first_contact.office_tz", "Europe/Moscow"),
    "hour_from": ("sales_first_contact.office_hour_from", 9.0),
    "hour_to": ("sales_first_contact.office_hour_to", 18.0),
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def migrate_office_hours(env):
    """The old office hours settings as the office calendar of Settings."""
    params = env["ir.config_parameter"].sudo()
    old = {
        name: params.get_param(key) or default
        for name, (key, default) in OLD_PARAMS.items()
    }
    hours = (old["tz"], float(old["hour_from"]), float(old["hour_to"]))
    if hours != tuple(default for _key, default in OLD_PARAMS.values()):
        calendar = env["resource.calendar"].create(
            {
                "name": f"Office Hours ({hours[0]}, {hours[1]:g}-{hours[2]:g})",
                "company_id": False,
                "tz": hours[0],
                "attendance_ids": [
                    Command.create(
                        {
                            "name": name,
                            "dayofweek": str(day),
                            "hour_from": hours[1],
                            "hour_to": hours[2],
                            "day_period": "morning",
                        }
                    )
                    for day, name in enumerate(WEEKDAYS)
                ],
            }
        )
        env["crm.first.contact.settings"]._set_settings(
            {"office_calendar_id": calendar.id}
        )
    for key, _default in OLD_PARAMS.values():
        params.set_param(key, False)


def migrate_absences(env, legacy=LEGACY_TABLE):
    """Absences set aside by pre-migrate, made again with their time off."""
    cr = env.cr
    if not table_exists(cr, legacy):
        return
    cr.execute(
        SQL(
            "SELECT user_id, date_from, date_to, reason, company_id FROM %s"
            " ORDER BY date_from",
            SQL.identifier(legacy),
        )
    )
    Absence = env["crm.absence"]
    for user_id, date_from, date_to, reason, company_id in cr.fetchall():
        if Absence.search_count(
            [
                ("user_id", "=", user_id),
                ("date_from", "<", date_to),
                ("date_to", ">", date_from),
            ]
        ):  # made again meanwhile (by the data files of an update): kept
            _logger.info("Absence of user %s from %s already there", user_id, date_from)
            continue
        Absence.create(
            {
                "user_id": user_id,
                "date_from": date_from,
                "date_to": date_to,
                "reason": reason,
                "company_id": company_id,
            }
        )
    cr.execute(SQL("DROP TABLE %s", SQL.identifier(legacy)))


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    migrate_office_hours(env)
    migrate_absences(env)
