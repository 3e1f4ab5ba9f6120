"""grader/similarity/tokens.py: the scanner gives exactly the tokens tokenize gives, on real code and on broken code."""

import argparse
import ast
import dataclasses
import json
import random
import sys
import tokenize
from pathlib import Path

import pytest

from grader.similarity import tokens as tokens_module
from grader.similarity.tokens import _code_tokens_tokenize, code_tokens

ROOT = Path(__file__).resolve().parents[3]
OWN = sorted(p for folder in ("tests/fixtures", "reference", "assignments", "grader")
             for p in (ROOT / folder).rglob("*.py"))
STDLIB = sorted([Path(m.__file__) for m in (tokenize, argparse, ast, dataclasses)]
                + list(Path(json.__file__).parent.glob("*.py")))
FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.py"))

NASTY = {
    "nested_brackets": "x = [(a,\n      {b: [c,\n  d]}),\n   e]\ny = f(g(h(\n)))\n",
    "triple_quotes_with_quotes": "s = '''it's ''quoted'' \\''' ok'''\nt = \"\"\"say \"hi\" \"\"\\\"\"\"\"\nu = ''\n",
    "triple_spanning_lines": 'def f():\n    """Doc.\n\n    More "doc".\n    """\n    return """a\nb\\\nc"""  # tail\n',
    "backslash_continuation": "total = a + \\\n    b + \\\n        c\nif x and \\\n   y:\n    pass\n",
    "fstring_format_spec": 'print(f"{x!r:>{w}}", f\'{y["k"]}\', rf"{z}\\d", F"""{a}\n{b}""")\n',
    "walrus": "if (n := len(a)) > 10:\n    print(n)\nwhile chunk := f.read(10):\n    pass\n",
    "decorators_lambda": "@property\n@functools.lru_cache(maxsize=None)\ndef f(self) -> int:\n    return (lambda x, *a, **k: x ** 2)(3)\n",
    "comments_after_code": "a = 1  # one\nb = [1,  # in brackets\n     2]  # after\n# alone\n   # indented alone\nc = 3\n",
    "syntax_error": "def f(:\n    return 1\nx = = 2\n",
    "unclosed_bracket": "a = 1\n\nb = (2 +\n     3)\nc = [\n",
    "unclosed_at_eof_no_newline": "a = f(1,\n  2",
    "operators": "a **= 2; b //= 3; c >>= 1; d <<= 1; e @= m; f -> g; h := 1; i = ...; j != k; l ^= 1; m |= n\n",
    "numbers": "n = [1_000, 0x1F, 0o17, 0b1010, 1e-3j, 1.5E+10, .5, 1., 3j, 0_0, 00, 1if x else 2, 1..real, 0x]\n",
    "string_prefixes": "s = [rb'x', Rb\"x\", BR'''x''', f'x', fR\"x\", u'x', ub'x', print'x', b'\\x00', U\"u\"]\n",
    "unterminated_string": "a = 1\nb = 'abc\nc = 2\n",
    "unterminated_triple": "a = 1\nb = '''abc\nc = 2\n",
    "string_backslash_newline": "a = 'abc\\\ndef'\nb = 2\n",
    "tabs": "if x:\n\tif y:\n\t\tpass\n        z = 1\n",
    "mixed_tabs_spaces": "if x:\n    a = 1\n\tb = 2\n",
    "bad_dedent": "if x:\n    a = 1\n  b = 2\nc = 3\n",
    "dedent_at_eof": "class A:\n    def f(self):\n        return self.x.T\n",
    "form_feed": "\fx = 1\nif y:\n  \f  z = 2\n\f\n",
    "crlf": "def f(a):\r\n    # c\r\n    return a.b  \\\r\n        + 1\r\n\r\nx = '''a\r\nb'''\r\n",
    "lone_cr": "a = 1\rb = 2\n",
    "non_ascii_names": "café = 1\nαβ = café + x.T\nπ² = 2\n",
    "stray_characters": "a = $b\nc = d ? e\nf = !g\n",
    "relative_imports": "from . import x\nfrom .. import y\nfrom .mod import z\nfrom ...pkg import w\n",
    "dot_before_line_break": "y = (a.\n     b)\nz = (c\n     .d)\n",
    "attribute_spacing": "a. b\nc . d\ne.f.g.h\nx.if_\nself.shape[0]\n",
    "docstrings_and_bare_strings": '"""Module."""\nx = 1; "kept"\n"a" "b"\n("parenthesized")\nf"bare"\n',
    "empty": "",
    "blank": "   \n\n\t\n",
    "only_comment": "# c",
    "no_trailing_newline": "x = 1  ",
    "backslash_at_eof": "x = 1 \\",
    "line_starting_with_backslash": "\\\nx = 1\n",
    "extra_closing_bracket": "x = 1)\ny = 2\n",
    "bom": "\ufeffx = 1\n",
    "ellipsis_and_slices": "a[...]\nb[::2, 1:]\ndef f(): ...\n",
    "soft_keywords": "match x:\n    case [a, *rest]:\n        pass\n    case _:\n        type = 1\n",
    "async": "async def f():\n    async with a as b:\n        await c\n",
    "indented_first_line": "    x = 1\ny = 2\n",
}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _same(code: str) -> None:
    assert code_tokens(code, 3) == _code_tokens_tokenize(code, 3)


