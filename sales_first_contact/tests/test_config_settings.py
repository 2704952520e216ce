from unittest.mock import patch

from odoo.exceptions import AccessError, RedirectWarning
from odoo.tests import TransactionCase, tagged

from ..models import crm_duplicate_key_refresh as key_refresh
from .common import FirstContactCase


@tagged("post_install", "-at_install")
class TestConfigSettings(FirstContactCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()

    def test_default_country_is_russia(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(
            settings.first_contact_default_country_id, self.env.ref("base.ru")
        )

    def test_settings_are_saved(self):
        belarus = self.env.ref("base.by")
        self.env["res.config.settings"].create(
            {"first_contact_default_country_id": belarus.id}
        ).execute()
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_first_contact.default_country_id")
        )
        self.assertEqual(param, str(belarus.id))
        self.assertEqual(
            self.env["res.config.settings"].create({}).first_contact_default_country_id,
            belarus,
        )

    def test_settings_block_in_crm_settings(self):
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn('name="first_contact_setting_container"', arch)
        self.assertIn('name="first_contact_default_country_id"', arch)

    def test_sales_roles_cannot_change_settings(self):
        for user in (self.user_agent, self.user_manager):
            with self.assertRaises(AccessError):
                self.env["res.config.settings"].with_user(user).create({})


@tagged("post_install", "-at_install")
class TestSettingsInOnePlace(FirstContactCase, TransactionCase):
    """Issue 14.4: each setting is a config_parameter field with its default in
    one place, read through one helper by every model; saving Settings queues
    the key recomputation as a background job instead of doing it in the save."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFirstContactUsers()
        cls.Settings = cls.env["crm.first.contact.settings"]
        cls.params = cls.env["ir.config_parameter"].sudo()

    def _unset(self, name):
        field = self.Settings._setting_fields()[name]
        self.params.set_param(field.config_parameter, False)

    def test_every_setting_is_a_config_parameter_of_settings(self):
        names = set(self.Settings._setting_fields())
        self.assertGreaterEqual(
            names,
            {
                "default_country_id",
                "duplicate_policy",
                "public_mail_domains",
                "office_calendar_id",
                "fallback_user_id",
                "commission_rate_agent",
                "commission_rate_manager",
            },
        )
        for name in names:
            field = self.env["res.config.settings"]._fields[f"first_contact_{name}"]
            self.assertTrue(field.config_parameter, name)

    def test_defaults_are_the_fields_defaults(self):
        for name in ("commission_rate_agent", "duplicate_policy", "office_calendar_id"):
            self._unset(name)
        self.assertEqual(self.Settings._get_setting("commission_rate_agent"), 5.0)
        self.assertEqual(self.Settings._get_setting("commission_rate_manager"), 3.0)
        self.assertEqual(self.Settings._get_setting("duplicate_policy"), "warn")
        self.assertEqual(
            self.Settings._get_setting("office_calendar_id"),
            self.env.ref("sales_first_contact.resource_calendar_office"),
        )
        blank = self.env["res.config.settings"].create({})
        self.assertEqual(blank.first_contact_commission_rate_agent, 5.0)
        self.assertEqual(
            blank.first_contact_office_calendar_id,
            self.env.ref("sales_first_contact.resource_calendar_office"),
        )

    def test_every_model_reads_through_the_helper(self):
        self.Settings._set_settings(
            {
                "commission_rate_agent": 7.5,
                "fallback_user_id": self.user_manager_2.id,
                "public_mail_domains": "example-mail.ru",
                "duplicate_policy": "block",
            }
        )
        self.assertEqual(
            self.params.get_param("sales_first_contact.commission_rate_agent"), "7.5"
        )
        self.assertEqual(
            self.env["crm.commission"]._rate_of(self.user_agent, "agent"), 7.5
        )
        self.assertEqual(self.env["crm.team"]._fallback_user(), self.user_manager_2)
        settings = self.env["crm.duplicate.finder"]._dedup_settings()
        self.assertIn("example-mail.ru", settings["public_domains"])
        self.assertEqual(settings["region"], "RU")
        self.env["res.partner"].create(
            {"name": "ООО «Полис»", "is_company": True, "email": "info@polis-test.ru"}
        )
        with self.assertRaises(RedirectWarning):  # the policy "block"
            self.env["res.partner"]._dedup_check_new_card(
                {"name": "ООО «Полис»", "is_company": True, "email": "a@polis-test.ru"}
            )
        # the administrator's Settings and the helper give the same values
        admin_page = self.env["res.config.settings"].create({})
        self.assertEqual(admin_page.first_contact_commission_rate_agent, 7.5)
        self.assertEqual(admin_page.first_contact_fallback_user_id, self.user_manager_2)

    def test_saving_queues_the_key_recomputation(self):
        partner = self.env["res.partner"].create(
            {"name": "Client on a new provider", "email": "boss@newmail.example"}
        )
        self.assertEqual(partner.dedup_domain_key, "newmail.example")
        Refresh = self.env["crm.duplicate.key.refresh"]
        self._unset("public_mail_domains")
        self.env["res.config.settings"].create({}).execute()  # stores the defaults
        self.assertFalse(Refresh.search([]), "storing the defaults changes no key")
        cron = self.env.ref("sales_first_contact.ir_cron_dedup_key_refresh")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        settings = self.env["res.config.settings"].create(
            {"first_contact_public_mail_domains": "mail.ru newmail.example"}
        )
        settings.execute()
        self.env.invalidate_all()
        self.assertEqual(
            partner.dedup_domain_key, "newmail.example", "not recomputed in the save"
        )
        self.assertTrue(Refresh.search([]))
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers + 1,
        )

        def progress():
            page = self.env["res.config.settings"].create({})
            return page.first_contact_key_refresh_progress

        self.assertIn("will be recomputed", progress())
        total = sum(
            Model.search_count(Model._dedup_refresh_domain())
            for Model in (
                self.env[name].with_context(active_test=False)
                for name in ("res.partner", "crm.lead")
            )
        )
        with patch.object(key_refresh, "CHUNK", 2):  # in chunks of two records
            Refresh._cron_run()
            self.assertIn(f"2 of {total}", progress())
            runs = 1
            while Refresh.search([]) and runs < 10000:
                Refresh._cron_run()
                runs += 1
        self.assertGreater(runs, total // 2, "one chunk per run")
        self.env.invalidate_all()
        self.assertFalse(partner.dedup_domain_key, "a public provider now")
        self.assertFalse(
            self.env["res.config.settings"]
            .create({})
            .first_contact_key_refresh_progress
        )
        # a save that does not touch the key settings queues nothing
        self.env["res.config.settings"].create(
            {"first_contact_commission_rate_manager": 4.0}
        ).execute()
        self.assertFalse(Refresh.search([]))

    def test_head_of_sales_page(self):
        page = self.Settings.with_user(self.user_head).create(
            {
                "first_contact_fallback_user_id": self.user_manager.id,
                "first_contact_commission_rate_manager": 2.5,
            }
        )
        page.execute()
        self.assertEqual(
            self.Settings._get_setting("fallback_user_id"), self.user_manager
        )
        self.assertEqual(self.Settings._get_setting("commission_rate_manager"), 2.5)
        reopened = self.Settings.with_user(self.user_head).create({})
        self.assertEqual(reopened.first_contact_fallback_user_id, self.user_manager)
        self.assertEqual(
            self.env["res.config.settings"].create({}).first_contact_fallback_user_id,
            self.user_manager,
            "one value for both pages",
        )
        for user in (self.user_agent, self.user_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Settings.with_user(user).create(
                    {"first_contact_commission_rate_manager": 50.0}
                )
        self.assertEqual(self.Settings._get_setting("commission_rate_manager"), 2.5)
        # and no general Settings for the head of sales
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.user_head).create({})
