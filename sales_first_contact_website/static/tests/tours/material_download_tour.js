import { registry } from "@web/core/registry";

// An anonymous visitor picks a material, leaves their details and gets the file.
registry.category("web_tour.tours").add("sales_first_contact_website_download_tour", {
    url: "/materials",
    steps: () => [
        {
            content: "The price list",
            trigger: ".fc_materials a:contains('Прайс-лист 2026')",
            run: "click",
        },
        {
            content: "Name",
            trigger: "form[data-model_name='crm.material.download'] input[name=contact_name]",
            run: "edit Ёлкин Фёдор",
        },
        {
            content: "E-mail",
            trigger: "form[data-model_name='crm.material.download'] input[name=email]",
            run: "edit f.yolkin@les-polyana.ru",
        },
        {
            content: "Company",
            trigger: "form[data-model_name='crm.material.download'] input[name=company_name]",
            run: "edit Лесная Поляна",
        },
        {
            content: "Phone",
            trigger: "form[data-model_name='crm.material.download'] input[name=phone]",
            run: "edit +7 495 654-32-10",
        },
        {
            content: "Download",
            trigger: "form[data-model_name='crm.material.download'] .s_website_form_send",
            run: "click",
        },
        {
            content: "The thank-you page gives the file",
            trigger: ".fc_material_files a[href$='/download']:contains('price-list-2026.pdf')",
        },
    ],
});
