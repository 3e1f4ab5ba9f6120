"""grader/similarity/compare.py: which pairs of a class are listed, and where their shared code is."""

import json
import random
import time

import pytest
from similarity_cases import (
    DEEP_NN,
    DERIVED,
    INDEPENDENT,
    STUB,
    disguise,
    function_lines,
    generated_class,
    notebook,
    own_helper,
    swap_function,
    variant,
)

from grader.grading.submission import source_from_bytes
from grader.similarity import assignment_boilerplate, compare, read_submissions, render_text, similar_pairs, to_json


@pytest.fixture(scope="module")
def given():
    return assignment_boilerplate(DEEP_NN)


def independent():
    return {name: variant(name) for name in INDEPENDENT}


def test_independent_correct_solutions_are_not_listed(given):
    result = compare(independent(), given)
    assert result.pairs == ()
    assert 0 < result.score.median < result.score.cutoff


def test_a_renamed_and_reformatted_copy_is_the_top_pair(given):
    subs = independent()
    subs["zed"] = disguise(subs["einsum_loops"], "zed")
    pairs = similar_pairs(subs, given)
    assert [(p.student_a, p.student_b) for p in pairs] == [("einsum_loops", "zed")]
    assert pairs[0].score == 1.0
    assert pairs[0].regions[0].a.first <= 10 and pairs[0].regions[0].a.last >= 120


def test_the_variants_edited_from_one_file_are_listed(given):
    """The fixture variants made by editing plain_dot.py are what the method should find."""
    pairs = similar_pairs({name: variant(name) for name in INDEPENDENT + DERIVED}, given)
    listed = {frozenset((p.student_a, p.student_b)) for p in pairs}
    assert listed == {frozenset((a, b)) for a in DERIVED for b in DERIVED if a < b}


def test_the_stub_shared_by_everyone_is_never_a_pair(given):
    stub = STUB.read_text(encoding="utf-8")
    rng = random.Random(0)
    own = {f"s{i}": stub + own_helper(rng, f"s{i}") for i in range(8)}
    assert similar_pairs(own, given) == []
    assert similar_pairs(own, [])  # without the boilerplate, the stub alone makes everyone similar


def test_one_copied_function_lists_the_pair_with_the_function_as_shared_region(given):
    subs = {name: variant(name) for name in INDEPENDENT if name != "at_operator"}
    subs["copier"] = swap_function(variant("at_operator"), subs["mean_where"], "L_model_backward")
    pairs = similar_pairs(subs, given)
    assert [(p.student_a, p.student_b) for p in pairs] == [("copier", "mean_where")]
    pair = pairs[0]
    assert pair.score < 0.5 and pair.longest >= 30  # listed for its one long region, not for its score
    region = pair.regions[0]
    first, last = function_lines(subs["mean_where"], "L_model_backward")
    assert region.b.first <= first + 1 and region.b.last >= last - 1
    first, last = function_lines(subs["copier"], "L_model_backward")
    assert region.a.first <= first + 1 and region.a.last >= last - 1
    assert "def L_model_backward" in region.a.text and "def L_model_backward" in region.b.text


def test_a_notebook_submission_is_compared_by_its_code_cells(given):
    subs = independent()
    nb = notebook(disguise(variant("stable_sigmoid"), "nb"), split_at="linear_forward_nb")
    subs["nb"] = source_from_bytes(nb.encode(), __import__("pathlib").Path("nb.ipynb"))
    pairs = similar_pairs(subs, given)
    assert [(p.student_a, p.student_b) for p in pairs] == [("nb", "stable_sigmoid")]
    cells = {r.a.cell for r in pairs[0].regions}
    assert cells == {2, 3} and all(r.b.cell is None for r in pairs[0].regions)
    assert "cell 3, lines 1-" in render_text(pairs)


def test_the_given_code_comes_from_stub_notebook_and_provided_files(given):
    assert given[0].origin == STUB
    text = "\n".join(g if isinstance(g, str) else g.text for g in given)
    assert "YOUR CODE HERE" in text and "### BEGIN SOLUTION" not in text
    assert "A = np.maximum(0, Z)" not in text  # the reference's relu is not given code


def test_unreadable_submissions_are_left_out_with_the_reason(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.py").write_text("")
    sources, skipped = read_submissions({"a": tmp_path / "a.py", "b": tmp_path / "b.py"})
    assert list(sources) == ["a"] and "empty" in skipped["b"]


def test_the_report_is_plain_data_and_never_a_verdict(given):
    subs = independent()
    subs["zed"] = disguise(subs["matmul"], "zed")
    result = compare(subs, given)
    doc = to_json(result)
    assert json.loads(json.dumps(doc)) == doc
    assert doc["pairs"][0]["student_a"] == "matmul" and doc["method"]["k"] == 12
    text = render_text(result)
    assert "not findings of copying" in text
    assert "plagiar" not in text.lower() and "cheat" not in text.lower()
    assert render_text(compare(independent(), given)).endswith("No pair of submissions is unusually similar.\n")


def test_golden_report(given, golden):
    subs = {name: variant(name) for name in INDEPENDENT if name != "at_operator"}
    subs["copier"] = swap_function(variant("at_operator"), subs["mean_where"], "L_model_backward")
    subs["zed"] = disguise(subs["matmul"], "zed")
    result = compare(subs, given)
    golden("similarity.txt", render_text(result))
    golden("similarity.json", json.dumps(to_json(result), indent=1) + "\n")


def test_three_hundred_submissions(given):
    subs = generated_class(300)
    subs["copier"] = disguise(subs["student007"], "cp")
    start = time.perf_counter()
    pairs = similar_pairs(subs, given)
    seconds = time.perf_counter() - start
    print(f"\n301 submissions compared in {seconds:.2f} s")
    assert [(p.student_a, p.student_b) for p in pairs] == [("copier", "student007")]
    assert seconds < 60  # generous: a few seconds on a laptop, shared CI runners are slower
