{
    "name": "Sales First Contact",
    "summary": "First contacts by the sales regulation: sources, duplicate check, "
    "routing to the right manager",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-first-contact/sales_first_contact",
    "author": "sales_first_contact developers",
    "maintainers": ["sales-first-contact"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["crm", "phone_validation", "utm"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/sales_first_contact_groups.xml",
        "security/ir.model.access.csv",
        "data/utm_source_data.xml",
        "data/crm_awareness_source_data.xml",
        "views/crm_awareness_source_views.xml",
        "views/utm_source_views.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/sales_first_contact_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/crm_team_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/crm_lead_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_first_contact/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
