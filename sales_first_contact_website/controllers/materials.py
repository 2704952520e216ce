from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from .website_form import SESSION_MATERIALS


class WebsiteMaterials(http.Controller):
    """The website's materials: a list, a page with the download form, the
    file for a visitor who sent the form."""

    def _material(self, material_id):
        """A material published on this website (read as superuser: visitors
        have no access to the model), else 404."""
        published = request.env["crm.material"]._fc_published()
        material = published.filtered(lambda m: m.id == material_id)
        if not material:
            raise NotFound()
        return material

    @http.route("/materials", type="http", auth="public", website=True, sitemap=True)
    def materials(self, **kwargs):
        materials = request.env["crm.material"]._fc_published()
        return request.render(
            "sales_first_contact_website.materials_page", {"materials": materials}
        )

    @http.route(
        "/materials/<int:material_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def material(self, material_id, **kwargs):
        return request.render(
            "sales_first_contact_website.material_page",
            {"material": self._material(material_id)},
        )

    @http.route(
        "/materials/thanks", type="http", auth="public", website=True, sitemap=False
    )
    def thanks(self, **kwargs):
        """The page after the form: the link to the file just asked for."""
        materials = request.env["crm.material"]
        if request.session.get("form_builder_model_model") == "crm.material.download":
            download = (
                request.env["crm.material.download"]
                .sudo()
                .browse(request.session.get("form_builder_id"))
                .exists()
            )
            materials = download.material_id & materials._fc_published()
        return request.render(
            "sales_first_contact_website.material_thanks_page",
            {"materials": materials},
        )

    @http.route(
        "/materials/<int:material_id>/download",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def download(self, material_id, **kwargs):
        """The file, to a visitor who sent the form for it; others get the form."""
        material = self._material(material_id)
        if material.id not in (request.session.get(SESSION_MATERIALS) or []):
            return request.redirect(f"/materials/{material.id}")
        stream = request.env["ir.binary"]._get_stream_from(
            material, "document", filename=material.document_name or material.name
        )
        return stream.get_response(as_attachment=True)
