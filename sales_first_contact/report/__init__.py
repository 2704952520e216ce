from . import crm_agent_funnel_report
from . import crm_duty_coverage_report
from . import crm_first_contact_report
