from . import crm_agent_funnel_report
