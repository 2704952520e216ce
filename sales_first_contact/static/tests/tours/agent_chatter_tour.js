import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_first_contact_agent_chatter_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "My Pipeline of an agent: the opportunities handed over",
            trigger: ".o_list_view .o_data_row td.o_data_cell:contains('ООО «Тур-Агент»: встреча')",
            run: "click",
        },
        {
            content: "The opportunity opens read-only: nothing to fail on save",
            trigger: ".o_form_view .o_form_readonly .o_field_widget[name=user_id]:contains('Manager Ivan')",
        },
        {
            content: "No save button, no editable field",
            trigger: ".o_form_view:not(:has(.o_form_button_save)):not(:has(.o_form_editable))",
        },
        {
            content: "The agent writes in the chatter",
            trigger: ".o-mail-Chatter-sendMessage:enabled",
            run: "click",
        },
        {
            trigger: ".o-mail-Composer-input",
            run: "edit Клиент просил прислать презентацию",
        },
        {
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the chatter",
            trigger: ".o-mail-Message:contains('Клиент просил прислать презентацию')",
        },
    ],
});
