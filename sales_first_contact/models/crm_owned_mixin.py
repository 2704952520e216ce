from odoo import api, models
from odoo.exceptions import AccessError

HEAD_OF_SALES = "sales_first_contact.group_first_contact_head"


class CrmOwnedMixin(models.AbstractModel):
    """A record its user makes for themselves: an absence, a call list, a call
    taken. Only the head of sales gives one to another user.

    Record rules check the records a user writes, not the values written: a
    manager could otherwise create their own absence and then write another
    manager into it. The field is named by ``_owner_field``.
    """

    _name = "crm.owned.mixin"
    _description = "Record Owned by Its User"
    _owner_field = "user_id"

    @api.model_create_multi
    def create(self, vals_list):
        self._check_owner_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_owner_values([vals])
        return super().write(vals)

    @api.model
    def _check_owner_values(self, vals_list):
        """Refuse another user as the owner, but to the head of sales."""
        if self.env.su or self.env.user.has_group(HEAD_OF_SALES):
            return
        fname = self._owner_field
        owners = {
            vals[fname].id if isinstance(vals[fname], models.BaseModel) else vals[fname]
            for vals in vals_list
            if fname in vals
        }
        others = owners - {self.env.uid}
        if others:
            raise AccessError(
                self.env._(
                    "Only the head of sales may set “%(field)s” to another user.",
                    field=self._fields[fname].get_description(self.env)["string"],
                )
            )
