from contextlib import nullcontext

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html2plaintext, mute_logger

from odoo.addons.sales_first_contact.tests.test_routing import MONDAY_NOON_MSK

from ..models.website_flood import FLOOD_LIMIT
from .common import PDF, WebsiteChannelCase


@tagged("post_install", "-at_install")
class TestMaterialDownload(WebsiteChannelCase, HttpCase):
    """The download form posted as a visitor's browser posts it (/website/form/)."""

    def _post(self, material=None, frozen=True, **fields):
        data = {"material_id": (material or self.price_list).id, **fields}
        # Monday noon for the roster; not for a visitor's cookie (expired then)
        with freeze_time(MONDAY_NOON_MSK) if frozen else nullcontext():
            response = self.url_open(
                "/website/form/crm.material.download", data=data, allow_redirects=False
            )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _download(self, material=None, **fields):
        answer = self._post(material, **fields)
        self.assertTrue(answer.get("id"), answer)
        return self.env["crm.material.download"].browse(answer["id"])

    def test_download_opens_a_routed_lead(self):
        download = self._download(
            contact_name="Белкина Вера",
            company_name="ООО «Новая Волна»",
            email="v.belkina@novaya-volna.ru",
            phone="+7 495 654-32-10",
        )
        lead = download.lead_id
        self.assertTrue(lead)
        self.assertEqual(lead.source_id, self.source_download)
        self.assertEqual(lead.first_contact_channel, "website")
        self.assertEqual((lead.user_id, lead.first_contact_rule), (self.m1, "duty"))
        self.assertEqual(
            (lead.contact_name, lead.partner_name, lead.email_from),
            ("Белкина Вера", "ООО «Новая Волна»", "v.belkina@novaya-volna.ru"),
        )
        self.assertEqual(lead.fc_material_ids, self.price_list)
        self.assertEqual(self.price_list.download_count, 1)
        self.assertIn("Прайс-лист 2026", html2plaintext(lead.message_ids[0].body))

    def test_second_download_of_the_same_person_adds_to_their_lead(self):
        first = self._download(
            contact_name="Белкина Вера",
            email="v.belkina@novaya-volna.ru",
            phone="+7 495 654-32-10",
        )
        Lead = self.env["crm.lead"].with_context(active_test=False)
        leads = Lead.search([])
        # the same e-mail, another material
        second = self._download(
            self.brochure,
            contact_name="Вера Белкина",
            email="V.Belkina@novaya-volna.ru",
        )
        # another e-mail, the same phone (six-step keys)
        third = self._download(
            contact_name="В. Белкина",
            email="vera@mail.example",
            phone="8 (495) 654 32 10",
        )
        self.assertEqual(Lead.search([]), leads, "no new lead")
        self.assertEqual(second.lead_id, first.lead_id)
        self.assertEqual(third.lead_id, first.lead_id)
        lead = first.lead_id
        self.assertEqual(lead.fc_download_ids, first | second | third)
        self.assertEqual(lead.fc_material_ids, self.price_list | self.brochure)
        self.assertEqual(lead.user_id, self.m1, "its manager keeps it")
        chatter = " ".join(html2plaintext(m.body) for m in lead.message_ids)
        self.assertIn("Буклет о компании", chatter)

    def test_known_client_is_proposed_and_goes_to_its_manager(self):
        download = self._download(
            contact_name="Ёлкин Фёдор", email="f.yolkin@les-polyana.ru"
        )
        lead = download.lead_id
        self.assertEqual(
            (lead.user_id, lead.first_contact_rule), (self.m3, "client_manager")
        )
        self.assertFalse(lead.partner_id, "an anonymous visitor changes no card")
        self.assertEqual(lead.fc_client_id, self.known)
        self.assertFalse(self.known.child_ids)

    def test_file_only_after_the_form(self):
        url = f"/materials/{self.price_list.id}/download"
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(f"/materials/{self.price_list.id}")
        )
        self._download(
            contact_name="Белкина Вера", email="v.belkina@novaya-volna.ru", frozen=False
        )
        thanks = self.url_open("/materials/thanks")
        self.assertIn(url, thanks.text)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        # one material asked for, not the others
        other = self.url_open(
            f"/materials/{self.brochure.id}/download", allow_redirects=False
        )
        self.assertEqual(other.status_code, 303)

    def test_pages_show_published_materials_only(self):
        page = self.url_open("/materials")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Прайс-лист 2026", page.text)
        self.assertNotIn("Черновик", page.text)
        self.assertEqual(self.url_open(f"/materials/{self.draft.id}").status_code, 404)
        self.assertEqual(
            self.url_open(f"/materials/{self.draft.id}/download").status_code, 404
        )
        form = self.url_open(f"/materials/{self.price_list.id}")
        self.assertIn('data-model_name="crm.material.download"', form.text)

    def test_snippet_offers_the_published_materials(self):
        """The website builder's block: the form, with the materials published
        when it is placed."""
        new_test_user(
            self.env,
            login="sfc_designer",
            groups="base.group_user,website.group_website_designer",
        )
        self.authenticate("sfc_designer", "sfc_designer")
        html = self.make_jsonrpc_request(
            "/web/dataset/call_kw/ir.ui.view/render_public_asset",
            {
                "model": "ir.ui.view",
                "method": "render_public_asset",
                "args": ["website.snippets", {}],
                "kwargs": {},
            },
        )
        self.assertIn("s_material_download", html)
        self.assertIn('data-model_name="crm.material.download"', html)
        self.assertIn("Прайс-лист 2026", html)
        self.assertNotIn("Черновик", html)


