"""Fixed reports and batch results that every renderer test (and golden file) is built from.

The scenarios are hand-built, not graded, so the golden files change only
when a renderer does:

* ``alice01``: every check passed.
* ``bob02``: a mix: passed, failed (with partial credit), error, hidden
  checks, and a message with HTML special characters and a ``<script>``.
* ``carol03``: the whole submission timed out, so there is no report.
* ``dan04``: ``linear_forward`` raised; everything else passed.
* ``eve05``: the submission did not import; no report, and the error quotes
  the student's source, which contains a script that would change the
  page title if it ever ran.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from grader.batch.result import BatchResult
from grader.grading.results import CheckResult, Report, summarize

ASSIGNMENT = "hw2_deep_nn"
XSS_MESSAGE = "expected <b>bold</b> & 'quotes' \"here\"; got <script>alert(1)</script>"
TITLE_XSS = "<script>document.title='pwned'</script>"


def _passed(function: str, name: str, points: float, kind: str = "value", visibility: str = "public") -> CheckResult:
    return CheckResult(name, function, kind, "passed", points, points, "", visibility)  # type: ignore[arg-type]


def _all_passed() -> list[CheckResult]:
    return [
        _passed("sigmoid", "matches reference on (5, 3)", 1.0),
        _passed("sigmoid", "extreme inputs stay finite", 1.0, visibility="hidden"),
        _passed("relu_backward", "gradient check", 2.0, kind="gradcheck"),
        _passed("linear_forward", "single example (m = 1)", 1.5),
        _passed("linear_forward", "returns cache (A, W, b)", 0.5),
        _passed("L_model_forward", "runs within 2 s", 2.0, kind="timeout"),
        _passed("L_model_forward", "non-square layers", 2.0, visibility="hidden"),
    ]


def bob_report() -> Report:
    return summarize(ASSIGNMENT, [
        _passed("sigmoid", "matches reference on (5, 3)", 1.0),
        CheckResult("extreme inputs stay finite", "sigmoid", "value", "failed", 0.0, 1.0,
                    "A[2, 0] is nan; expected 1.0 (input 800.0)", "hidden", "not_finite"),
        CheckResult("gradient check", "relu_backward", "gradcheck", "failed", 0.5, 2.0,
                    "dZ[0, 2]: yours 0.5 vs expected 0 (relative error 1)\n"
                    "Z[0, 2] is 0.0: the mask should be Z > 0, not Z >= 0", diagnosis="wrong_value"),
        CheckResult("single example (m = 1)", "linear_forward", "value", "failed", 0.0, 1.5, XSS_MESSAGE,
                    diagnosis="transposed"),
        _passed("linear_forward", "returns cache (A, W, b)", 0.5),
        CheckResult("runs within 2 s", "L_model_forward", "timeout", "error", 0.0, 2.0,
                    "TimeoutError: L_model_forward did not return within 2 s", diagnosis="timeout"),
        CheckResult("non-square layers", "L_model_forward", "value", "error", 0.0, 2.0, "", "hidden"),
    ])


def dan_report() -> Report:
    checks = _all_passed()
    checks[3] = CheckResult("single example (m = 1)", "linear_forward", "value", "error", 0.0, 1.5,
                            "NameError: name 'np' is not defined", diagnosis="raised:NameError")
    checks[4] = CheckResult("returns cache (A, W, b)", "linear_forward", "value", "error", 0.0, 0.5,
                            "NameError: name 'np' is not defined", diagnosis="raised:NameError")
    return summarize(ASSIGNMENT, checks)


def batch_results() -> list[BatchResult]:
    return [
        BatchResult("bob02", bob_report(), 4.25, None, "subprocess"),
        BatchResult("alice01", summarize(ASSIGNMENT, _all_passed()), 1.5, None, "subprocess"),
        BatchResult("eve05", None, 0.3, f'SyntaxError: submission.py, line 3: x = "{TITLE_XSS}',
                    "subprocess", assignment=ASSIGNMENT),
        BatchResult("dan04", dan_report(), 2.125, None, "subprocess"),
        BatchResult("carol03", None, 60.0, "TimeoutError: the submission exceeded 60 s and was stopped",
                    "subprocess", assignment=ASSIGNMENT),
    ]


@pytest.fixture
def report() -> Report:
    """``bob02``'s report: every status, hidden checks, HTML in a message."""
    return bob_report()


@pytest.fixture
def batch() -> list[BatchResult]:
    """Five submissions, deliberately not in student order."""
    return batch_results()


@pytest.fixture(params=[r for r in batch_results() if r.report is not None], ids=lambda r: r.student)
def graded_report(request: pytest.FixtureRequest) -> Report:
    """Each report of the batch in turn."""
    return request.param.report


@pytest.fixture
def assignment() -> str:
    return ASSIGNMENT


@pytest.fixture
def xss_message() -> str:
    """The message of ``bob02``'s failed ``linear_forward`` check."""
    return XSS_MESSAGE


@pytest.fixture
def title_xss() -> str:
    """A script in ``eve05``'s error that would change ``document.title`` if it ran."""
    return TITLE_XSS


class Page(HTMLParser):
    """The tags, attributes, text and title of an HTML document, parsed as a browser would."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.title = ""
        self._current = ""
        self._seen_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._current = tag

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "title":
            self._seen_title = True
        self._current = ""

    def handle_data(self, data):
        if self._current == "style":
            return  # CSS is not text on the page
        self.chunks.append(data)
        if self._current == "title" and not self._seen_title:  # the document's title, not an SVG one
            self.title += data

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def count(self, tag: str, cls: str | None = None) -> int:
        return sum(t == tag and (cls is None or cls in (a.get("class") or "").split()) for t, a in self.tags)


@pytest.fixture
def parse() -> type[Page]:
    """``parse(html)`` gives a :class:`Page` (tags, visible text, document title)."""
    return Page
