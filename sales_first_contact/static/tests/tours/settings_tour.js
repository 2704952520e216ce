import { registry } from "@web/core/registry";

// The head of sales opens the addon's Settings from the CRM menu (in Russian),
// sets the fallback manager and the agents' rate, and saves.
registry.category("web_tour.tours").add("sales_first_contact_settings_tour", {
    url: "/odoo/crm",
    steps: () => [
        {
            content: "The configuration menu of CRM",
            trigger: ".o_main_navbar [data-menu-xmlid='crm.crm_menu_config']",
            run: "click",
        },
        {
            content: "First Contact → Settings",
            trigger: ".dropdown-item[data-menu-xmlid='sales_first_contact.crm_first_contact_settings_menu']",
            run: "click",
        },
        {
            content: "The settings page, in Russian",
            trigger: ".o_setting_box:contains('Резервный менеджер')",
        },
        {
            content: "Pick the fallback manager",
            trigger: "div[name=first_contact_fallback_user_id] input",
            run: "edit Manager Ivan",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Manager Ivan')",
            run: "click",
        },
        {
            content: "The agents' commission",
            trigger: "div[name=first_contact_commission_rate_agent] input",
            run: "edit 7",
        },
        {
            // Saving reloads the whole page: mark this one, so that the next
            // steps run on the reloaded page only, never on this one unloading.
            content: "Mark the page before saving",
            trigger: "body",
            run() {
                document.body.classList.add("o_sfc_page_before_save");
            },
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the page is reloaded and shows the stored values",
            trigger: "body:not(.o_sfc_page_before_save) .o_form_view:not(:has(.o_dirty_warning)) div[name=first_contact_fallback_user_id] input:value('Manager Ivan')",
        },
    ],
});
