from odoo import api, fields, models
from odoo.tools import SQL


class CrmClientClaim(models.Model):
    """The key of a client card being created: one row per new client.

    Two requests creating the same new client at the same moment (two
    operators, two website forms) both find no card. Claiming the client's key
    first makes the second one wait for the first, then fail with a
    serialization error: Odoo retries it, and the retry finds the new card.
    """

    _name = "crm.client.claim"
    _description = "New Client Claim"
    _rec_name = "key"
    _log_access = False

    key = fields.Char(required=True, index=True)

    _sql_constraints = [("key_uniq", "unique (key)", "This client is already claimed.")]

    @api.model
    def _claim(self, probe):
        """Claim the strongest key of a new client's probe (see the class)."""
        key = (
            probe.company_key
            or probe.email
            or min(probe.phone_e164s, default=None)
            or min(probe.phone_locals, default=None)
        )
        if key:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO crm_client_claim (key) VALUES (%s)"
                    " ON CONFLICT (key) DO NOTHING",
                    key,
                )
            )
