from odoo.tests import HttpCase, tagged

from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestUi(FirstContactCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()

    def test_head_of_sales_reviews_first_contact_sources(self):
        self.start_tour(
            "/odoo/crm", "sales_first_contact_sources_tour", login=self.user_head.login
        )
