{
    "name": "Sales First Contact: Website Requests",
    "summary": "Website contact-form leads get the website source and are routed "
    "by the first-contact regulation",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/sales-first-contact/sales_first_contact",
    "author": "sales_first_contact developers",
    "maintainers": ["sales-first-contact"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["sales_first_contact", "website_crm"],
    "data": ["views/website_templates_contactus.xml"],
    "assets": {
        "web.assets_tests": [
            "sales_first_contact_website/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": True,
}
