import base64

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.sales_first_contact.tests.test_routing import RoutingCase

from .common import PDF


@tagged("post_install", "-at_install")
class TestMaterialAccess(RoutingCase):
    """Each role attacks the materials and the downloads through the ORM's
    public methods (what RPC calls)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env, login="sfc_portal", groups="base.group_portal"
        )
        cls.material = cls.env["crm.material"].create(
            {
                "name": "Прайс-лист",
                "document": base64.b64encode(PDF),
                "document_name": "price.pdf",
                "is_published": True,
            }
        )
        Lead = cls.env["crm.lead"]
        cls.lead_m1 = Lead.create({"name": "M1's", "user_id": cls.m1.id})
        cls.lead_m2 = Lead.create({"name": "M2's", "user_id": cls.m2.id})
        Download = cls.env["crm.material.download"]
        cls.download_m1, cls.download_m2 = Download.create(
            [
                {
                    "material_id": cls.material.id,
                    "lead_id": lead.id,
                    "contact_name": "Вера",
                    "email": "v@novaya-volna.ru",
                    "ip_address": "192.0.2.7",
                }
                for lead in (cls.lead_m1, cls.lead_m2)
            ]
        )

    def _material_values(self):
        return {"name": "Чужой", "document": base64.b64encode(PDF)}

    def test_salespeople_and_agents_read_but_do_not_manage_materials(self):
        for user in (self.m1, self.user_agent):
            Material = self.env["crm.material"].with_user(user)
            # every material, as the head of sales sees them
            self.assertIn(self.material, Material.search([]))
            self.assertEqual(Material.search([]), self.env["crm.material"].search([]))
            material = self.material.with_user(user)
            with self.assertRaises(AccessError):
                Material.create(self._material_values())
            with self.assertRaises(AccessError):
                material.write({"name": "Взлом"})
            with self.assertRaises(AccessError):
                material.write({"is_published": False})
            with self.assertRaises(AccessError):
                material.unlink()

    def test_head_of_sales_manages_materials(self):
        Material = self.env["crm.material"].with_user(self.user_head)
        material = Material.create(self._material_values())
        material.write({"name": "Новый прайс", "is_published": True})
        material.unlink()

    def test_downloads_seen_as_the_leads_are(self):
        Download = self.env["crm.material.download"]
        self.assertEqual(Download.with_user(self.m1).search([]), self.download_m1)
        self.assertEqual(Download.with_user(self.m2).search([]), self.download_m2)
        with self.assertRaises(AccessError):
            self.download_m2.with_user(self.m1).read(["email"])
        # the head of sales sees every download, those of the demo data too
        everything = Download.sudo().search([])
        self.assertLessEqual(self.download_m1 | self.download_m2, everything)
        self.assertEqual(Download.with_user(self.user_head).search([]), everything)
        # the visitor's address is for the head of sales only
        with self.assertRaises(AccessError):
            self.download_m1.with_user(self.m1).read(["ip_address"])
        self.assertEqual(
            self.download_m1.with_user(self.user_head).ip_address, "192.0.2.7"
        )

    def test_nobody_forges_or_changes_a_download(self):
        values = {
            "material_id": self.material.id,
            "lead_id": self.lead_m1.id,
            "contact_name": "Подделка",
            "email": "fake@example.com",
        }
        for user in (self.m1, self.user_agent, self.user_head):
            Download = self.env["crm.material.download"].with_user(user)
            with self.assertRaises(AccessError):
                Download.create(values)
            with self.assertRaises(AccessError):
                self.download_m1.with_user(user).write({"lead_id": self.lead_m2.id})
        with self.assertRaises(AccessError):
            self.download_m1.with_user(self.m1).unlink()
        self.download_m1.with_user(self.user_head).unlink()  # personal data removed

    def test_portal_and_public_see_nothing(self):
        public = self.env.ref("base.public_user")
        for user in (self.portal, public):
            with self.assertRaises(AccessError):
                self.env["crm.material"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.material.with_user(user).read(["document"])
            with self.assertRaises(AccessError):
                self.env["crm.material.download"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["crm.material"].with_user(user).create(self._material_values())

    def test_menus_for_the_head_of_sales(self):
        menus = self.env.ref(
            "sales_first_contact_website.crm_material_menu"
        ) | self.env.ref("sales_first_contact_website.crm_material_download_menu")
        Menu = self.env["ir.ui.menu"]
        visible = Menu.with_user(self.user_head)._visible_menu_ids()
        self.assertEqual(set(menus.ids) & visible, set(menus.ids))
        for user in (self.m1, self.user_agent):
            visible = Menu.with_user(user)._visible_menu_ids()
            self.assertFalse(set(menus.ids) & visible)
        # the report opens for the head of sales, grouped by material
        Download = self.env["crm.material.download"].with_user(self.user_head)
        ours = (self.download_m1 | self.download_m2).ids  # not the demo data's
        groups = Download.read_group(
            [("id", "in", ours)], ["material_id"], ["material_id"]
        )
        self.assertEqual(
            [(g["material_id"][0], g["material_id_count"]) for g in groups],
            [(self.material.id, 2)],
        )
