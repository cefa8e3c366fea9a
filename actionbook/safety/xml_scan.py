"""What a package's XML says, judged as it is inflated: DTD declarations (entities), and
content placed beyond the sheet limits (a value at XFD1048576 aborts calamine).

Every part is judged in full, window by window, each time a file is judged."""

from __future__ import annotations

import functools
import itertools
import re

from actionbook.safety import far_refs, far_refs_fast
from actionbook.safety.limits import Limits
from actionbook.safety.refusals import Refused

# Any "<!" that opens neither a comment nor CDATA starts a DTD declaration. Excel and
# LibreOffice write UTF-8 only, but an XML parser also accepts UTF-16, so look for that too.
_DECLARATION = re.compile(rb"<!(?!--|\[CDATA\[)")
_DECLARATION_UTF16 = re.compile(rb"<\x00!\x00(?!-\x00-\x00|\[\x00)|\x00<\x00!(?!\x00-\x00-|\x00\[)")
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
_LOOKAHEAD = 64 * 1024  # text kept after a match so the tag and what follows it can be judged


def check_content(member: str, chunks, sheet_limits: Limits | None,
                  refs: far_refs.FarRefs | None = None) -> None:
    """Drain a member's chunks, judging its text when it is XML (images, binaries: sizes only).
    `refs`: far_refs(sheet_limits), when the caller judging a package's parts has it."""
    first = next(chunks, b"")
    utf16 = first.startswith(_UTF16_STARTS)
    text = first.lstrip(b"\xef\xbb\xbf \t\r\n")
    # All blank so far is still XML to a parser: whitespace may precede the root element.
    if not (utf16 or not text or text.startswith(b"<")):
        for _ in chunks:
            pass
        return
    # A logo saved from Illustrator carries an SVG DOCTYPE; no parser of ours reads SVG.
    declarations = None if member.lower().endswith(".svg") else \
        _DECLARATION_UTF16 if utf16 else _DECLARATION
    bounds = SheetBounds(sheet_limits, member, refs=refs) if sheet_limits and not utf16 else None
    following = next(chunks, None)  # most parts come in one chunk: one window, as it is
    windows = [(first, len(first))] if following is None else \
        _windows(itertools.chain([first, following], chunks))
    for window, cut in windows:
        if not cut:
            continue  # nothing to judge yet: all of it comes again, with what follows
        if declarations:
            _check_declarations(declarations, window, cut, member)
        if bounds:
            bounds.check(window, cut)


def _windows(chunks):
    """Yield (window, cut): matches starting before cut are judged in this window; later ones,
    with enough text after them, in the next -- nothing split across chunks is missed. The
    last window is judged whole, so a part that fits in one chunk is scanned once."""
    tail, chunk = b"", next(chunks, b"")
    for following in chunks:
        window = tail + chunk
        cut = max(0, len(window) - _LOOKAHEAD)
        yield window, cut
        tail = window[max(0, cut - 1) :]  # one byte early: a match's preceding space matters
        chunk = following
    window = tail + chunk
    yield window, len(window)


def _check_declarations(pattern: re.Pattern, window: bytes, cut: int, member: str) -> None:
    if pattern is _DECLARATION and b"!" not in window:
        return  # the common case, at memchr speed ("<!" is not: "<" is everywhere)
    found = pattern.search(window)
    if found and found.start() < cut:
        raise Refused("xml-entities", member=member)


# --- where the cells are -----------------------------------------------------------------------

_TAG_NAME = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_REF_ATTRIBUTE = re.compile(rb"\sr\s*=\s*[\"']\$?([A-Za-z]*)\$?(\d*)")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\sref\s*=\s*[\"']([^\"']{0,64})")
_CELL_REF = re.compile(rb"\$?([A-Za-z]+)\$?(\d+)")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?(?:v|is|f)\b")
_MAX_EMPTY_BEYOND = 10_000
_END_TAGS = {b"c": re.compile(rb"</(?:[\w.-]+:)?c\s*>"),
             b"row": re.compile(rb"</(?:[\w.-]+:)?row\s*>")}


