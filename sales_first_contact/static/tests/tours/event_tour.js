import { registry } from "@web/core/registry";

const CONTACTS_CSV = [
    "Company Name,Contact Name,Phone,City",
    "ООО «Тур-Альфа»,Соколов Ян,+7 495 610-00-01,Москва",
    "ООО «Тур-Бета»,Лосева Ада,+7 495 610-00-02,Москва",
    "ООО «Тур-Гамма»,Орлов Лев,+7 495 610-00-03,Москва",
    "ООО «Тур-Нева»,Невский Ян,+7 812 610-00-04,Санкт-Петербург",
].join("\n");

registry.category("web_tour.tours").add("sales_first_contact_event_tour", {
    steps: () => [
        {
            content: "Import the list gathered at the exhibition",
            trigger: ".o_form_view button[name=action_import_contacts]",
            run: "click",
        },
        {
            content: "Upload the CSV file (Odoo's own import screen)",
            trigger: "button.o_import_file",
            run() {
                const input = document.querySelector(".o_file_input input[type=file]");
                const file = new File([CONTACTS_CSV], "exhibition.csv", { type: "text/csv" });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The English headers are mapped by themselves",
            trigger: ".o_import_data_content:contains('Company Name')",
        },
        {
            content: "Import",
            trigger: ".o_control_panel button:contains('Import'):not(:contains('Test'))",
            run: "click",
        },
        {
            content: "Back on the event, the contacts are there",
            trigger: ".o_form_view .oe_stat_button:contains('Contacts') .o_stat_value:contains('4')",
        },
        {
            content: "Distribute them",
            trigger: ".o_form_view button[name=action_distribute]",
            run: "click",
        },
        {
            content: "Who got what",
            trigger: ".o_notification:contains('4 contacts distributed')",
        },
        {
            content: "The chatter says it too",
            trigger: ".o-mail-Message:contains('Contacts distributed')",
        },
    ],
});
