import base64

from odoo.addons.sales_first_contact.tests.test_routing import RoutingCase

PDF = b"%PDF-1.4\n% price list\n%%EOF\n"


class WebsiteChannelCase(RoutingCase):
    """A roster with a duty manager, a known client and two published materials."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.duty.shift"].create(
            {
                "user_id": cls.m1.id,
                "team_id": cls.main.id,
                "date_start": "2026-03-02 06:00:00",
                "date_end": "2026-03-02 15:00:00",
            }
        )
        cls.known = cls.env["res.partner"].create(
            {
                "name": "ООО «Лесная Поляна»",
                "is_company": True,
                "email": "info@les-polyana.ru",
                "user_id": cls.m3.id,
            }
        )
        Material = cls.env["crm.material"]
        cls.price_list = Material.create(
            {
                "name": "Прайс-лист 2026",
                "document": base64.b64encode(PDF),
                "document_name": "price-list-2026.pdf",
                "is_published": True,
            }
        )
        cls.brochure = Material.create(
            {
                "name": "Буклет о компании",
                "document": base64.b64encode(PDF),
                "document_name": "brochure.pdf",
                "is_published": True,
            }
        )
        cls.draft = Material.create(
            {
                "name": "Черновик",
                "document": base64.b64encode(PDF),
                "document_name": "draft.pdf",
                "is_published": False,
            }
        )
        cls.source_download = cls.env.ref(
            "sales_first_contact_website.utm_source_material_download"
        )
        cls.source_signup = cls.env.ref(
            "sales_first_contact_website.utm_source_website_signup"
        )
