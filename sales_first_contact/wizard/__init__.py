from . import crm_client_check
from . import crm_client_check_line
from . import crm_lead_handover
