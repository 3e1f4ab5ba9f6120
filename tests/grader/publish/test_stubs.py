"""grader/publish/stubs.py and grader/publish/generate.py: the student's file from the reference."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from grader.course.locate import REPO_ROOT, load_declaration
from grader.publish import generate
from grader.publish.stubs import StubError, render_solution, render_stub, strip_solution

FOLDER = REPO_ROOT / "assignments" / "deep_nn"


@pytest.fixture(scope="module")
def assignment():
    return load_declaration(FOLDER)


def test_committed_generated_files_are_current():
    """Fails when the reference or the checks changed and `grader generate deep_nn` was not run."""
    for name, text in generate.generated_files(FOLDER).items():
        assert generate.is_current(FOLDER / name, text), f"{name} is stale: run `grader generate deep_nn`"


def test_generation_is_deterministic(assignment):
    first = generate.generated_files(FOLDER)
    second = generate.generated_files(FOLDER)
    assert first == second


def test_stub_keeps_signatures_and_docstrings_but_no_solution(assignment):
    stub = render_stub(assignment.id, assignment.title, assignment.modules, assignment.function_names)
    tree = ast.parse(stub)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert list(functions) == assignment.function_names
    ref = assignment.reference
    for name, node in functions.items():
        assert tuple(a.arg for a in node.args.args) == ref.params(name)
        assert ast.get_docstring(node) and "Returns" in ast.get_docstring(node)
        raises = [n for n in ast.walk(node) if isinstance(n, ast.Raise)]
        assert any("NotImplementedError" in ast.unparse(r) for r in raises), name
    assert "BEGIN SOLUTION" not in stub and "YOUR CODE HERE" in stub
    assert "np.dot(W, A)" not in stub and "keepdims=True)" not in stub.split('"""')[-1]
    assert "import reference" not in stub and "from reference" not in stub
    assert "np.random.seed(1)" in stub  # code outside the solution region stays


def test_solution_file_is_self_contained(assignment):
    solution = render_solution(assignment.id, assignment.title, assignment.modules, assignment.function_names)
    namespace: dict = {}
    exec(compile(solution, "solution.py", "exec"), namespace)
    import numpy as np

    A, cache = namespace["linear_forward"](np.ones((2, 3)), np.ones((4, 2)), np.ones((4, 1)))
    assert A.shape == (4, 3) and len(cache) == 3


@pytest.mark.parametrize(
    "source, error",
    [
        ("def f():\n    return 1\n", "no solution region"),
        ("def f():\n    ### BEGIN SOLUTION\n    x = 1\n", "never closed"),
        ("def f():\n    ### END SOLUTION\n", "without"),
        ("def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n", "nested"),
    ],
    ids=["none", "unclosed", "end-first", "nested"],
)
def test_malformed_markers_are_refused(source, error):
    with pytest.raises(StubError, match=error):
        strip_solution(source, "f")


def test_strip_keeps_indentation():
    src = "def f(x):\n    if x:\n        ### BEGIN SOLUTION\n        y = 2\n        ### END SOLUTION\n    return y\n"
    out = strip_solution(src, "f")
    assert "        raise NotImplementedError" in out and "y = 2" not in out
    ast.parse(out)


def test_release_contains_no_instructor_files(tmp_path: Path):
    names = generate.release_files(FOLDER)
    assert "assignment.py" not in names and "inputs.py" not in names
    assert "deep_nn.py" in names and "public_checks.json" in names


# ------------------------------------------------------------- every machine agrees


def _last_bits_flipped(text: str) -> str:
    """public_checks.json with the last bit of every float64 of its first float array flipped."""
    import base64
    import json

    import numpy as np

    doc = json.loads(text)
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict) and "__ndarray__" in node and node["__ndarray__"]["dtype"] == "<f8":
            raw = np.frombuffer(base64.b64decode(node["__ndarray__"]["data"]), dtype="<u8") ^ np.uint64(1)
            node["__ndarray__"]["data"] = base64.b64encode(raw.tobytes()).decode()
            return json.dumps(doc, indent=1, sort_keys=True) + "\n"
        stack.extend(node.values() if isinstance(node, dict) else node if isinstance(node, list) else [])
    raise AssertionError("no float array")


def test_a_stored_float_off_in_its_last_bits_is_still_current(tmp_path):
    generated = generate.generated_files(FOLDER)["public_checks.json"]
    path = tmp_path / "public_checks.json"
    path.write_text(_last_bits_flipped(generated))
    assert path.read_text() != generated and generate.is_current(path, generated)


def test_a_real_change_is_stale(tmp_path):
    generated = generate.generated_files(FOLDER)["public_checks.json"]
    path = tmp_path / "public_checks.json"
    path.write_text(generated.replace('"known values"', '"known value"', 1))
    assert not generate.is_current(path, generated)
    path.write_text(generated.replace('"points": 2.0', '"points": 2.5', 1))
    assert not generate.is_current(path, generated)


def test_float_tolerance_is_tight():
    assert generate.equivalent(0.1, 0.1 + 1e-17) and not generate.equivalent(0.1, 0.100001)
    assert generate.equivalent({"a": [1.0, 2]}, {"a": [1.0, 2]}) and not generate.equivalent({"a": 1}, {"b": 1})


@pytest.mark.slow
@pytest.mark.parametrize("coretype", ["Prescott", "Haswell", "SkylakeX"])
def test_generated_files_are_current_under_other_blas_kernels(coretype):
    """OpenBLAS picks its kernels by CPU; force others (where the machine has them) and check again."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "OPENBLAS_CORETYPE": coretype, "OPENBLAS_VERBOSE": "2"}
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "generate", "deep_nn", "--check"],
                          capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0 and "Illegal instruction" in proc.stderr:
        pytest.skip(f"this CPU cannot run OpenBLAS's {coretype} kernels")
    assert proc.returncode == 0, proc.stdout + proc.stderr
