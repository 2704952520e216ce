from . import test_material_access
from . import test_material_download
from . import test_signup
from . import test_website_form
