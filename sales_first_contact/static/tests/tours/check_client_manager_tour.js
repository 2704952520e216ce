import { registry } from "@web/core/registry";

/** The result row's name is whole and its actions are inside the dialog. */
function checkRowFits(row) {
    const dialog = document.querySelector(".modal-content").getBoundingClientRect();
    for (const button of row.querySelectorAll("button[name]")) {
        const box = button.getBoundingClientRect();
        if (box.right > dialog.right || box.left < dialog.left) {
            throw new Error(`${button.name} is off-screen`);
        }
    }
    const name = row.querySelector("td[name=name]");
    if (name.scrollWidth > name.clientWidth + 1) {
        throw new Error(`the name is cut: ${name.textContent}`);
    }
}

// An ordinary manager ("own documents") checks a caller and hands the contact
// over to the owner of the client's open opportunity, without pressing Search.
registry.category("web_tour.tours").add("sales_first_contact_check_client_manager_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            trigger: ".o_main_navbar button:contains('First Contact')",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains('Check Client')",
            run: "click",
        },
        {
            content: "The caller's contact person and phone",
            trigger: ".modal .o_field_widget[name=contact_name] input",
            run: "edit Ветров Пётр",
        },
        {
            trigger: ".modal .o_field_widget[name=phone] input",
            run: "edit 8 (495) 123-45-67",
        },
        {
            trigger: ".modal .o_field_widget[name=email] input",
            run: "click",
        },
        {
            content: "The client's card is found, with its actions, as the user types",
            trigger:
                ".modal .o_data_row:contains('ООО «Тест-Ромашка Большая Производственная Компания»') button[name=action_hand_over]",
        },
        {
            content: "Its name is whole and its actions on screen",
            trigger: ".modal .o_data_row:contains('ООО «Тест-Ромашка')",
            run() {
                checkRowFits(this.anchor);
            },
        },
        {
            content: "Hand the contact over to the owner",
            trigger:
                ".modal .o_data_row:contains('ООО «Тест-Ромашка') button[name=action_hand_over]",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('handed over')",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

// The same manager merges two of their own leads from the lead's banner; the
// colleague's lead offers no merge.
registry.category("web_tour.tours").add("sales_first_contact_check_client_merge_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .alert-danger button:contains('Check the client')",
            run: "click",
        },
        {
            content: "A colleague's lead: nothing to merge or open",
            trigger:
                ".modal .o_data_row:not(:has(button[name=action_merge])):not(:has(button[name=action_open])):contains('Manager Ivan')",
        },
        {
            trigger:
                ".modal .o_data_row:contains('Первый запрос') button[name=action_merge]",
            run: "click",
        },
        {
            content: "Odoo's own merge screen",
            trigger: ".modal .o_data_row:contains('Первый запрос')",
        },
        {
            trigger: ".modal-footer button[name=action_merge]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_form_view .o_breadcrumb .active",
        },
    ],
});

// From the banner of the manager's own lead: the lead goes to the owner, and the
// manager, who may no longer open it, lands on the pipeline without an error.
registry.category("web_tour.tours").add("sales_first_contact_check_client_lead_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .alert-danger button:contains('Check the client')",
            run: "click",
        },
        {
            trigger:
                ".modal .o_data_row:contains('ООО «Тест-Ромашка') button[name=action_hand_over]",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('handed over')",
        },
        {
            content: "The pipeline, no access error",
            trigger: ".o_kanban_view:not(:has(.o_error_dialog))",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
