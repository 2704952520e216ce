# Run by `make demo` in `odoo shell` once, after the demo database is created:
# the settings an administrator makes when setting the addon up.
settings = env["res.config.settings"].create({"group_use_lead": True})  # noqa: F821
settings.execute()
env.cr.commit()  # noqa: F821
