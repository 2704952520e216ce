"""A clear refusal of a flood of website first contacts from one address."""

from datetime import timedelta

from odoo.exceptions import UserError

FLOOD_WINDOW = timedelta(minutes=1)
FLOOD_LIMIT = 10  # records from one address in FLOOD_WINDOW: more are refused


def check_flood(model, ip_field, ip):
    """Refuse (UserError) when FLOOD_LIMIT records of ``model`` were created
    from ``ip`` (stored in ``ip_field``) in the last FLOOD_WINDOW."""
    if not isinstance(ip, str) or not ip:
        return  # no address to tell (a request made in Python, not over HTTP)
    env = model.env
    since = env.cr.now() - FLOOD_WINDOW
    recent = (
        model.sudo()
        .with_context(active_test=False)
        .search_count(
            [(ip_field, "=", ip), ("create_date", ">=", since)], limit=FLOOD_LIMIT
        )
    )
    if recent >= FLOOD_LIMIT:
        raise UserError(
            env._("Too many requests from your address. Please try again later.")
        )
