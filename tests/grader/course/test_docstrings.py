"""grader/course/docstrings.py: the one numpydoc parser (stubs, notebooks and output names use it)."""

from __future__ import annotations

from grader.course import docstrings


def propagate(w, b, X, Y):
    """Forward and backward pass.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
        Weights.

    Returns
    -------
    grads : dict
        ``"dw"`` and ``"db"``.
    cost : float
        Cross-entropy.

    Notes
    -----
    Returns is a word here, not a section.
    """


def predict(w, b, X):
    """Predict.

    Returns
    -------
    Y_prediction : ndarray of shape (1, m) of 0/1 labels
        The description may say labels without making it one.
    """


def test_sections_and_entries():
    doc = docstrings.of(propagate)
    assert [e.name for e in doc.entries("Parameters")] == ["w"]
    assert doc.entries("Parameters")[0].type == "ndarray of shape (n_x, 1)"
    assert docstrings.return_names(propagate) == ("grads", "cost")
    assert "Returns is a word here" in " ".join(doc.sections["Notes"])


def test_labels_come_from_the_type_only():
    assert docstrings.label_outputs(predict) == ("Y_prediction",)
    assert docstrings.label_outputs(propagate) == ()


def test_no_docstring_means_one_output_called_value():
    assert docstrings.return_names(lambda x: x) == ("value",)
