import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sales_first_contact_call_card_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "The manager works in CRM; the test's PBX reports a call meanwhile",
            trigger: ".o_main_navbar",
        },
        {
            content: "The call card pops up: the caller, the client and its opportunity",
            trigger:
                ".o_notification.o_sfc_call_card:contains('+7 495 246-80-24')" +
                ":contains('Known client'):contains('Тур-Тест: поставка')" +
                ":contains('Send the contract')",
            timeout: 60000,
        },
        {
            content: "Open the call's draft from the card",
            trigger: ".o_sfc_call_card button:contains('Open the call')",
            run: "click",
        },
        {
            content: "The draft of the call, with who the client is",
            trigger: ".o_form_view .alert-info:contains('Known client'):contains('ООО «Тур-Тест»')",
        },
        {
            content: "The card is gone once opened",
            trigger: "body:not(:has(.o_sfc_call_card))",
        },
    ],
});
