import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_first_contact_sources_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "Open CRM configuration",
            trigger: ".o_main_navbar button:contains('Configuration')",
            run: "click",
        },
        {
            content: "Open the first contact sources",
            trigger: ".dropdown-item:contains('First Contact Sources')",
            run: "click",
        },
        {
            content: "The incoming call source is listed with its channel",
            trigger: ".o_data_row:contains('Incoming call'):contains('Incoming call')",
        },
        {
            content: "Sources of the exhibition channel are there too",
            trigger: ".o_data_row:contains('Exhibition, seminar, conference')",
        },
    ],
});
