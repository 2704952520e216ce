from . import crm_lead
from . import crm_material
from . import crm_material_download
from . import res_users
