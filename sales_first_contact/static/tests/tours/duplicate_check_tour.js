import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_first_contact_check_client_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "Open the first contact menu",
            trigger: ".o_main_navbar button:contains('First Contact')",
            run: "click",
        },
        {
            content: "Open the Check Client screen",
            trigger: ".dropdown-item:contains('Check Client')",
            run: "click",
        },
        {
            content: "Type the company name as the caller says it",
            trigger: ".modal .o_field_widget[name=company_name] input",
            run: "edit Ромашка",
        },
        {
            content: "Type the phone without the country code",
            trigger: ".modal .o_field_widget[name=phone] input",
            run: "edit 8 (495) 123-45-67",
        },
        {
            content: "Leave the field: the search runs",
            trigger: ".modal .o_field_widget[name=contact_name] input",
            run: "click",
        },
        {
            content: "The existing client is found as a likely duplicate",
            trigger: ".modal .alert-danger:contains('likely')",
        },
        {
            content: "With the matched steps as columns",
            trigger:
                ".modal .o_field_widget[name=line_ids] .o_data_row:contains('ООО «Тест-Ромашка»'):contains('Same number')",
        },
        {
            content: "A bad phone is said in plain words",
            trigger: ".modal .o_field_widget[name=phone] input",
            run: "edit позвонить завтра",
        },
        {
            trigger: ".modal .o_field_widget[name=email] input",
            run: "click",
        },
        {
            content: "The warning shows",
            trigger: ".modal .alert-warning:contains('does not look like a phone number')",
        },
        {
            content: "Back to the caller's number",
            trigger: ".modal .o_field_widget[name=phone] input",
            run: "edit 8 (495) 123-45-67",
        },
        {
            trigger: ".modal .o_field_widget[name=email] input",
            run: "click",
        },
        {
            trigger: ".modal:not(:has(.alert-warning:contains('does not look like')))",
        },
        {
            content: "Search: the results get their actions",
            trigger: ".modal-footer button[name=action_search]",
            run: "click",
        },
        {
            content: "The owner's open opportunity can be taken over",
            trigger:
                ".modal .o_data_row:contains('ООО «Тест-Ромашка»') button[name=action_open]",
        },
        {
            trigger: ".modal-footer button:contains('Close')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("sales_first_contact_lead_banner_tour", {
    steps: () => [
        {
            content: "The lead form warns about the existing client",
            trigger: ".o_form_view .alert-danger:contains('Likely duplicate of ООО «Тест-Ромашка»')",
        },
        {
            content: "The Duplicates button shows the count",
            trigger: ".o_form_view .oe_stat_button:contains('Duplicates')",
        },
        {
            content: "Check the client from the banner",
            trigger: ".o_form_view .alert-danger button:contains('Check the client')",
            run: "click",
        },
        {
            content: "The check screen lists the client with its steps",
            trigger:
                ".modal .o_field_widget[name=line_ids] .o_data_row:contains('ООО «Тест-Ромашка»'):contains('Same')",
        },
        {
            content: "Open the existing card",
            trigger:
                ".modal .o_data_row:contains('ООО «Тест-Ромашка»') button[name=action_open]",
            run: "click",
        },
        {
            content: "The client card opens",
            trigger: ".o_breadcrumb .active:contains('ООО «Тест-Ромашка»')",
        },
    ],
});
