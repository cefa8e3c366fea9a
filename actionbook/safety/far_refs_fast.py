"""Speed only: a few numpy vector passes that rule out a large window holding no far ref,
so that the regex of far_refs.py need not visit its every r="A1" (~100 ns each).

The plain path is that regex over every window; tests/test_safety.py checks, by property,
that these passes never rule out a window where the regex would judge a ref, and that the
verdicts with and without them agree. The passes go block by block: arrays under malloc's
mmap threshold reuse the heap, where larger ones would be mapped and faulted in afresh, at
four times the cost of the passes.
"""

from __future__ import annotations

VECTOR_BYTES = 32 * 1024  # smaller windows go to the regex at once
VECTOR_BLOCK = 64 * 1024


def worth_it(window: bytes) -> bool:
    """Whether a window is large enough for the passes to beat the regex alone."""
    return len(window) >= VECTOR_BYTES

def far_ref_possible(window: bytes, letters: int, digits: int) -> bool:
    """False only when no ref in the window can match far_refs.FarRefs.candidates: no quote or
    '$' followed by `letters` letters where an r attribute may open, and no run of `digits`
    digits after such a quote and fewer letters (the regex then judges each one exactly)."""
    import numpy as np  # only here: the CLI's start-up stays free of it

    # Each block starts early enough to see what precedes a ref: its quote (up to
    # letters + 1 bytes before its digits) and the three bytes before that.
    view, back, reach = memoryview(window), letters + 4, max(letters, digits) + 1
    for start in range(0, len(window), VECTOR_BLOCK):
        block = view[max(0, start - back) : start + VECTOR_BLOCK + reach]
        if _far_ref_in(np.frombuffer(block, dtype=np.uint8), letters, digits):
            return True
    return False


def _far_ref_in(b, letters: int, digits: int) -> bool:
    letter = ((b & 0xDF) - 65) < 26  # uint8 arithmetic: whatever lies below 'A' wraps high
    # A ref's letters follow its quote or a '$', its digits those or a letter. One pass takes
    # '"' to "'" (34-39), '#', '%' and '&' with them, instead of five passes for the three.
    mark = (b - 34) < 6
    follow = max(0, len(b) - letters)  # positions with `letters` bytes after them
    hits = mark[:follow] & _runs(letter, letters)[1 : follow + 1]
    if hits.any():
        starts = hits.nonzero()[0]
        if starts[0] < 3 or _may_open_r(b, starts).any():
            return True
    follow = max(0, len(b) - digits)
    hits = (mark | letter)[:follow] & _runs((b - 48) < 10, digits)[1 : follow + 1]
    return bool(hits.any()) and _digits_may_end_ref(b, hits.nonzero()[0], letters)


def _digits_may_end_ref(b, ends, letters: int) -> bool:
    """Whether a run of digits, after the byte at each of `ends`, may close a ref the letters'
    test missed: one with fewer letters, so at most letters + 1 bytes (letters and two '$')
    between its opening quote and its digits. Colours (rgb="FF000000") and numbers in other
    attributes (val="124226") are not refs: their quote does not follow r=."""
    import numpy as np

    inside = np.ones(len(ends), dtype=bool)  # from the quote to the digits: letters or '$'
    for distance in range(letters + 2):
        quotes = ends - distance
        if quotes.min() < 3:
            return True  # too near the start to see what precedes: the regex will judge
        at = b[quotes]
        if (inside & ((at == 34) | (at == 39)) & _may_open_r(b, quotes)).any():
            return True
        inside &= (((at & 0xDF) - 65) < 26) | (at == 36)
        if not inside.any():
            return False
    return False


def _runs(mask, length: int):
    """r[i] = mask[i] & ... & mask[i + length - 1], by doubling (log2(length) passes)."""
    run, width = mask, 1
    while width * 2 <= length:
        run = run[:-width] & run[width:]
        width *= 2
    if width < length:
        shift = length - width  # <= width: the two spans overlap and cover the whole run
        run = run[: len(run) - shift] & run[shift:]
    return run


def _may_open_r(b, starts):
    """Whether the quote or '$' at each start may open an r attribute's value: '$' after a
    quote; a quote after the "=" of a lone "r" (r="), or with spaces around the "="."""
    at, before, two, three = b[starts], b[starts - 1], b[starts - 2], b[starts - 3]

    def space(chars):
        return (chars == 32) | ((chars >= 9) & (chars <= 13))

    def quote(chars):
        return (chars == 34) | (chars == 39)

    after_quote = quote(before) & (quote(at) | (at == 36))
    equals = (before == 61) & (((two == 114) & space(three)) | space(two))
    return after_quote | equals | (space(before) & ((two == 61) | space(two)))

