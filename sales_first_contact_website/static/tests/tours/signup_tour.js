import { registry } from "@web/core/registry";

// An anonymous visitor creates an account on the website's sign-up page.
registry.category("web_tour.tours").add("sales_first_contact_website_signup_tour", {
    url: "/web/signup",
    steps: () => [
        {
            content: "E-mail",
            trigger: "form.oe_signup_form input[name=login]",
            run: "edit f.yolkin@les-polyana.ru",
        },
        {
            content: "Name",
            trigger: "form.oe_signup_form input[name=name]",
            run: "edit Ёлкин Фёдор",
        },
        {
            content: "Password",
            trigger: "form.oe_signup_form input[name=password]",
            run: "edit Vf7!kq2#Lp9z",
        },
        {
            content: "Password again",
            trigger: "form.oe_signup_form input[name=confirm_password]",
            run: "edit Vf7!kq2#Lp9z",
        },
        {
            content: "Sign up",
            trigger: "form.oe_signup_form button[type=submit]",
            run: "click",
        },
        {
            content: "Signed in: the portal's home",
            trigger: ".o_portal_my_home",
        },
    ],
});
