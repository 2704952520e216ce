import { registry } from "@web/core/registry";

// A visitor fills in the website's own contact form on /contactus and sends it.
registry.category("web_tour.tours").add("sales_first_contact_website_contactus_tour", {
    url: "/contactus",
    steps: () => [
        {
            content: "The contact form creates a lead",
            trigger: "form#contactus_form[data-model_name='crm.lead']",
        },
        {
            content: "Name",
            trigger: "form#contactus_form input[name=contact_name]",
            run: "edit Ёлкин Фёдор",
        },
        {
            content: "Phone",
            trigger: "form#contactus_form input[name=phone]",
            run: "edit +7 495 654-32-10",
        },
        {
            content: "E-mail",
            trigger: "form#contactus_form input[name=email_from]",
            run: "edit f.yolkin@les-polyana.ru",
        },
        {
            content: "Company",
            trigger: "form#contactus_form input[name=partner_name]",
            run: "edit Лесная Поляна",
        },
        {
            content: "Subject",
            trigger: "form#contactus_form input[name=name]",
            run: "edit Запрос с сайта: поставка",
        },
        {
            content: "Question",
            trigger: "form#contactus_form textarea[name=description]",
            run: "edit Пришлите, пожалуйста, коммерческое предложение.",
        },
        {
            content: "Send",
            trigger: "form#contactus_form .s_website_form_send",
            run: "click",
        },
        {
            content: "The thank-you page",
            trigger: "#wrap:has(h1:contains('Thank You!'))",
        },
    ],
});
