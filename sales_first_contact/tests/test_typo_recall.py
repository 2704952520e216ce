import logging
import random
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from ..dedup import normalize
from ..models import crm_duplicate_finder
from .company_names import REAL_NAMES

_logger = logging.getLogger(__name__)

TARGET_RECALL = 0.95  # of one-letter typos in a name of 7+ letters (issue 12)
KINDS = ("deletion", "insertion", "substitution", "transposition")
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюя"
LATIN = "abcdefghijklmnopqrstuvwxyz"


def typo(rand, name, kind):
    """``name`` with one letter missed, added, typed wrong or two swapped,
    among its letters (spaces, quotes and the legal form kept)."""
    core = normalize.company_key(name)
    positions = [i for i, ch in enumerate(core) if ch.isalpha()]
    alphabet = CYRILLIC if normalize._CYRILLIC.search(core) else LATIN
    i = rand.choice(positions[:-1])
    letter = rand.choice(alphabet)
    if kind == "deletion":
        typed = core[:i] + core[i + 1 :]
    elif kind == "insertion":
        typed = core[:i] + letter + core[i:]
    elif kind == "substitution":
        letter = rand.choice(alphabet.replace(core[i], ""))
        typed = core[:i] + letter + core[i + 1 :]
    else:
        j = i + 1 if core[i + 1].isalpha() else i - 1
        i, j = sorted((i, j))
        typed = core[:i] + core[j] + core[i] + core[j + 1 :]
    return typed


def typo_set(names, per_kind=3, seed=12):
    """[(name, kind, typed)]: ``per_kind`` typos of each kind per name, the
    same at every run; a typo that changes nothing is left out."""
    rand = random.Random(seed)
    cases = []
    for name in names:
        for kind in KINDS:
            for _n in range(per_kind):
                typed = typo(rand, name, kind)
                if typed != normalize.company_key(name):
                    cases.append((name, kind, typed))
    return cases


@tagged("post_install", "-at_install")
class TestTypoRecall(TransactionCase):
    """One-letter typos in a name of 7+ letters are found, as possible duplicates.

    The near-name step's time box is widened here: the test measures what the
    rules find, not how busy the machine running it is.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        names = [
            n for n in REAL_NAMES if len(normalize.company_key(n).replace(" ", "")) >= 7
        ]
        Partner = cls.env["res.partner"]
        cls.cards = {
            name: Partner.create({"name": name, "is_company": True}) for name in names
        }
        cls.cases = typo_set(names)
        probes = [{"company_name": typed} for _name, _kind, typed in cls.cases]
        with patch.object(crm_duplicate_finder, "FUZZY_TIMEOUT_MS", 60000):
            cls.results = cls.env["crm.duplicate.finder"]._find_duplicates_batch(
                probes, limit=50
            )

    def test_one_letter_typos_are_found(self):
        found, missed = {kind: 0 for kind in KINDS}, []
        for (name, kind, typed), result in zip(self.cases, self.results, strict=True):
            levels = {c.level for c in result if c.id == self.cards[name].id}
            if levels & {"possible", "likely"}:
                found[kind] += 1
            else:
                missed.append(typed)
        total = {kind: sum(1 for c in self.cases if c[1] == kind) for kind in KINDS}
        recall = sum(found.values()) / len(self.cases)
        by_kind = ", ".join(f"{k} {found[k]}/{total[k]}" for k in KINDS)
        _logger.info(
            "typo recall: %.3f of %s one-letter typos over %s names (%s); missed: %s",
            recall,
            len(self.cases),
            len(self.cards),
            by_kind,
            missed,
        )
        self.assertGreaterEqual(recall, TARGET_RECALL, missed)

    def test_typos_are_never_likely_on_the_name_alone(self):
        likely = [
            typed
            for (name, _kind, typed), result in zip(
                self.cases, self.results, strict=True
            )
            for c in result
            if c.id == self.cards[name].id and c.level == "likely"
        ]
        self.assertEqual(likely, [])
