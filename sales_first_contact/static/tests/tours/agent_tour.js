import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_first_contact_agent_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "Open the first contact menu",
            trigger: ".o_main_navbar button:contains('First Contact')",
            run: "click",
        },
        {
            content: "Open the organisations to call",
            trigger: ".dropdown-item:contains('Organisations to Call')",
            run: "click",
        },
        {
            content: "The first call: nobody answers",
            trigger: ".o_data_row:contains('ООО «Молчун»') button[name=action_no_answer]",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains('ООО «Молчун»'):contains('No answer')",
        },
        {
            content: "Call back, but when? Asked in a dialog, not an error",
            trigger: ".o_data_row:contains('ООО «Молчун»') button[name=action_call_back]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=call_back_at] input",
            run: "edit 03/05/2030 10:00:00",
        },
        {
            trigger: ".modal-footer button[name=action_call_back]",
            run: "click",
        },
        {
            content: "The call is recorded with its date",
            trigger: "body:not(:has(.modal)) .o_data_row:contains('ООО «Молчун»'):contains('Call back')",
        },
        {
            content: "The second call: a meeting is agreed",
            trigger: ".o_data_row:contains('ООО «Тур-Агент»') button[name=action_meeting]",
            run: "click",
        },
        {
            content: "The client is new",
            trigger: ".modal .alert-info:contains('New client')",
        },
        {
            content: "The manager is suggested, with the reason",
            trigger: ".modal .o_field_widget[name=suggestion]:contains('Duty manager')",
        },
        {
            content: "When the meeting is",
            trigger: ".modal .o_field_widget[name=meeting_start] input",
            run: "edit 03/04/2030 11:00:00",
        },
        {
            content: "Where",
            trigger: ".modal .o_field_widget[name=meeting_place] input",
            run: "edit Офис клиента",
        },
        {
            content: "Hand the meeting over",
            trigger: ".modal-footer button[name=action_hand_over]",
            run: "click",
        },
        {
            content: "The agent is told to whom it went",
            trigger: ".o_notification:contains('handed over to Manager Ivan')",
        },
    ],
});
