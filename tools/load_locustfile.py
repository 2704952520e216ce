"""Locust users of make load: a working day of the sales department, through
the web client's own JSON-RPC routes (as a browser sends them) and the
website's contact form. Run by tools/load.py, which passes:

LOAD_DATA    JSON file: run token, database, exhibition event, known clients,
             call list lines, exhibition list (CSV path), logins
LOAD_MODE    "addon" (the whole mix) or "stock" (what stock Odoo has too: a
             lead created by hand, pipeline kanban and list reads)

Why Locust's own HttpUser and not OdooLocust: OdooLocust 2.0 needs Locust >=
2.43, hence gevent >= 24, where Odoo 18 pins gevent 22.10 (one virtualenv);
it speaks Odoo 19's /json/2 API by default, and its JSON-RPC mode goes
through the external API (/jsonrpc), not the routes the web client uses (nor
their read-only replica routing).

Request names are the table's rows: "desk: Register and Hand Over" and
"check client: search" are the two with latency targets.
"""

import itertools
import json
import os
import random
import re
import threading
import time

from locust import HttpUser, between, events, task

DATA = json.loads(open(os.environ["LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
MODE = os.environ.get("LOAD_MODE", "addon")
LOGINS = {role: itertools.cycle(DATA["logins"][role]) for role in DATA["logins"]}
SEQUENCE = itertools.count(1)
LOCK = threading.Lock()
DESK_SPEC = {
    name: {}
    for name in (
        "company_name", "contact_name", "phone", "email", "question", "state",
        "dedup_summary", "route_preview", "routed_user_id", "lead_id",
    )
}  # fmt: skip
LEAD_SPEC = {
    name: {}
    for name in (
        "name", "partner_name", "contact_name", "email_from", "phone", "type",
        "expected_revenue", "probability", "stage_id", "user_id", "team_id",
    )
}  # fmt: skip
CHECK_SPEC = {
    "company_name": {}, "contact_name": {}, "phone": {}, "email": {},
    "summary": {}, "result_level": {},
    "line_ids": {"fields": {"name": {}, "level": {}, "owner_id": {}, "stage": {}}},
}  # fmt: skip
CSRF = re.compile(r'csrf_token: "([^"]+)"')
BANNER = {"dedup_summary": {}, "dedup_candidate_count": {}, "dedup_likely_count": {}}


def next_number():
    with LOCK:
        return next(SEQUENCE)


def new_company(rand):
    """A caller of a company the database does not know (a unique name)."""
    number = next_number()
    form = rand.choice(["ООО", "ООО", "ООО", "АО", "ИП"])
    brand = rand.choice(DATA["brands"])
    token = f"{DATA['run']}{number:x}"
    surname = rand.choice(DATA["surnames"])
    return {
        "company_name": f"{form} «{brand} {token}»",
        "contact_name": f"{surname} {rand.choice('АБВГДЕИКМНОПРСТ')}.",
        "phone": f"+7 495 {rand.randrange(100, 999)}-{number % 100:02d}-"
        f"{rand.randrange(10, 99)}",
        "email": f"{surname.lower()[:6]}{number}@{token}-{brand.lower()[:8]}.ru",
    }


def known_client(rand):
    client = rand.choice(DATA["known"])
    return {key: client[key] or False for key in ("company_name", "phone", "email")} | {
        "contact_name": rand.choice(DATA["surnames"])
    }


def hot_company(rand):
    """One of a few new companies that several operators register at once."""
    return dict(rand.choice(DATA["hot"]))


class OdooUser(HttpUser):
    """A user of the web client: logged in, JSON-RPC calls named for the table."""

    abstract = True
    role = None
    wait_time = between(1, 4)

    def on_start(self):
        self.login = next(LOGINS[self.role])
        self.rand = random.Random(f"{self.login}{time.time()}")
        result = self.call(
            "login", "/web/session/authenticate",
            {"db": DATA["db"], "login": self.login, "password": self.login},
        )  # fmt: skip
        self.uid = result and result["uid"]
        self.user_context = (result or {}).get("user_context", {})

    def call(self, name, route, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        with self.client.post(
            route, json=payload, name=name, catch_response=True
        ) as response:
            try:
                body = response.json()
            except ValueError:
                response.failure(f"HTTP {response.status_code}: not JSON")
                return None
            if "error" in body:
                error = body["error"].get("data", {})
                frames = [
                    line.strip()
                    for line in error.get("debug", "").splitlines()
                    if "sales_first_contact" in line and line.strip().startswith("File")
                ]  # where in the addon it happened, for the report
                response.failure(
                    f"{error.get('name')}: {error.get('message', '')[:200]}"
                    + (f" [{frames[-1][-120:]}]" if frames else "")
                )
                return None
            return body.get("result")

    def kw(self, name, model, method, *args, context=None, **kwargs):
        route = "call_button" if method.startswith("action_") else "call_kw"
        kwargs["context"] = {**self.user_context, **(context or {})}
        return self.call(
            name,
            f"/web/dataset/{route}/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class PipelineMixin:
    """What stock Odoo has too: the pipeline read, a lead created by hand."""

    def pipeline_kanban(self):
        domain = [["type", "=", "opportunity"]]
        groups = self.kw(
            "pipeline: kanban", "crm.lead", "web_read_group",
            domain, ["expected_revenue:sum"], ["stage_id"], lazy=True,
        )  # fmt: skip
        for group in (groups or {}).get("groups", [])[:4]:
            self.kw(
                "pipeline: kanban", "crm.lead", "web_search_read",
                group["__domain"], {**LEAD_SPEC, "activity_ids": {}}, limit=40,
            )  # fmt: skip

    def pipeline_list(self):
        self.kw(
            "pipeline: list", "crm.lead", "web_search_read",
            [["type", "=", "opportunity"]], LEAD_SPEC, limit=80,
            order="priority desc, id desc", count_limit=10001,
        )  # fmt: skip

    def create_lead(self, banner):
        values = new_company(self.rand)
        lead = {
            "name": f"{values['company_name']}: запрос КП",
            "partner_name": values["company_name"],
            "contact_name": values["contact_name"],
            "email_from": values["email"],
            "phone": values["phone"],
            "type": "opportunity",
        }
        spec = {**LEAD_SPEC, **(BANNER if banner else {})}
        self.kw("lead: new form", "crm.lead", "onchange", [], {}, [], spec)
        typed = {}
        for field in ("partner_name", "email_from", "phone"):
            typed[field] = lead[field]
            self.kw(
                "lead: typing", "crm.lead", "onchange", [], typed, [field], spec
            )  # fmt: skip
        self.kw("lead: create", "crm.lead", "web_save", [], lead, specification=spec)


class StockManager(PipelineMixin, OdooUser):
    """A salesperson in stock Odoo: the requests both databases have."""

    role = "manager"
    abstract = MODE != "stock"

    @task(4)
    def kanban(self):
        self.pipeline_kanban()

    @task(3)
    def list_view(self):
        self.pipeline_list()

    @task(2)
    def new_lead(self):
        self.create_lead(banner=False)


class Manager(PipelineMixin, OdooUser):
    """A sales manager: pipeline, leads by hand, Check Client."""

    role = "manager"
    weight = 6
    abstract = MODE != "addon"

    @task(4)
    def kanban(self):
        self.pipeline_kanban()

    @task(3)
    def list_view(self):
        self.pipeline_list()

    @task(2)
    def new_lead(self):
        self.create_lead(banner=True)

    @task(3)
    def check_client(self):
        draw = self.rand.random()
        values = known_client(self.rand) if draw < 0.6 else new_company(self.rand)
        self.kw("check client: open", "crm.client.check", "onchange", [], {}, [],
                CHECK_SPEC)  # fmt: skip
        typed = {"company_name": values["company_name"], "phone": values["phone"]}
        self.kw(
            "check client: search", "crm.client.check", "onchange",
            [], typed, ["company_name", "phone"], CHECK_SPEC,
        )  # fmt: skip


class DeskOperator(OdooUser):
    """Whoever takes incoming calls: types as the caller speaks, registers."""

    role = "operator"
    weight = 6
    abstract = MODE != "addon"

    @task
    def incoming_call(self):
        draw = self.rand.random()
        if draw < 0.1:
            values = hot_company(self.rand)
        elif draw < 0.3:
            values = known_client(self.rand)
        else:
            values = new_company(self.rand)
        question = f"load {DATA['run']} #{self.login}-{next_number()}"
        model = "crm.first.contact"
        self.kw("desk: open", model, "onchange", [], {}, [], DESK_SPEC)
        typed = {"question": question, "company_name": values["company_name"]}
        self.kw("desk: typing", model, "onchange", [], typed, ["company_name"],
                DESK_SPEC)  # fmt: skip
        saved = self.kw("desk: save draft", model, "web_save", [], typed,
                        specification={"id": {}})  # fmt: skip
        if not saved:
            return
        call_id = saved[0]["id"]
        for field in ("phone", "contact_name", "email"):
            time.sleep(self.rand.uniform(0.3, 1.0))  # the caller speaks
            typed = {field: values[field]}
            self.kw("desk: typing", model, "onchange", [call_id], typed, [field],
                    DESK_SPEC)  # fmt: skip
        self.kw("desk: save draft", model, "web_save", [call_id],
                {key: values[key] for key in ("phone", "contact_name", "email")},
                specification={"id": {}})  # fmt: skip
        self.kw("desk: Register and Hand Over", model, "action_register", [call_id])


class Agent(OdooUser):
    """An agent working a call list: one call result after another."""

    role = "agent"
    weight = 3
    abstract = MODE != "addon"

    @task
    def call_result(self):
        lines = self.kw(
            "agent: call list", "crm.call.list.line", "web_search_read",
            [["agent_id", "=", self.uid]],
            {"company_name": {}, "phone": {}, "contact_name": {}}, limit=40,
        )  # fmt: skip
        records = (lines or {}).get("records") or []
        if records:
            line = self.rand.choice(records)["id"]
            outcome = self.rand.choice(["action_no_answer", "action_refused"])
            self.kw("agent: call result", "crm.call.list.line", outcome, [line])


class WebsiteVisitor(HttpUser):
    """A visitor sending the website's contact form (no login)."""

    weight = 4
    wait_time = between(2, 6)
    abstract = MODE != "addon"

    def on_start(self):
        self.rand = random.Random(time.time())

    @task
    def contact_form(self):
        values = (
            known_client(self.rand)
            if self.rand.random() < 0.3
            else new_company(self.rand)
        )
        with self.client.post(
            "/website/form/crm.lead",
            data={
                "name": f"web {DATA['run']}: {values['company_name']}",
                "partner_name": values["company_name"],
                "contact_name": values["contact_name"],
                "email_from": values["email"] or "nobody@example.ru",
                "phone": values["phone"] or "",
                "description": "Прошу прислать прайс-лист",
            },
            name="website: contact form",
            catch_response=True,
        ) as response:
            if '"id"' not in response.text:
                response.failure(response.text[:200])


class HeadOfSales(OdooUser):
    """The head of sales: imports the exhibition list and distributes it once,
    a minute into the run, then reads the reports."""

    role = "head"
    fixed_count = 1
    abstract = MODE != "addon"
    wait_time = between(5, 15)

    def on_start(self):
        super().on_start()
        self.imported = False
        self.start_at = time.monotonic() + float(DATA.get("import_after", 30))

    @task
    def work(self):
        if not self.imported and time.monotonic() >= self.start_at:
            self.imported = True
            self.import_exhibition()
        self.kw(
            "reports: first contacts", "crm.first.contact.report", "web_read_group",
            [], ["__count"], ["first_contact_channel"],
        )  # fmt: skip

    def import_exhibition(self):
        context = {
            "default_fc_event_id": DATA["event"], "default_type": "lead",
            "default_user_id": False, "tracking_disable": True,
        }  # fmt: skip
        page = self.client.get("/odoo", name="exhibition: import")
        token = CSRF.search(page.text)
        wizard = self.kw(
            "exhibition: import", "base_import.import", "create",
            {"res_model": "crm.lead"}, context=context,
        )  # fmt: skip
        if not token or not wizard:
            return
        with open(DATA["exhibition_csv"], "rb") as handle:
            self.client.post(
                "/base_import/set_file",
                data={"csrf_token": token.group(1), "id": wizard},
                files={"ufile": ("exhibition.csv", handle, "text/csv")},
                name="exhibition: import",
            )
        options = dict(DATA["import_options"])
        preview = self.kw(
            "exhibition: import", "base_import.import", "parse_preview",
            [wizard], options, context=context,
        )  # fmt: skip
        if not preview or preview.get("error"):
            events.request.fire(
                request_type="POST", name="exhibition: import", response_time=0,
                response_length=0, exception=RuntimeError(str(preview)[:200]),
            )  # fmt: skip
            return
        headers, matches = preview["headers"], preview["matches"] or {}
        fields = ["/".join(matches[str(i)] if str(i) in matches else matches.get(i))
                  for i in range(len(headers))]  # fmt: skip
        skip = 0
        while True:
            options = dict(preview["options"], skip=skip, limit=2000)
            result = self.kw(
                "exhibition: import", "base_import.import", "execute_import",
                [wizard], fields, headers, options, context=context,
            )  # fmt: skip
            if result and result.get("messages"):
                events.request.fire(
                    request_type="POST", name="exhibition: import", response_time=0,
                    response_length=0, exception=RuntimeError(
                        str(result["messages"][:2])[:300]),
                )  # fmt: skip
            if not result or result.get("messages") or not result.get("nextrow"):
                break
            skip = result["nextrow"]
        self.kw("exhibition: distribute", "crm.first.contact.event",
                "action_distribute", [DATA["event"]])  # fmt: skip
