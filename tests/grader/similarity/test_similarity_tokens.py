"""grader/similarity/tokens.py and winnow.py: what the fingerprints are taken of, and the winnowing guarantee."""

import hashlib

import pytest
from similarity_cases import disguise, variant

from grader.grading.source import Source
from grader.similarity.tokens import Document, code_tokens, document_tokens, texts
from grader.similarity.winnow import MODULUS, kgram_hashes, token_hash, winnow


@pytest.mark.parametrize("name", ["plain_dot", "einsum_loops", "mean_where"])
def test_renaming_and_reformatting_change_no_token(name):
    code = variant(name)
    assert texts(code_tokens(disguise(code, "x"))) == texts(code_tokens(code))


def test_comments_docstrings_and_layout_are_dropped_names_numbers_strings_normalized():
    code = '''
def f(a, b):
    """Docstring."""
    # a comment
    c = np.dot(a, b.T) + 0.5  # trailing
    "a bare string"
    return len(c), f"{c}", 'x'
'''
    assert texts(code_tokens(code)) == [
        "def", "V", "(", "V", ",", "V", ")", ":",
        "V", "=", "V", ".", "dot", "(", "V", ",", "V", ".", "T", ")", "+", "N",
        "return", "len", "(", "V", ")", ",", "S", ",", "S"]


def test_tokens_keep_their_lines_and_a_broken_file_keeps_what_came_before():
    tokens = code_tokens("a = 1\n\nb = (2 +\n     3)\nc = [\n")
    assert [(t.text, t.first) for t in tokens][:4] == [("V", 1), ("=", 1), ("N", 1), ("V", 3)]
    assert (tokens[-1].text, tokens[-1].first) == ("[", 5)  # the unfinished statement is kept up to the error


def test_a_notebook_is_its_code_cells():
    source = Source("ignored", origin=__import__("pathlib").Path("nb.ipynb"), notebook=True,
                    cells=((2, "x = 1\n"), (5, "y = x + 1\n")))
    doc = Document.of("nb", source)
    assert doc.segments == ((2, "x = 1\n"), (5, "y = x + 1\n"))
    assert [t.segment for t in document_tokens(doc)] == [0, 0, 0, 1, 1, 1, 1, 1]


def test_hashes_are_deterministic():
    expected = int.from_bytes(hashlib.blake2b(b"V", digest_size=8).digest(), "big") % MODULUS
    assert token_hash("V") == expected


@pytest.mark.parametrize(("k", "w"), [(3, 1), (5, 4), (12, 8)], ids=["w1", "k5w4", "default"])
def test_a_match_of_w_plus_k_minus_1_tokens_always_shares_a_fingerprint(k, w):
    shared = [f"s{i}" for i in range(w + k - 1)]
    for offset in range(0, 15, 3):
        a = [f"a{i}" for i in range(offset)] + shared + ["a-end"]
        b = [f"b{i}" for i in range(7)] + shared + [f"b{i}" for i in range(offset)]
        fa = {h for h, _ in winnow(kgram_hashes(a, k), w)}
        fb = {h for h, _ in winnow(kgram_hashes(b, k), w)}
        assert fa & fb, offset


def test_short_streams():
    assert kgram_hashes(["a", "b"], 3) == []
    hashes = kgram_hashes(list("abcde"), 3)
    assert len(winnow(hashes, 8)) == 1 and winnow(hashes, 8)[0][0] == min(hashes)
    with pytest.raises(ValueError):
        winnow(hashes, 0)
