# Run by tools/load.py in `odoo shell` on the load database: the users of the
# run (the password is the login), and with the addon its main office on duty,
# the agents' call lists and the exhibition. Reads LOAD_USERS, LOAD_MODE and
# LOAD_FILL_KEYS; prints LOAD_SETUP={json}.
import json
import os

from common import main_office_on_duty

from odoo import Command, fields

count = int(os.environ.get("LOAD_USERS", "20"))
addon = os.environ.get("LOAD_MODE", "addon") == "addon"
env = env  # noqa: F821, PLW0127 - given by odoo shell
Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
roles = {"manager": ["sales_team.group_sale_salesman_all_leads"]}
if addon:
    roles.update(
        operator=["sales_team.group_sale_salesman"],
        agent=["sales_first_contact.group_first_contact_agent"],
        head=["sales_first_contact.group_first_contact_head"],
    )
logins = {}
for role, groups in roles.items():
    wanted = [f"load_{role}_{i}" for i in range(1 if role == "head" else count)]
    existing = Users.search([("login", "in", wanted)])
    group_ids = [env.ref(xmlid).id for xmlid in groups]
    Users.create(
        [
            {
                "name": f"Load {role.title()} {login.rsplit('_', 1)[1]}",
                "login": login,
                "password": login,
                "groups_id": [Command.set(group_ids)],
                "tz": "Europe/Moscow",
            }
            for login in wanted
            if login not in existing.mapped("login")
        ]
    )
    logins[role] = wanted
result = {"logins": logins}
# no lead enrichment: it calls Odoo's IAP servers, and load runs reach 127.0.0.1 only
enrichment = env.ref("crm_iap_enrich.ir_cron_lead_enrichment", raise_if_not_found=False)
if enrichment:
    enrichment.active = False
if addon:
    if os.environ.get("LOAD_FILL_KEYS") == "1":  # rows copied after the install
        env["res.partner"]._dedup_fill_keys()
        env["crm.lead"]._dedup_fill_keys()
    managers = Users.search([("login", "in", logins["manager"])])
    main_office_on_duty(env, "Load Moscow", managers, hours=8, on_duty=managers[:4])
    now = fields.Datetime.now()
    for agent in Users.search([("login", "in", logins["agent"])]):
        env["crm.call.list"].create(
            {
                "name": f"Load call list of {agent.login}",
                "agent_id": agent.id,
                "line_ids": [
                    Command.create(
                        {
                            "company_name": f"ООО «Обзвон {agent.id}-{i}»",
                            "contact_name": f"Контакт {i}",
                            "phone": f"+7 812 {agent.id % 1000:03d}-{i // 100:02d}-"
                            f"{i % 100:02d}",
                        }
                    )
                    for i in range(100)
                ],
            }
        )
    result["event"] = (
        env["crm.first.contact.event"]
        .create({"name": f"Load exhibition {now}", "kind": "exhibition"})
        .id
    )
env.cr.commit()
print("LOAD_SETUP=" + json.dumps(result))
