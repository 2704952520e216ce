from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .test_routing import RoutingCase


@tagged("post_install", "-at_install")
class TestReports(RoutingCase):
    """The head of sales' reports: sources, conversion, speed, duty coverage."""

    def test_first_contacts_conversion_and_time_to_first_action(self):
        web = self.env.ref("sales_first_contact.utm_source_website")
        leads = self.env["crm.lead"].create(
            [
                {"name": f"Web {i}", "source_id": web.id, "user_id": self.m1.id}
                for i in range(4)
            ]
        )
        leads.write({"type": "lead"})
        self.env.flush_all()
        # the contacts came in at 9:00; the manager acted on one at 11:30
        self.env.cr.execute(
            SQL(
                "UPDATE crm_lead SET create_date = %s WHERE id = ANY(%s)",
                "2026-03-02 09:00:00",
                leads.ids,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE mail_message SET date = %s WHERE model = 'crm.lead'"
                " AND res_id = ANY(%s)",
                "2026-03-02 09:00:00",
                leads.ids,
            )
        )
        with freeze_time("2026-03-02 11:30:00"):
            leads[0].with_user(self.m1).message_post(
                body="Called back", message_type="comment"
            )
        leads[1].convert_opportunity(leads[1].partner_id)
        leads[2].convert_opportunity(leads[2].partner_id)
        leads[2].action_set_won()
        self.env.flush_all()
        Report = self.env["crm.first.contact.report"]
        row = Report.read_group(
            [("lead_id", "in", leads.ids)],
            ["count:sum", "converted:avg", "won:avg", "hours_to_first_action:avg"],
            ["source_id"],
        )[0]
        self.assertEqual(row["count"], 4)
        self.assertEqual(row["converted"], 50.0)
        self.assertEqual(row["won"], 25.0)
        self.assertEqual(
            row["hours_to_first_action"], 2.5, "only the manager's own action"
        )
        acted = Report.search(
            [("lead_id", "in", leads.ids), ("first_action_date", "!=", False)]
        )
        self.assertEqual(acted.lead_id, leads[0])

    def test_duty_coverage(self):
        # Monday 2 March 2026, office 9:00-18:00 Moscow = 6:00-15:00 UTC
        for user, start, end in (
            (self.m1, "2026-03-02 06:00:00", "2026-03-02 10:00:00"),
            (self.m2, "2026-03-02 08:00:00", "2026-03-02 12:00:00"),
        ):
            self._shift(user, start, end, shared=True)
        self.env.flush_all()
        day = self.env["crm.duty.coverage.report"].search(
            [("team_id", "=", self.main.id), ("day", "=", "2026-03-02")]
        )
        self.assertEqual(
            (day.office_hours, day.covered_hours), (9.0, 6.0), "shared hours once"
        )
        self.assertAlmostEqual(day.coverage, 66.7, places=1)
        self.assertEqual(day.uncovered_hours, 3.0)
        saturday = self.env["crm.duty.coverage.report"].search(
            [("team_id", "=", self.main.id), ("day", "=", "2026-03-07")]
        )
        self.assertFalse(saturday, "no office hours at the weekend")
