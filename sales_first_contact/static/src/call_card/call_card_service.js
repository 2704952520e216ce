import { markup } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { escape } from "@web/core/utils/strings";

/**
 * The call card: when the PBX reports an incoming call, the manager it rings
 * gets a sticky notification (the server's "sales_first_contact/call" bus
 * message, see crm_first_contact_call_card.py) saying who is calling, with a
 * button that opens the call's draft.
 */
export function callCardBody(card) {
    const lines = [`<div class="o_sfc_call_card_client">${escape(card.client)}</div>`];
    if (card.reason) {
        lines.push(`<div class="text-muted">${escape(card.reason)}</div>`);
    }
    if (card.opportunity) {
        const { name, owner, stage } = card.opportunity;
        // _t() outside template literals: Odoo's term extraction does not read them
        const label = _t("Opportunity");
        lines.push(
            `<div class="o_sfc_call_card_opportunity">${escape(label)}: ` +
                `<b>${escape(name)}</b> (${escape([stage, owner].filter(Boolean).join(", "))})</div>`
        );
    }
    if (card.activities.length) {
        const items = card.activities.map(
            (activity) =>
                `<li>${activity.done ? "✓ " : ""}${escape(activity.date)}: ` +
                `${escape(activity.summary)} (${escape(activity.user)})</li>`
        );
        const label = _t("Last activities");
        lines.push(
            `<div>${escape(label)}:</div>` +
                `<ul class="o_sfc_call_card_activities mb-0">${items.join("")}</ul>`
        );
    }
    return markup(lines.join(""));
}

export const callCardService = {
    dependencies: ["action", "bus_service", "notification"],

    start(env, { action, bus_service: bus, notification }) {
        bus.subscribe("sales_first_contact/call", (card) => {
            const close = notification.add(callCardBody(card), {
                title: _t("Incoming call: %s", card.caller),
                type: "info",
                sticky: true,
                className: "o_sfc_call_card",
                buttons: [
                    {
                        name: _t("Open the call"),
                        primary: true,
                        onClick: async () => {
                            close();
                            await action.doAction({
                                type: "ir.actions.act_window",
                                res_model: "crm.first.contact",
                                res_id: card.first_contact_id,
                                views: [[false, "form"]],
                            });
                        },
                    },
                ],
            });
        });
        bus.start();
    },
};

registry.category("services").add("sales_first_contact_call_card", callCardService);
