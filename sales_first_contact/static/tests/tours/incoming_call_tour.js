import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_first_contact_incoming_call_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "Open the first contact menu",
            trigger: ".o_main_navbar button:contains('First Contact')",
            run: "click",
        },
        {
            content: "Take an incoming call",
            trigger: ".dropdown-item:contains('Incoming Call')",
            run: "click",
        },
        {
            content: "The caller's question",
            trigger: ".o_field_widget[name=question] textarea",
            run: "edit Сколько стоит доставка в Тверь?",
        },
        {
            content: "The caller's organisation",
            trigger: ".o_field_widget[name=company_name] input",
            run: "edit ООО «Тур-Тест»",
        },
        {
            content: "The phone, as the caller dictates it",
            trigger: ".o_field_widget[name=phone] input",
            run: "edit 8 (495) 246-80-24",
        },
        {
            trigger: ".o_field_widget[name=contact_name] input",
            run: "edit Зайцев Олег",
        },
        {
            content: "The duplicate check already tells who the client is",
            trigger: ".alert-info:contains('Known client'):contains('ООО «Тур-Тест»')",
        },
        {
            content: "and to whom the call will go",
            trigger: ".alert-info:contains('Will go to'):contains('Manager Olga')",
        },
        {
            content: "Register the call",
            trigger: "button[name=action_register]",
            run: "click",
        },
        {
            content: "The client's opportunity opens with the call in its chatter",
            trigger: ".o-mail-Message:contains('Сколько стоит доставка в Тверь?')",
        },
    ],
});
