"""What one duplicate check found, and what it could not look at."""

# the kinds of key of the exact steps, as a notice names them
CROWDED_KINDS = {
    "company": "company",
    "company_translit": "company",
    "surname": "surname",
    "surname_translit": "surname",
    "local": "phone",
    "email": "email",
    "host": "domain",
}


class SearchResult(list):
    """The candidates of one check (``Candidate``), best first (a list), and
    two notes:

    * ``crowded``: the kinds of key ('company', 'surname', 'phone', 'email',
      'domain') shared by more records than the search brings for one key;
      those records are the most recent, the others are not shown;
    * ``partial``: True when the near company names were given up (their
      time box): a client with a near name may be missing.
    """

    def __init__(self, candidates=(), crowded=(), partial=False):
        super().__init__(candidates)
        self.crowded = frozenset(crowded)
        self.partial = partial
