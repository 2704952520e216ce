from odoo import api, fields, models

from ..dedup import normalize

PREFIX = "first_contact_"


def _default_ref(xmlid):
    """A default for a many2one setting: the id of a record of data (Settings
    store ids)."""
    return lambda model: model.env["ir.model.data"]._xmlid_to_res_id(
        xmlid, raise_if_not_found=False
    )


class CrmFirstContactSettingsMixin(models.AbstractModel):
    """The addon's settings: one field per setting, each stored as a system
    parameter (``config_parameter``) with its default on the field, here only.

    ``res.config.settings`` (the administrator's CRM Settings) and
    ``crm.first.contact.settings`` (the head of sales' own page) both inherit
    these fields. Python API, for every model of the addon::

        Settings = env["crm.first.contact.settings"]
        Settings._get_setting("fallback_user_id")    # res.users, maybe empty
        Settings._get_setting("commission_rate_agent")  # 5.0 unless changed
        Settings._set_settings({"fallback_user_id": user.id})

    A setting's name is its field's name without ``first_contact_``. Values are
    of the field's type: float, int, bool, str, or a recordset for a many2one
    (not checked for existence: call ``exists()`` where a deleted record
    matters). Saving a setting the duplicate search keys depend on (see
    :meth:`_dedup_key_settings`) queues their recomputation as a background job.
    """

    _name = "crm.first.contact.settings.mixin"
    _description = "First Contact Settings"

    # Duplicate search (R11)
    first_contact_default_country_id = fields.Many2one(
        "res.country",
        string="Default Country of Phone Numbers",
        default=_default_ref("base.ru"),
        config_parameter="sales_first_contact.default_country_id",
        help="Country used to read phone numbers written without a country code "
        "when the record itself has no country.",
    )
    first_contact_duplicate_policy = fields.Selection(
        [("warn", "Warn"), ("block", "Block")],
        string="New Client Card Matching an Existing One",
        default="warn",
        config_parameter="sales_first_contact.duplicate_policy",
        help="Warn: the card shows the likely duplicates and can be saved. "
        "Block: a card that is a likely duplicate of an existing client cannot "
        "be saved by hand; the user is sent to the existing card. "
        "Imports never block: they report.",
    )
    first_contact_public_mail_domains = fields.Char(
        string="Public Mail Providers",
        default=lambda self: " ".join(sorted(normalize.CIS_MAIL_PROVIDERS)),
        config_parameter="sales_first_contact.public_mail_domains",
        help="Mail domains that are not a company's own (besides Odoo's list), "
        "separated by spaces: addresses there are not compared by domain.",
    )

    # Duty roster (R2)
    first_contact_office_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Office Hours",
        default=_default_ref("sales_first_contact.resource_calendar_office"),
        config_parameter="sales_first_contact.office_calendar_id",
        help="The working calendar of the offices: working days and hours, its "
        "time zone, public holidays and transferred working days. A sales team "
        "may have its own.",
    )
    first_contact_fallback_user_id = fields.Many2one(
        "res.users",
        string="Fallback Manager",
        domain=[("share", "=", False)],
        config_parameter="sales_first_contact.fallback_user_id",
        help="Takes the first contacts when nobody is on duty and no regional "
        "manager is present.",
    )

    # Commission (R7)
    first_contact_commission_rate_agent = fields.Float(
        "Agent's Commission (%)",
        default=5.0,
        config_parameter="sales_first_contact.commission_rate_agent",
    )
    first_contact_commission_rate_manager = fields.Float(
        "Manager's Commission (%)",
        default=3.0,
        config_parameter="sales_first_contact.commission_rate_manager",
    )

    # What a save queued: the recomputation of the duplicate search keys
    first_contact_key_refresh_progress = fields.Char(
        "Recomputing Search Keys", compute="_compute_first_contact_key_refresh_progress"
    )

    def _compute_first_contact_key_refresh_progress(self):
        progress = self.env["crm.duplicate.key.refresh"]._progress_text()
        for settings in self:
            settings.first_contact_key_refresh_progress = progress

    @api.model
    def _valid_field_parameter(self, field, name):
        return name == "config_parameter" or super()._valid_field_parameter(field, name)

    @api.model
    def _setting_fields(self):
        """The settings' fields of this mixin, by setting name."""
        mixin = self.env["crm.first.contact.settings.mixin"]
        return {
            fname[len(PREFIX) :]: mixin._fields[fname]
            for fname in mixin._fields
            if fname.startswith(PREFIX)
            and getattr(mixin._fields[fname], "config_parameter", None)
        }

    @api.model
    def _get_setting(self, name):
        """The value of setting ``name``: the stored parameter, else its default."""
        Model = self.env["crm.first.contact.settings.mixin"]
        field = Model._fields[PREFIX + name]
        default = field.default(Model) if field.default else False
        raw = self.env["ir.config_parameter"].sudo().get_param(field.config_parameter)
        try:
            return _from_parameter(self.env, field, raw, default)
        except (TypeError, ValueError):  # a hand-made parameter that does not parse
            return _from_parameter(self.env, field, None, default)

    @api.model
    def _set_settings(self, values):
        """Store settings (by setting name; many2one values as ids or records)
        as Settings would; returns the names of those that changed."""
        fields_by_name = self._setting_fields()
        params = self.env["ir.config_parameter"].sudo()
        before = self._raw_settings()
        for name, value in values.items():
            field = fields_by_name[name]
            stored = _to_parameter(field, value)
            if params.get_param(field.config_parameter) != stored:
                params.set_param(field.config_parameter, stored)
        after = self._raw_settings()
        changed = {name for name in values if before[name] != after[name]}
        self._settings_changed(changed)
        return changed

    @api.model
    def _raw_settings(self):
        """Each setting's stored parameter, or its default as it would be
        stored (to see what a save changed: storing a default changes none)."""
        params = self.env["ir.config_parameter"].sudo()
        Model = self.env["crm.first.contact.settings.mixin"]
        return {
            name: params.get_param(field.config_parameter)
            or _to_parameter(field, field.default(Model) if field.default else False)
            for name, field in self._setting_fields().items()
        }

    @api.model
    def _dedup_key_settings(self):
        """Settings the stored duplicate search keys are computed with."""
        return {"public_mail_domains"}

    @api.model
    def _settings_changed(self, names):
        """Hook after a save: queue the key recomputation when keys depend on
        a changed setting (the background job, not the save, does the work)."""
        if set(names) & self._dedup_key_settings():
            self.env["crm.duplicate.key.refresh"]._queue()


def _from_parameter(env, field, raw, default):
    """A setting's value from its stored parameter, as Settings read it."""
    value = default if raw in (None, False, "") else raw
    if field.type == "many2one":
        if isinstance(value, models.BaseModel):
            return value.with_env(env)[:1]
        return env[field.comodel_name].browse(int(value) if value else ())
    if field.type == "float":
        return float(value or 0.0)
    if field.type == "integer":
        return int(value or 0)
    if field.type == "boolean":
        return value not in (False, "False", "0")
    return value or False


def _to_parameter(field, value):
    """The stored parameter of a setting's value, as Settings store it."""
    if field.type == "many2one":
        value = value.id if isinstance(value, models.BaseModel) else value
        return str(value) if value else False
    if field.type in ("integer", "float"):
        return repr(value) if value else False
    if field.type == "char":
        return (value or "").strip() or False
    return str(value) if value else False
