from . import materials
from . import website_form
