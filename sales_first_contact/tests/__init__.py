from . import test_access
from . import test_config_settings
from . import test_first_contact_source
from . import test_install
from . import test_lead_customer
from . import test_ui
