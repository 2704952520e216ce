"""Screenshots of the addon's screens for the README, from the demo database.

Drives headless Chromium through the DevTools protocol (websocket-client):
logs each demo user in, opens a screen, waits for it, saves a PNG.
Usage: screenshots.py BASE_URL DATABASE OUTPUT_DIR
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

WIDTH, HEIGHT = 1366, 820
CLOSE_NOTIFICATIONS = (
    "document.querySelectorAll('.o_notification_close').forEach(b => b.click())"
)
# all but the call card (Odoo's own notices, such as "The page is out of date")
CLOSE_OTHER_NOTIFICATIONS = (
    "document.querySelectorAll('.o_notification:not(.o_sfc_call_card) "
    ".o_notification_close').forEach(b => b.click())"
)

# (file, login (None: an anonymous visitor), url, selector to wait for,
#  JavaScript to run once it is there, or "incoming_call": the PBX rings)
SHOTS = [
    ("lead_first_contact", "msk1", "/odoo/crm.lead/{lead_dup_email}",
     ".o_form_view .alert-danger",
     "document.querySelector('a[name=first_contact]')?.click()"),
    ("check_client", "msk1", "/odoo/crm.lead/{lead_dup_email}",
     ".o_form_view .alert-danger button",
     "document.querySelector('.o_form_view .alert-danger button').click()"),
    ("incoming_call", "agent1", "/odoo/crm.first.contact/{call_draft}",
     ".o_form_view .alert-info", None),
    ("duty_roster", "head", "/odoo/action-sales_first_contact.crm_duty_shift_action",
     ".o_calendar_view .fc-event", None),
    ("team_territory", "head", "/odoo/crm.team/{team_moscow}",
     ".o_form_view",
     "document.querySelector('a[name=territory]')?.click()"),
    ("absences", "head", "/odoo/action-sales_first_contact.crm_absence_action",
     ".o_list_view .o_data_row", None),
    ("agent_call_list", "agent1",
     "/odoo/action-sales_first_contact.crm_call_list_line_action",
     ".o_list_view .o_data_row", None),
    ("commissions", "head", "/odoo/action-sales_first_contact.crm_commission_action",
     ".o_list_view .o_data_row", None),
    ("website_form", None, "/contactus", "form[data-model_name='crm.lead']", None),
    ("website_materials", None, "/materials", "a[href^='/materials/']", None),
    ("website_material_form", None, "/materials/{material_catalogue}",
     "form[data-model_name='crm.material.download']", None),
    ("website_signup", None, "/web/signup", "form.oe_signup_form", None),
    ("material_downloads", "head",
     "/odoo/action-sales_first_contact_website.crm_material_download_action",
     ".o_view_controller", None),
    ("exhibition", "msk1", "/odoo/crm.first.contact.event/{event_metal}",
     ".o-mail-Message", None),
    ("reports_sources", "head",
     "/odoo/action-sales_first_contact.crm_first_contact_report_action",
     ".o_pivot", None),
    ("duty_coverage", "head",
     "/odoo/action-sales_first_contact.crm_duty_coverage_report_action",
     ".o_pivot", None),
    ("agent_pipeline", "agent1",
     "/odoo/action-sales_first_contact.crm_lead_action_agent",
     ".o_list_view .o_data_row",
     "document.querySelector('.o_list_view .o_data_row td.o_data_cell')?.click()"),
    ("call_card", "msk1", "/odoo/crm", ".o_kanban_view", "incoming_call"),
    ("settings", "head",
     "/odoo/action-sales_first_contact.crm_first_contact_settings_action",
     "div[name=first_contact_fallback_user_id]", None),
]  # fmt: skip


def rpc(base, path, params, cookie=None):
    request = urllib.request.Request(
        base + path,
        data=json.dumps({"jsonrpc": "2.0", "params": params}).encode(),
        headers={
            "Content-Type": "application/json",
            **({"Cookie": cookie} if cookie else {}),
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        cookie = response.headers.get("Set-Cookie", "").split(";")[0] or cookie
        return json.loads(response.read()), cookie


def login(base, db, user):
    answer, cookie = rpc(
        base, "/web/session/authenticate", {"db": db, "login": user, "password": user}
    )
    if answer.get("error"):
        raise RuntimeError(f"cannot log {user} in: {answer['error']}")
    return cookie.split("=", 1)[1]


def record_ids(base, db, session):
    """Ids of the demo records the screenshots open."""
    names = [
        ("sales_first_contact", "lead_dup_email"),
        ("sales_first_contact", "call_draft"),
        ("sales_first_contact", "team_moscow"),
        ("sales_first_contact", "event_metal"),
        ("sales_first_contact_website", "material_catalogue"),
    ]
    ids = {}
    for module, name in names:
        answer, _ = rpc(
            base,
            "/web/dataset/call_kw",
            {
                "model": "ir.model.data",
                "method": "search_read",
                "args": [
                    [("module", "=", module), ("name", "=", name)],
                    ["res_id"],
                ],
                "kwargs": {},
            },
            cookie=f"session_id={session}",
        )
        ids[name] = answer["result"][0]["res_id"]
    return ids


def ring(base):
    """The PBX reports a call of a client whose opportunity msk1 owns: the
    call card pops up in msk1's web client."""
    request = urllib.request.Request(
        base + "/sales_first_contact/telephony/incoming_call",
        data=json.dumps(
            {"call_id": f"screenshot-{time.time()}", "caller": "+7 495 123-45-67"}
        ).encode(),
        headers={
            "Authorization": f"Bearer {os.environ.get('PBX_KEY', '')}",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status == 200
    except OSError as error:
        print(f"  the PBX's request failed: {error}")
        return False


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="sfc_shots_")
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        flags = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-sync",
            "--disable-component-update", "--hide-scrollbars",
            f"--window-size={WIDTH},{HEIGHT}", "--remote-debugging-port=9333",
            f"--user-data-dir={self.profile}",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            [binary, *flags, "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen(
                    "http://127.0.0.1:9333/json", timeout=2
                ) as r:
                    page = next(t for t in json.loads(r.read()) if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.counter = 0
        self.call("Page.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.counter += 1
        self.ws.send(
            json.dumps({"id": self.counter, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                return True
            time.sleep(0.3)
        return False

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main(base, db, out_dir):
    sessions, failed = {}, []
    ids = record_ids(base, db, login(base, db, "admin"))
    browser = Browser()
    try:
        for name, user, url, selector, script in SHOTS:
            browser.call("Network.clearBrowserCookies")
            if user:  # else an anonymous visitor
                if user not in sessions:
                    sessions[user] = login(base, db, user)
                browser.call(
                    "Network.setCookie",
                    name="session_id",
                    value=sessions[user],
                    domain=base.split("//", 1)[1].split(":")[0],
                    path="/",
                )
            browser.call("Page.navigate", url=base + url.format(**ids))
            if not browser.wait_for(selector):
                failed.append(name)
                continue
            if script == "incoming_call":
                time.sleep(3)  # the web client subscribes to its bus channel
                if not (ring(base) and browser.wait_for(".o_sfc_call_card")):
                    failed.append(name)
                    continue
            elif script:
                browser.evaluate(script)
                time.sleep(1.5)
            time.sleep(1.5)  # let images and the chatter settle
            browser.evaluate(
                CLOSE_OTHER_NOTIFICATIONS  # the card is a notification
                if script == "incoming_call"
                else CLOSE_NOTIFICATIONS
            )
            png = browser.call("Page.captureScreenshot", format="png")["data"]
            path = os.path.join(out_dir, f"screenshot_{name}.png")
            with open(path, "wb") as handle:
                handle.write(base64.b64decode(png))
            print(f"  {path}")
    finally:
        browser.close()
    if failed:
        print(
            f"not captured (screen did not show): {', '.join(failed)}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
