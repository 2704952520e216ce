import { serializeDateTime } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { CalendarController } from "@web/views/calendar/calendar_controller";
import { calendarView } from "@web/views/calendar/calendar_view";

/**
 * The duty roster's calendar, with "Copy to Next Week": the shifts starting in
 * the day or week shown (and matching its filters) are copied a week later, and
 * the server says which were not copied and why.
 */
export class DutyRosterCalendarController extends CalendarController {
    get canCopyWeek() {
        return this.model.canCreate && ["day", "week"].includes(this.model.scale);
    }

    async onCopyToNextWeek() {
        const model = this.model;
        const domain = [...model.meta.domain, ...model.computeFiltersDomain(model.data)];
        const action = await this.orm.call("crm.duty.shift", "action_copy_shown_week", [
            serializeDateTime(model.rangeStart),
            serializeDateTime(model.rangeEnd),
            domain,
        ]);
        await this.action.doAction(action);
        await model.load();
    }
}

export const dutyRosterCalendarView = {
    ...calendarView,
    Controller: DutyRosterCalendarController,
    buttonTemplate: "sales_first_contact.DutyRosterCalendar.buttons",
};

registry.category("views").add("crm_duty_roster_calendar", dutyRosterCalendarView);
