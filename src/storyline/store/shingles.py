"""Word shingles of a report's text, their MinHash keys, and how much of one text another holds.

What syndicated copies are found by (``store/copies.py``): each report's text below its
headline is cut into five-word shingles, kept as 64-bit hashes of their casefolded words;
``NUM_PERM`` MinHash values of them (``datasketch``) are the report's keys in the store, and
the exact containment of two shingle sets decides a link.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import Any

import numpy as np

__all__ = [
    "NUM_PERM",
    "SHINGLE_WORDS",
    "containment",
    "estimated_containment",
    "minhash_keys",
    "shingle_hashes",
    "shingles",
]

SHINGLE_WORDS = 5  # words per shingle: common phrases ("said on Monday") rarely fill five
NUM_PERM = 32  # minimum hashes kept per report (rows in report_keys)
_SEED = 16  # MinHash permutations; changing it (or NUM_PERM) needs new report_keys rows
# Named, not left to datasketch's default, which changed in 2.0 (stored keys must not drift);
# values are 32-bit, so a key is the permutation's number above its minimum hash.
_SCHEME = "affine32"
_PARAGRAPH = re.compile(rb"\n\s*\n")  # shingles stop at a paragraph break (see shingles())
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# bytes.translate table: ASCII that is neither a letter, a digit, "_" nor space -> space
_ASCII_NON_WORD = bytes(
    c if c > 127 or chr(c).isalnum() or chr(c) in "_ \t\n\r\x0b\x0c" else 32 for c in range(256)
)
# odd: a window of the same words in another order hashes differently
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_WORD_HASH: dict[bytes, int] = {}
_WORD_HASH_SIZE = 500_000  # words kept hashed (about 60 MB at most)
_BAND_SHIFT = 32  # a key is the permutation's number above its 32-bit minimum hash


def shingles(text: str, headline: str | None = None) -> frozenset[int]:
    """Return the word shingles of a report's text below its headline, casefolded, as hashes.

    The headline is left out when the text opens with it: an outlet that re-headlines a wire
    story changes nothing else, and a headline is a large share of a short report. Shingles
    do not run across a paragraph break, so a paragraph trimmed or a boilerplate line added
    changes only the shingles of that paragraph, not the ones at the seam.

    A shingle is a 64-bit hash of its words, not their string: the hashes of all a text's
    five-word windows are computed at once (numpy), which is what makes copy detection cheap
    enough for every ingest. Two shingles of different words share a hash with odds of about
    one in 2**64 per pair.
    """
    return frozenset(shingle_hashes(text, headline).tolist())


def shingle_hashes(text: str, headline: str | None = None) -> np.ndarray:
    """The shingle hashes of ``shingles()`` as a uint64 array, a repeated shingle repeated."""
    if headline and text.startswith(headline):
        text = text[len(headline) :]
    k = SHINGLE_WORDS
    words: list[bytes] = []
    lengths: list[int] = []
    for paragraph in _PARAGRAPH.split(_word_bytes(text)):
        found = paragraph.split()
        if found:
            words.extend(found)
            lengths.append(len(found))
    if not words:
        return np.empty(0, dtype=np.uint64)
    ids = np.array(_word_hashes(words), dtype=np.uint64)
    parts = [np.empty(0, dtype=np.uint64)]
    if len(words) >= k:
        paragraph_of = np.repeat(np.arange(len(lengths)), lengths)
        whole = paragraph_of[: len(words) - k + 1] == paragraph_of[k - 1 :]  # within one
        parts.append(_window_hashes(ids, k)[whole])
    start = 0
    for n in lengths:  # a paragraph shorter than a shingle is one shingle of all its words
        if n < k:
            parts.append(_window_hashes(ids[start : start + n], n))
        start += n
    return np.concatenate(parts)  # a set of them: 19 µs for 600, np.unique 52


def _word_bytes(text: str) -> bytes:
    r"""The text casefolded, as UTF-8, with every character that is not part of a word a space.

    Words are then what the regex ``\w+`` finds (letters, digits, "_"), found by a split:
    a bytes ``translate`` and ``split`` take a sixth of the regex's time on a few kilobytes
    of text, which every ingest pays per report. The few distinct non-ASCII characters a
    report holds (curly quotes, dashes) are looked at one by one.
    """
    folded = text.casefold()
    if not folded.isascii():
        for char in set(_NON_ASCII.findall(folded)):
            if not char.isalnum():
                folded = folded.replace(char, " ")
    return folded.encode("utf-8", "surrogatepass").translate(_ASCII_NON_WORD)


def _word_hashes(words: list[bytes]) -> list[int]:
    """Each word's stable 64-bit hash, from a cache of the words met so far."""
    table = _WORD_HASH
    found = list(map(table.get, words))
    if None in found:
        if len(table) > _WORD_HASH_SIZE:
            table.clear()  # bounded: news reuses its words, a long ingest meets new ones
        for word in words:
            if word not in table:
                digest = hashlib.blake2b(word, digest_size=8).digest()
                table[word] = int.from_bytes(digest, "little")
        found = list(map(table.__getitem__, words))
    return found  # type: ignore[return-value]  # no None left


def _window_hashes(ids: np.ndarray, k: int) -> np.ndarray:
    """The mixed hash of every window of ``k`` consecutive word hashes (uint64, wrapping)."""
    n = len(ids) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        acc = acc * _MULTIPLIER + ids[j : j + n]
    acc += np.uint64(k)  # a short paragraph's shingle differs from a window of others
    # splitmix64's finaliser: every input bit reaches every output bit
    acc ^= acc >> np.uint64(30)
    acc *= np.uint64(0xBF58476D1CE4E5B9)
    acc ^= acc >> np.uint64(27)
    acc *= np.uint64(0x94D049BB133111EB)
    acc ^= acc >> np.uint64(31)
    return acc


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    """Return the share of the smaller set found in the other (0.0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def minhash_keys(grams: frozenset[int] | np.ndarray) -> list[int]:
    """Return the report's ``report_keys``: each permutation's minimum hash, tagged by number.

    ``grams`` are a text's shingles, as ``shingles()`` gives them or as their hash array.
    """
    if not len(grams):
        return []
    sketch = _minhash()
    if isinstance(grams, np.ndarray):  # affine32 takes 32-bit input hashes: the high half
        sketch.update_batch((grams >> np.uint64(32)).tolist())
    else:
        sketch.update_batch([g >> 32 for g in grams])
    return [(i << _BAND_SHIFT) | int(v) for i, v in enumerate(sketch.hashvalues)]


def _minhash() -> Any:  # noqa: ANN401  # datasketch ships no type information
    from datasketch import MinHash  # imports scipy (0.4 s): only when a store ingests

    return MinHash(
        num_perm=NUM_PERM, seed=_SEED, permutations=_permutations(), scheme=_SCHEME, hashfunc=int
    )


@cache
def _permutations() -> Any:  # noqa: ANN401
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


def estimated_containment(shared: int, mine: int, theirs: int | None) -> float:
    """The containment implied by ``shared`` of ``NUM_PERM`` keys and the two sizes.

    Shared keys estimate the Jaccard similarity J = |A & B| / |A | B|, so
    |A & B| = J (|A| + |B|) / (1 + J). A report keyed before sizes were kept (``None``)
    is given 1.0: compared, as it was then.
    """
    if theirs is None or mine == 0:
        return 1.0
    jaccard = shared / NUM_PERM
    both = jaccard * (mine + theirs) / (1 + jaccard)
    return min(both / max(min(mine, theirs), 1), 1.0)
