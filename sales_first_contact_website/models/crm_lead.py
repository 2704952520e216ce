from odoo import models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def website_form_input_filter(self, request, values):
        """A request from the website contact form is a website first contact."""
        values = super().website_form_input_filter(request, values)
        if not values.get("source_id"):
            source = self.env.ref(
                "sales_first_contact.utm_source_website", raise_if_not_found=False
            )
            values["source_id"] = source.id if source else False
        return values
