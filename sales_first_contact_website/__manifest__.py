{
    "name": "Sales First Contact: Website Requests",
    "summary": "Website contact-form requests, sign-ups and material downloads "
    "become first contacts routed by the sales regulation",
    "version": "18.0.1.1.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-first-contact/sales_first_contact",
    "author": "sales_first_contact developers",
    "maintainers": ["sales-first-contact"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["sales_first_contact", "website_crm"],
    "data": [
        "security/ir.model.access.csv",
        "security/sales_first_contact_website_security.xml",
        "data/utm_source_data.xml",
        "data/ir_model_data.xml",
        "data/website_menu_data.xml",
        "views/crm_material_views.xml",
        "views/crm_material_download_views.xml",
        "views/crm_lead_views.xml",
        "views/website_templates_contactus.xml",
        "views/website_templates_materials.xml",
        "views/sales_first_contact_website_menus.xml",
    ],
    "demo": ["demo/crm_material_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "sales_first_contact_website/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": True,
}