@tagged("post_install", "-at_install")
class TestMaterialDownloadBadInput(WebsiteChannelCase, HttpCase):
    """What a visitor or a robot may send: refused clearly, nothing half-written."""

    def _post(self, **fields):
        with freeze_time(MONDAY_NOON_MSK):
            response = self.url_open("/website/form/crm.material.download", data=fields)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _counts(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        return (
            self.env["crm.material.download"].search_count([]),
            Lead.search_count([]),
        )

    def assertRefused(self, answer, counts):
        self.assertFalse(answer.get("id"), answer)
        self.assertTrue(answer.get("error") or answer.get("error_fields"), answer)
        self.assertEqual(self._counts(), counts, "nothing written")

    def test_empty_and_partial_posts(self):
        before = self._counts()
        self.assertRefused(self._post(csrf_token=""), before)  # nothing but that
        self.assertRefused(self._post(material_id=self.price_list.id), before)
        self.assertRefused(
            self._post(material_id=self.price_list.id, contact_name="   ", email=" "),
            before,
        )
        self.assertRefused(
            self._post(
                material_id=self.price_list.id, contact_name="Вера", email="not-mail"
            ),
            before,
        )
        self.assertRefused(
            self._post(material_id="abc", contact_name="Вера", email="v@x.ru"), before
        )

    def test_unpublished_or_unknown_material(self):
        before = self._counts()
        for material_id in (self.draft.id, 999999999):
            answer = self._post(
                material_id=material_id, contact_name="Вера", email="v@novaya-volna.ru"
            )
            self.assertRefused(answer, before)

    def test_oversized_fields(self):
        before = self._counts()
        valid = {
            "material_id": self.price_list.id,
            "contact_name": "Вера",
            "email": "v@novaya-volna.ru",
            "phone": "+7 495 654-32-10",
            "company_name": "ООО «Новая Волна»",
        }
        for field, value in (
            ("contact_name", "Я" * 129),
            ("company_name", "Я" * 100_000),
            ("phone", "1" * 65),
            ("email", "v" * 250 + "@novaya-volna.ru"),
        ):
            answer = self._post(**dict(valid, **{field: value}))
            self.assertRefused(answer, before)
            self.assertIn("too long", answer["error"])

    def test_html_and_script_in_every_field_stay_text(self):
        script = "<script>alert(1)</script><b>x</b>"
        with mute_logger("odoo.addons.mail.models.mail_mail"):
            answer = self._post(
                material_id=self.price_list.id,
                contact_name=f"Вера {script}",
                company_name=f"Волна {script}",
                email="v.belkina@novaya-volna.ru",
                phone=f"+7 495 654-32-10 {script}",
            )
        download = self.env["crm.material.download"].browse(answer["id"])
        self.assertEqual(download.contact_name, f"Вера {script}")
        lead = download.lead_id
        self.assertEqual(lead.contact_name, f"Вера {script}")
        body = str(lead.message_ids[0].body)
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;", body)
        # a script in the e-mail is no e-mail
        before = self._counts()
        self.assertRefused(
            self._post(
                material_id=self.price_list.id,
                contact_name="Вера",
                email=f"v@x.ru{script}",
            ),
            before,
        )

    def test_flood_from_one_address_is_refused(self):
        before = self._counts()
        answers = [
            self._post(
                material_id=self.price_list.id,
                contact_name=f"Робот {n}",
                email=f"robot{n}@flood-{n}.example",
            )
            for n in range(100)
        ]
        accepted = [a for a in answers if a.get("id")]
        refused = [a for a in answers if not a.get("id")]
        self.assertEqual(len(accepted), FLOOD_LIMIT)
        self.assertEqual(len(refused), 100 - FLOOD_LIMIT)
        self.assertTrue(all("Too many requests" in a["error"] for a in refused))
        downloads, leads = self._counts()
        self.assertEqual(downloads, before[0] + FLOOD_LIMIT)
        self.assertEqual(leads, before[1] + FLOOD_LIMIT, "a lead per accepted one")


@tagged("post_install", "-at_install")
class TestMaterialDownloadPage(WebsiteChannelCase, HttpCase):
    """The visitor's way: the materials page, its form, the file."""

    def test_download_form_opens_a_lead_and_gives_the_file(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)
        before = Lead.search([])
        self.start_tour("/materials", "sales_first_contact_website_download_tour")
        lead = Lead.search([]) - before
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.source_id, self.source_download)
        self.assertEqual(lead.fc_material_ids, self.price_list)
        self.assertEqual(
            (lead.contact_name, lead.partner_name, lead.email_from),
            ("Ёлкин Фёдор", "Лесная Поляна", "f.yolkin@les-polyana.ru"),
        )
        self.assertEqual(lead.fc_client_id, self.known)
        self.assertEqual(
            (lead.user_id, lead.first_contact_rule), (self.m3, "client_manager")
        )
