"""Sum up a `make test` run: Odoo test logs, pytest JUnit files and step exit codes.

Usage: test_report.py LOGDIR STEP...   (each STEP has LOGDIR/STEP.rc and either
LOGDIR/STEP.log from Odoo's test runner or LOGDIR/STEP.xml from pytest)
Prints one line per step, under a failed step the tests that failed (Odoo's
"FAIL:"/"ERROR:" lines, pytest's failing cases) and a closing line
"N passed, N failed"; exits 1 on any failure or error.
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ODOO_RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading")
LOG_ERROR = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", re.MULTILINE)
# "<date> <time> <pid> ERROR <db> odoo.addons.x.tests.test_y: FAIL: TestY.test_z"
ODOO_FAILED_TEST = re.compile(
    r"^\S+ \S+ \d+ ERROR \S+ (?P<logger>\S+): (?P<flavour>FAIL|ERROR): (?P<test>.+)$",
    re.MULTILINE,
)


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


def odoo_failed_tests(log):
    """The "FAIL: TestX.test_y (module)" lines of an Odoo test log, in order."""
    names = []
    for found in ODOO_FAILED_TEST.finditer(log):
        module = found["logger"].removeprefix("odoo.addons.")
        line = f"{found['flavour']}: {found['test'].strip()} ({module})"
        if line not in names:
            names.append(line)
    return names


def junit_failed_tests(path):
    """The "FAIL: class.name" lines of a pytest JUnit XML file."""
    names = []
    for case in ET.parse(path).getroot().iter("testcase"):
        flavour = (
            "FAIL"
            if case.find("failure") is not None
            else "ERROR"
            if case.find("error") is not None
            else None
        )
        line = flavour and f"{flavour}: {case.get('classname')}.{case.get('name')}"
        if line and line not in names:
            names.append(line)
    return names


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
        failed_tests = []
        if xml.exists():
            tests, bad = junit_counts(xml)
            failed_tests = junit_failed_tests(xml)
        elif log.exists():
            text = log.read_text(errors="replace")
            tests, bad = odoo_counts(text)
            failed_tests = odoo_failed_tests(text)
        else:
            tests, bad = 0, 0
        if rc and not bad:
            bad = 1  # the step itself failed (crash, timeout, lint)
        if not tests and not bad:
            tests = 1  # a step without tests (upgrade, lint) counts as one check
        passed = max(tests - bad, 0)
        status = "ok" if not bad else "FAILED"
        print(f"  {step:<10} {passed:>5} passed {bad:>4} failed   {status}  ({log})")
        for name in failed_tests:
            print(f"      {name}")
        total_passed += passed
        total_failed += bad
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
