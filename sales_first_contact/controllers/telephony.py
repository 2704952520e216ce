import json

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from ..models.crm_first_contact_telephony import CallConflict


def _pbx_route(name):
    """A PBX endpoint: POST with an Odoo API key, no browser session."""
    return http.route(
        f"/sales_first_contact/telephony/{name}",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,  # machine access with an API key, no browser session
        save_session=False,
    )


class TelephonyController(http.Controller):
    """The endpoint a PBX calls on an incoming call (R2–R6).

    Authenticated with an Odoo API key (``Authorization: Bearer <key>``, Odoo's
    own ``bearer`` authentication: 401 without a valid key). The body is JSON:
    ``{"call_id": "...", "caller": "+7 495 123-45-67", "extension": "101"}``.
    The answer says whom to ring and why, and the call is recorded as a draft
    first contact of that manager. The same call id twice gives one record.
    Only a user of the *Telephony* group may call it (403 for anyone else).
    """

    @_pbx_route("incoming_call")
    def incoming_call(self):
        return self._answer(
            "_telephony_incoming_call", ("call_id", "caller", "extension")
        )

    @_pbx_route("call_end")
    def call_end(self):
        """The end of a call reported as incoming: ``{"call_id": "...",
        "status": "answered" | "missed", "duration": 125, "recording_url":
        "https://..."}`` (``duration`` and ``recording_url`` optional). 404 for
        a call never reported, 409 for an end other than the one recorded."""
        return self._answer(
            "_telephony_call_end", ("call_id", "status", "duration", "recording_url")
        )

    def _answer(self, method, keys):
        """Call ``method`` of first contacts with the JSON body's ``keys``."""
        try:
            payload = json.loads(request.httprequest.get_data() or b"null")
        except (ValueError, RecursionError):  # RecursionError: nested too deep
            return self._error(400, "The body is not JSON.")
        if not isinstance(payload, dict):
            return self._error(400, "The body must be a JSON object.")
        Contact = request.env["crm.first.contact"]
        try:
            answer = getattr(Contact, method)(**{key: payload.get(key) for key in keys})
        except AccessError as error:
            return self._error(403, str(error))
        except MissingError as error:
            return self._error(404, str(error))
        except CallConflict as error:
            return self._error(409, str(error))
        except UserError as error:
            return self._error(400, str(error))
        return request.make_json_response(answer)

    def _error(self, status, message):
        return request.make_json_response({"error": message}, status=status)
