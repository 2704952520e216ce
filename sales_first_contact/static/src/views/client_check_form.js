import { registry } from "@web/core/registry";
import { FormController } from "@web/views/form/form_controller";
import { formView } from "@web/views/form/form_view";

/**
 * Check Client: the results are saved as they come, so that their actions
 * (open, hand over, merge...) can be used at once, without pressing Search:
 * the buttons of a result need a saved line.
 */
export class ClientCheckFormController extends FormController {
    get modelParams() {
        const params = super.modelParams;
        params.hooks.onRecordChanged = (record, changes) => {
            // the check itself (not one of its lines), once something changed:
            // saved after the update that called us (the model serializes both)
            if (!record._parentRecord && Object.keys(changes).length) {
                Promise.resolve().then(() => record.save());
            }
        };
        return params;
    }
}

registry.category("views").add("sales_first_contact_client_check_form", {
    ...formView,
    Controller: ClientCheckFormController,
});
