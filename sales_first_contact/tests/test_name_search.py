"""Name search of every model of the addons, over real JSON-RPC: none may loop.

A many2one field, the search bar and any RPC client name-search a model; a
``_rec_name`` on a computed, non-stored field made the search of first contacts
expand its domain forever and tie up a worker, and a model of the addons without
a name to search returned every record whatever was typed.
"""

import signal
import threading
import time
from contextlib import contextmanager

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

ADDONS = {"sales_first_contact", "sales_first_contact_website"}
RPC_SECONDS = 1.0
GUARD_SECONDS = 5  # an in-process search looping longer fails instead of hanging


def addon_models(env):
    """Models with a table that a class of the addons defines or extends."""
    names = []
    for name, model_class in env.registry.items():
        if model_class._abstract:
            continue
        modules = {
            cls.__module__.split(".")[2]
            for cls in model_class.mro()
            if cls.__module__.startswith("odoo.addons.")
        }
        if modules & ADDONS:
            names.append(name)
    return sorted(names)


@contextmanager
def time_limit(seconds):
    """Interrupt the block after ``seconds`` (main thread only, else no limit)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum, _frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@tagged("post_install", "-at_install")
class TestNameSearch(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call, cls.other_call = cls.env["crm.first.contact"].create(
            [
                {
                    "company_name": "ООО «Зверобой-Квант»",
                    "contact_name": "Пётр Сидоренков",
                    "phone": "+7 495 987-65-43",
                    "email": "p.sidorenkov@zveroboy-kvant.ru",
                },
                {
                    "company_name": "ООО «Василёк»",
                    "contact_name": "Анна Петрова",
                    "phone": "+7 495 111-22-33",
                },
            ]
        )

    def name_search_rpc(self, model, name):
        """name_search through the web client's JSON-RPC route, and its seconds."""
        start = time.monotonic()
        result = self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/name_search",
            {
                "model": model,
                "method": "name_search",
                "args": [],
                "kwargs": {"name": name, "limit": 8},
            },
        )
        return result, time.monotonic() - start

    def test_first_contact_found_by_what_the_caller_said(self):
        FirstContact = self.env["crm.first.contact"]
        for typed in ("Зверобой", "Сидоренков", "987-65-43", "zveroboy-kvant"):
            with self.subTest(typed=typed), time_limit(GUARD_SECONDS):
                found = [rid for rid, _name in FirstContact.name_search(typed)]
                self.assertEqual(found, self.call.ids)
        with time_limit(GUARD_SECONDS):
            self.assertFalse(FirstContact.name_search("Незнакомец"))
            by_name = FirstContact.search([("display_name", "ilike", "Зверобой")])
            self.assertEqual(by_name, self.call)
            by_name = FirstContact.search([("display_name", "ilike", "Василёк")])
            self.assertIn(self.other_call, by_name)

    def test_every_model_of_the_addons_over_rpc(self):
        models = addon_models(self.env)
        self.assertIn("crm.first.contact", models)
        self.assertIn("crm.lead", models)
        self.authenticate("admin", "admin")
        for model in models:
            typed = "Зверобой" if model == "crm.first.contact" else "Ром"
            with self.subTest(model=model):
                # in process first: a loop fails here instead of leaving a
                # server thread spinning with the test cursor
                with time_limit(GUARD_SECONDS):
                    Model = self.env[model]
                    if Model._original_module in ADDONS and not Model._transient:
                        # a model without a name to search returns everything
                        # (a screen's transient records are never searched)
                        with self.assertNoLogs("odoo.models", "WARNING"):
                            self.env[model].name_search(typed, limit=8)
                    else:  # Odoo's own model or a screen: no warning checked
                        with mute_logger("odoo.models"):
                            self.env[model].name_search(typed, limit=8)
                with mute_logger("odoo.models"):
                    result, seconds = self.name_search_rpc(model, typed)
                self.assertIsInstance(result, list)
                self.assertLess(seconds, RPC_SECONDS)
                if model == "crm.first.contact":
                    self.assertEqual([row[0] for row in result], self.call.ids)
