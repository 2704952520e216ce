"""18.0.1.2.0: new duplicate search keys (e-mail without sub-addressing, the
company name and the surname in any script), made empty here so that the
update does not compute them record by record (see post-migrate)."""

from odoo.addons.sales_first_contact.hooks import create_key_columns


def migrate(cr, version):
    if version:
        create_key_columns(cr)
