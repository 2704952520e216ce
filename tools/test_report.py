"""Sum up a `make test` run: Odoo test logs, pytest JUnit files and step exit codes.

Usage: test_report.py LOGDIR STEP...   (each STEP has LOGDIR/STEP.rc and either
LOGDIR/STEP.log from Odoo's test runner or LOGDIR/STEP.xml from pytest)
Prints one line per step and a closing line "N passed, N failed"; exits 1 on any
failure or error.
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ODOO_RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading")
LOG_ERROR = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", re.MULTILINE)


def odoo_counts(log):
    """(tests, failed) from an Odoo log; errors logged outside tests count too."""
    found = ODOO_RESULT.findall(log)
    if found:
        failed, errors, tests = (int(x) for x in found[-1])
        bad = failed + errors
    else:
        tests, bad = 0, 0
    if not bad and LOG_ERROR.search(log):
        bad = 1  # an error outside any test (install, upgrade, data loading)
    return tests, bad


def junit_counts(path):
    """(tests, failed) from a pytest JUnit XML file; subtests fold into their test."""
    outcome = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        key = (case.get("classname"), case.get("name"))
        bad = case.find("failure") is not None or case.find("error") is not None
        outcome[key] = outcome.get(key, False) or bad
    return len(outcome), sum(outcome.values())


def main(logdir, steps):
    logdir = Path(logdir)
    total_passed = total_failed = 0
    for step in steps:
        rc_file = logdir / f"{step}.rc"
        rc = int(rc_file.read_text().strip() or 1) if rc_file.exists() else 1
        xml, log = logdir / f"{step}.xml", logdir / f"{step}.log"
        if xml.exists():
            tests, bad = junit_counts(xml)
        elif log.exists():
            tests, bad = odoo_counts(log.read_text(errors="replace"))
        else:
            tests, bad = 0, 0
        if rc and not bad:
            bad = 1  # the step itself failed (crash, timeout, lint)
        if not tests and not bad:
            tests = 1  # a step without tests (upgrade, lint) counts as one check
        passed = max(tests - bad, 0)
        status = "ok" if not bad else "FAILED"
        print(f"  {step:<10} {passed:>5} passed {bad:>4} failed   {status}  ({log})")
        total_passed += passed
        total_failed += bad
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