class SheetBounds:
    """Finds content placed beyond the limits in worksheet XML, judging only the few refs long
    enough to be out of bounds, so a normal sheet costs a few vector passes (or, when small,
    one regex pass) and no Python per cell.

    Judges content, not declarations: LibreOffice writes <dimension ref="A1:A1048576"/> and
    empty <row r="1048576"> for formatted rows, and calamine survives those; a value at
    XFD1048576 makes it abort.
    """

    def __init__(self, limits: Limits, member: str, fast: bool = True,
                 refs: far_refs.FarRefs | None = None):
        self.limits, self.member = limits, member
        self.empty_beyond = 0  # formatted rows and cells out of bounds, each judged in Python
        # Shared strings are text, where r="..." is rare and the regex already fast.
        self.vectored = "sharedstrings" not in member.lower()
        refs = refs or far_refs.far_refs(limits)
        self.letters, self.digits, self.candidates = refs.letters, refs.digits, refs.candidates
        self.fast = fast  # False: the plain path alone, as the tests compare it with

    def check(self, window: bytes, cut: int) -> None:
        if b"dimension" in window:
            self._check_dimension(window, cut)
        if self.fast and self.vectored and far_refs_fast.worth_it(window) and \
                not far_refs_fast.far_ref_possible(window, self.letters, self.digits):
            return
        for found in self.candidates.finditer(window):
            if found.start() >= cut:
                break
            if window[found.start() - 1 : found.start()].isspace():
                self._judge(window, found.start() - 1)

    def _check_dimension(self, window: bytes, cut: int) -> None:
        """A declared used range is harmless unless absurd: more cells than the limits' area."""
        found = _DIMENSION.search(window)
        if found and found.start() < cut and _absurd_range(found[1], self.limits):
            corner = found[1].decode("ascii", "replace").split(":")[-1]
            self._refuse(f"declares a used range reaching {corner}")

    def _judge(self, window: bytes, at: int) -> None:
        ref = _REF_ATTRIBUTE.match(window, at)
        if ref is None:  # cannot be: a candidate after a space is such an attribute
            raise AssertionError(f"no ref attribute at {at}")
        letters, digits = ref.groups()
        if not self._beyond(letters, digits):
            return
        element = _element_at(window, at)
        if element in _END_TAGS and not _holds_value(window, at, _END_TAGS[element]):
            self._count_empty()
            return
        if element == b"row":
            self._refuse(f"has content in {self._row_content(window, at, digits)}")
        if element == b"c" or element is None:
            self._refuse(f"has content in {_ref_text(letters, digits)}")

    def _beyond(self, letters: bytes, digits: bytes) -> bool:
        row, column = _cell_position(letters, digits)
        limits = self.limits
        return row > limits.max_rows or column > limits.max_columns or \
            row * column > limits.max_cells

    def _row_content(self, window: bytes, at: int, digits: bytes) -> str:
        """The first out-of-bounds cell of a row, or the row itself when its cells carry no ref."""
        start = window.find(b">", at)
        closing = _END_TAGS[b"row"].search(window, start)
        end = closing.start() if closing else len(window)
        for ref in _REF_ATTRIBUTE.finditer(window, start, end):
            if self._beyond(*ref.groups()):
                return _ref_text(*ref.groups())
        return _ref_text(b"", digits)

    def _count_empty(self) -> None:
        # A few are LibreOffice's formatted rows; millions would make this check itself slow.
        self.empty_beyond += 1
        if self.empty_beyond > _MAX_EMPTY_BEYOND:
            self._refuse(f"has over {_MAX_EMPTY_BEYOND:,} formatted rows or cells")

    def _refuse(self, what: str) -> None:
        raise Refused("sheet-too-large", where=self.member, what=what,
                       rows=self.limits.max_rows, columns=self.limits.max_columns,
                       cells=self.limits.max_cells)



@functools.lru_cache(maxsize=64)  # the sheets of a template declare the same few ranges
def _absurd_range(ref: bytes, limits: Limits) -> bool:
    """Whether a declared range ("A1:W156") spans more cells than the limits' area."""
    corners = [_cell_position(*ref) for ref in _CELL_REF.findall(ref)]
    if not corners:
        return False
    rows, columns = max(row for row, _ in corners), max(column for _, column in corners)
    return rows * columns > limits.max_rows * limits.max_columns


def _element_at(window: bytes, at: int) -> bytes | None:
    """The name of the tag an attribute at `at` sits in; b"" for text, None when unknowable."""
    start = window.rfind(b"<", max(0, at - _LOOKAHEAD), at)
    if start < 0:
        return None
    if b">" in window[start:at]:
        return b""  # the match is in text, e.g. a shared string quoting r="A1000000"
    name = _TAG_NAME.match(window, start)
    return name[1] if name else b""


def _holds_value(window: bytes, at: int, end_tag: re.Pattern) -> bool:
    """Whether the element starting near `at` holds a value before it closes (worst if unseen)."""
    tag_end = window.find(b">", at)
    if tag_end < 0:
        return True
    if window[tag_end - 1 : tag_end] == b"/":
        return False
    closing = end_tag.search(window, tag_end)
    if closing is None:
        return True
    return _VALUE.search(window, tag_end, closing.start()) is not None


def _cell_position(letters: bytes, digits: bytes) -> tuple[int, int]:
    """(row, column) of a ref; absurdly long parts count as infinitely far."""
    row = int(digits) if 0 < len(digits) <= 15 else (0 if not digits else 10**15)
    if len(letters) > 7:
        return row, 10**15
    column = 0
    for letter in letters.upper():
        column = column * 26 + letter - 64
    return row, column


def _ref_text(letters: bytes, digits: bytes) -> str:
    ref = (letters + digits).decode("ascii")[:24]
    return f"cell {ref}" if letters else f"row {ref}"

