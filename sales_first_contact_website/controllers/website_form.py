from odoo.http import request

from odoo.addons.website_crm.controllers.website_form import WebsiteForm

SESSION_MATERIALS = "sales_first_contact_material_ids"  # materials the visitor may get


class FirstContactWebsiteForm(WebsiteForm):
    def insert_record(self, request, model, values, custom, meta=None):
        """Route a lead of the contact form, or a material's download, like
        any first contact (R8)."""
        record_id = super().insert_record(request, model, values, custom, meta=meta)
        model_name = model.sudo().model
        if record_id and model_name == "crm.lead":
            self._route_website_lead(record_id)
        elif record_id and model_name == "crm.material.download":
            self._hand_over_download(record_id)
        return record_id

    def _route_website_lead(self, lead_id):
        # sudo: the visitor is the public user; the routing must see every client
        # to find the one behind the request, and hands the lead to a manager
        router = request.env["crm.first.contact.router"].sudo()
        lead = request.env["crm.lead"].sudo().browse(lead_id)
        # an anonymous visitor: the client found is proposed, never changed
        router._hand_over([(router._route(record=lead), lead)], trusted=False)

    def _hand_over_download(self, download_id):
        # sudo: as for a request; the visitor may then get the material's file
        download = request.env["crm.material.download"].sudo().browse(download_id)
        download._fc_hand_over()
        unlocked = set(request.session.get(SESSION_MATERIALS) or [])
        request.session[SESSION_MATERIALS] = sorted(
            unlocked | {download.material_id.id}
        )
