"""Build a database's web client asset bundles once, as its first page load
would (run by ``odoo shell``, see tools/run_tests.sh): a browser test's first
page then waits for no bundle to be compiled, which on a slow or busy machine
passed the 60 s Odoo's tours wait for the page to be ready."""

BUNDLES = ("web.assets_web", "web.assets_tests", "web.__assets_tests_call__")

for name in BUNDLES:
    bundle = env["ir.qweb"]._get_asset_bundle(name)  # noqa: F821 (odoo shell)
    bundle.js()
    bundle.css()
env.cr.commit()  # noqa: F821
print(f"asset bundles built: {', '.join(BUNDLES)}")
