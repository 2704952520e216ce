import { registry } from "@web/core/registry";

// A manager finds that a new lead is a duplicate of another and merges them.
registry.category("web_tour.tours").add("sales_first_contact_merge_tour", {
    steps: () => [
        {
            content: "The banner warns about the duplicate",
            trigger: ".o_form_view .alert-danger:contains('Likely duplicate')",
        },
        {
            content: "Check the client",
            trigger: ".o_form_view .alert-danger button:contains('Check the client')",
            run: "click",
        },
        {
            content: "Merge with the other lead",
            trigger: ".modal .o_data_row:contains('Older request') button[name=action_merge]",
            run: "click",
        },
        {
            content: "Odoo's own merge screen lists both",
            trigger: ".modal .o_data_row:contains('Older request')",
        },
        {
            content: "Merge",
            trigger: ".modal-footer button[name=action_merge]",
            run: "click",
        },
        {
            content: "The merged opportunity opens",
            trigger: ".o_form_view .o_breadcrumb .active",
        },
    ],
});