@pytest.mark.parametrize("path", OWN + STDLIB, ids=lambda p: str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p.name))
def test_every_file_gives_the_tokens_tokenize_gives(path):
    _same(_read(path))


@pytest.mark.parametrize("name", sorted(NASTY))
def test_nasty_snippets_give_the_tokens_tokenize_gives(name):
    _same(NASTY[name])


@pytest.mark.parametrize("name", sorted(NASTY))
def test_nasty_snippets_inside_real_code(name):
    code = _read(FIXTURES[len(name) % len(FIXTURES)])
    middle = code.find("\n", len(code) // 2) + 1
    _same(code[:middle] + NASTY[name] + code[middle:])


@pytest.mark.parametrize("seed", range(8))
def test_a_deleted_character_gives_the_tokens_tokenize_gives(seed):
    rng = random.Random(seed)
    for path in rng.sample(FIXTURES, 12):
        code = _read(path)
        for _ in range(4):
            at = rng.randrange(len(code))
            _same(code[:at] + code[at + 1:])


@pytest.mark.parametrize("seed", range(4))
def test_an_inserted_character_gives_the_tokens_tokenize_gives(seed):
    rng = random.Random(1000 + seed)
    for path in rng.sample(FIXTURES, 12):
        code = _read(path)
        for _ in range(4):
            at = rng.randrange(len(code) + 1)
            _same(code[:at] + rng.choice("'\"\\\n\t#([{}]).:") + code[at:])


def test_the_old_behaviour_on_a_broken_file_is_kept():
    tokens = code_tokens("a = 1\n\nb = (2 +\n     3)\nc = [\n")
    assert [(t.text, t.first, t.last) for t in tokens] == [
        ("V", 1, 1), ("=", 1, 1), ("N", 1, 1), ("V", 3, 3), ("=", 3, 3), ("(", 3, 3), ("N", 3, 3), ("+", 3, 3),
        ("N", 4, 4), (")", 4, 4), ("V", 5, 5), ("=", 5, 5), ("[", 5, 5)]
    assert [(t.text, t.first, t.last) for t in code_tokens('x = """a\nb"""\n')] == [
        ("V", 1, 1), ("=", 1, 1), ("S", 1, 2)]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="from 3.12 every f-string goes to tokenize")
def test_real_code_never_needs_tokenize(monkeypatch):
    """Speed: the fixtures (student code) are scanned without falling back to tokenize."""
    def fail(code, segment=0):
        raise AssertionError("fell back to tokenize")

    monkeypatch.setattr(tokens_module, "_code_tokens_tokenize", fail)
    for path in FIXTURES:
        code_tokens(_read(path))
