"""Render a :class:`~grader.grading.results.Report` as JUnit XML.

CI servers (GitLab, Jenkins, GitHub test reporters) read this format. The
document has one ``<testsuite>`` per report inside ``<testsuites>``; each
check is a ``<testcase classname="<assignment>.<function>" name="<check>">``
with a ``<failure>`` or ``<error>`` child when it did not pass. Points are
``<properties>``. The output is deterministic: no time or host name appears
unless passed in.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from grader.grading.results import CheckResult, Report
from grader.render._format import format_points

#: Characters XML 1.0 cannot carry at all, not even escaped.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: Longest ``message`` attribute; the full text is the element's body.
MESSAGE_ATTR_LIMIT = 500


def to_junit(report: Report, *, timestamp: str | None = None) -> str:
    """JUnit XML for one submission.

    Parameters
    ----------
    report : Report
        The graded submission.
    timestamp : str, optional
        Written as the suite's ``timestamp`` attribute when given (for example
        an ISO 8601 time); left out otherwise so the output is reproducible.

    Returns
    -------
    str
        The XML document, with declaration, indented, ending in a newline.
        Characters XML cannot represent (control characters from a student's
        output) are shown as ``\\xNN``.
    """
    tests = str(len(report.tests))
    failures = str(sum(t.status == "failed" for t in report.tests))
    errors = str(sum(t.status == "error" for t in report.tests))
    counts = {"tests": tests, "failures": failures, "errors": errors}

    root = ET.Element("testsuites", {"name": _clean(report.assignment), **counts})
    suite = ET.SubElement(root, "testsuite", {"name": _clean(report.assignment), **counts, "skipped": "0"})
    if timestamp is not None:
        suite.set("timestamp", _clean(timestamp))
    _properties(suite, {"score": format_points(report.score), "max_score": format_points(report.max_score)})
    for check in report.tests:
        _testcase(suite, report.assignment, check)

    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _testcase(suite: ET.Element, assignment: str, check: CheckResult) -> None:
    case = ET.SubElement(
        suite, "testcase", {"classname": _clean(f"{assignment}.{check.function}"), "name": _clean(check.name)}
    )
    _properties(case, {
        "score": format_points(check.score),
        "max_score": format_points(check.max_score),
        "kind": check.kind,
        "visibility": check.visibility,
    })
    if check.status == "passed":
        return
    message = _clean(check.message)
    first_line = message.splitlines()[0] if message.strip() else check.status
    child = ET.SubElement(case, "failure" if check.status == "failed" else "error", {
        "message": first_line[:MESSAGE_ATTR_LIMIT],
        "type": _clean(check.kind),
    })
    child.text = message


def _properties(parent: ET.Element, values: dict[str, str]) -> None:
    props = ET.SubElement(parent, "properties")
    for name, value in values.items():
        ET.SubElement(props, "property", {"name": name, "value": _clean(value)})


def _clean(text: str) -> str:
    """Replace characters that XML 1.0 cannot carry with a visible ``\\xNN`` form."""
    return _INVALID_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


__all__ = ["to_junit"]
