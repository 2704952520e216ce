# Run by tools/stress.py in `odoo shell` on the stress database: the users,
# teams, roster and exhibition the concurrent clients work with.
# Reads STRESS_CLIENTS and STRESS_CONTACTS from the environment.
import os

from common import main_office_on_duty

from odoo import Command, fields

clients = int(os.environ.get("STRESS_CLIENTS", "20"))
contacts = int(os.environ.get("STRESS_CONTACTS", "3000"))
Users = env["res.users"].with_context(no_reset_password=True)  # noqa: F821
salesman = env.ref("sales_team.group_sale_salesman")  # noqa: F821
users = Users.search([("login", "=like", "stress_%")])
missing = [i for i in range(clients) if f"stress_{i}" not in users.mapped("login")]
users |= Users.create(
    [
        {
            "name": f"Stress Operator {i}",
            "login": f"stress_{i}",
            "password": f"stress_{i}",
            "groups_id": [Command.link(salesman.id)],
        }
        for i in missing
    ]
)
managers = users.sorted("id")[:3]
main_office_on_duty(env, "Stress Moscow", managers, hours=6)  # noqa: F821
now = fields.Datetime.now()
event = env["crm.first.contact.event"].create({"name": f"Stress exhibition {now}"})  # noqa: F821
env["crm.lead"].create(  # noqa: F821
    [
        {
            "name": f"Stress contact {i}",
            "partner_name": f"ООО «Стресс {i}»",
            "phone": "+7 495 %03d-%02d-%02d"
            % (i // 10000 % 1000, i // 100 % 100, i % 100),
            "fc_event_id": event.id,
            "fc_check_state": "new",
            "user_id": False,
        }
        for i in range(contacts)
    ]
)
# small background runs, so that the cron worker can be killed between two
env["ir.config_parameter"].set_param(  # noqa: F821
    "sales_first_contact.distribute_chunk", max(contacts // 20, 1)
)
env.cr.commit()  # noqa: F821
print(f"STRESS_EVENT={event.id}")
