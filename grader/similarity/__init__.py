"""Similarity across a class: pairs of submissions with unusually similar code, as a lead for the instructor.

The method is winnowing (Schleimer, Wilkerson, Aiken, SIGMOD 2003, the
algorithm of MOSS) over Python tokens normalized so that renaming and
reformatting hide nothing (:mod:`grader.similarity.tokens`,
:mod:`grader.similarity.winnow`); the code every student was given never
counts; a pair is listed when it stands out from the class
(:mod:`grader.similarity.compare`). Typical use::

    sources, skipped = read_submissions({"alice": Path("alice.py"), "bob": Path("bob.ipynb")})
    result = compare(sources, assignment_boilerplate(Path("assignments/deep_nn")))
    print(render_text(result))        # or to_json(result) for summary.json

Nothing here runs student code, and nothing here is a verdict.
"""

from grader.similarity.compare import Comparison, Lines, Pair, Region, Threshold, compare, similar_pairs
from grader.similarity.report import render_text, to_json
from grader.similarity.sources import assignment_boilerplate, read_submissions

__all__ = ["Comparison", "Lines", "Pair", "Region", "Threshold", "assignment_boilerplate", "compare",
           "read_submissions", "render_text", "similar_pairs", "to_json"]
