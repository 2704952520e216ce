from odoo.http import request

from odoo.addons.website_crm.controllers.website_form import WebsiteForm


class FirstContactWebsiteForm(WebsiteForm):
    def insert_record(self, request, model, values, custom, meta=None):
        """Route a lead of the contact form like any first contact (R8)."""
        record_id = super().insert_record(request, model, values, custom, meta=meta)
        if record_id and model.sudo().model == "crm.lead":
            self._route_website_lead(record_id)
        return record_id

    def _route_website_lead(self, lead_id):
        # sudo: the visitor is the public user; the routing must see every client
        # to find the one behind the request, and hands the lead to a manager
        router = request.env["crm.first.contact.router"].sudo()
        lead = request.env["crm.lead"].sudo().browse(lead_id)
        # an anonymous visitor: the client found is proposed, never changed
        router._hand_over([(router._route(record=lead), lead)], trusted=False)
