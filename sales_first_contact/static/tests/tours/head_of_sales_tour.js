import { registry } from "@web/core/registry";

// The head of sales' day, in Russian: the duty roster, then the reports.
registry.category("web_tour.tours").add("sales_first_contact_head_of_sales_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "The first contact menu, in Russian",
            trigger: ".o_main_navbar button:contains('Первичный контакт')",
            run: "click",
        },
        {
            content: "Open the duty roster",
            trigger: ".dropdown-item:contains('График дежурств')",
            run: "click",
        },
        {
            content: "The roster opens as a calendar",
            trigger: ".o_calendar_view",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Edit Ivan's shift: the duty is shared from now on",
            trigger: ".o_data_row:contains('Manager Ivan') td[name=team_id]",
            run: "click",
        },
        {
            trigger: ".o_selected_row td[name=shared] input",
            run: "click",
        },
        {
            trigger: ".o_selected_row td[name=shared] input:checked",
        },
        {
            content: "Save",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_list_view:not(:has(.o_selected_row))",
        },
        {
            content: "Open the reports",
            trigger: ".o_main_navbar button:contains('Отчет')",
            run: "click",
        },
        {
            content: "Duty coverage",
            trigger: ".dropdown-item:contains('Покрытие дежурств')",
            run: "click",
        },
        {
            content: "The pivot of the coverage shows the team",
            trigger: ".o_pivot:contains('Tour Moscow')",
        },
        {
            content: "No English string of the addon on screen",
            trigger: "body:not(:contains('Duty Coverage')):not(:contains('First Contact'))",
        },
    ],
});
