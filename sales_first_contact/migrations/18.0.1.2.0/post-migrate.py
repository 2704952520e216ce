"""18.0.1.2.0: every duplicate search key computed again by the new rules.

Phones in any format with several numbers a field, e-mails without
sub-addressing, websites and corporate domains as registrable domains, company
names without cities and branches, and the keys in any script: the keys of
the existing clients and leads are recomputed in batches, one UPDATE each.
"""

import logging
import time

from odoo import SUPERUSER_ID, api

from odoo.addons.sales_first_contact.hooks import fill_keys

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    started = time.monotonic()
    fill_keys(api.Environment(cr, SUPERUSER_ID, {}))
    _logger.info(
        "Duplicate search keys recomputed in %.0f s", time.monotonic() - started
    )
