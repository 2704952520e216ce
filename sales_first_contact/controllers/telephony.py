import json

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request


class TelephonyController(http.Controller):
    """The endpoint a PBX calls on an incoming call (R2–R6).

    Authenticated with an Odoo API key (``Authorization: Bearer <key>``, Odoo's
    own ``bearer`` authentication: 401 without a valid key). The body is JSON:
    ``{"call_id": "...", "caller": "+7 495 123-45-67", "extension": "101"}``.
    The answer says whom to ring and why, and the call is recorded as a draft
    first contact of that manager. The same call id twice gives one record.
    Only a user of the *Telephony* group may call it (403 for anyone else).
    """

    @http.route(
        "/sales_first_contact/telephony/incoming_call",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,  # machine access with an API key, no browser session
        save_session=False,
    )
    def incoming_call(self):
        try:
            payload = json.loads(request.httprequest.get_data() or b"null")
        except (ValueError, RecursionError):  # RecursionError: nested too deep
            return self._error(400, "The body is not JSON.")
        if not isinstance(payload, dict):
            return self._error(400, "The body must be a JSON object.")
        try:
            answer = request.env["crm.first.contact"]._telephony_incoming_call(
                call_id=payload.get("call_id"),
                caller=payload.get("caller"),
                extension=payload.get("extension"),
            )
        except AccessError as error:
            return self._error(403, str(error))
        except UserError as error:
            return self._error(400, str(error))
        return request.make_json_response(answer)

    def _error(self, status, message):
        return request.make_json_response({"error": message}, status=status)
