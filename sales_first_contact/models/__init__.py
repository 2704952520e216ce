from . import utm_source
from . import crm_duplicate_mixin
from . import crm_duplicate_finder
from . import crm_awareness_source
from . import res_partner
from . import crm_lead
from . import res_config_settings
