"""The one palette of status meanings: what done, on track, at risk, late and inactive look like
in every workbook (the template's status cells, the consolidated workbook's charts and tables).

A status has a meaning (Plan.status_meaning); the meaning, never the status's name or its place
in a list, picks the colour, so "Delayed" is red in a plan of any language or wording and a
minister reads the colours without a legend. Each meaning has a strong colour (chart bars, a
red/amber/green mark) and a pale fill with a dark text of the same hue (cells).
"""

from __future__ import annotations

from dataclasses import dataclass

from actionbook.schema.table import AT_RISK, DONE, INACTIVE, LATE, ON_TRACK


@dataclass(frozen=True)
class Colour:
    strong: str  # a chart's bar or a red/amber/green mark
    fill: str  # a cell's background
    text: str  # the text on that background


MEANING_COLOURS: dict[str, Colour] = {
    DONE: Colour("#70AD47", "#C6EFCE", "#006100"),  # green
    ON_TRACK: Colour("#4472C4", "#DDEBF7", "#1F4E79"),  # blue
    AT_RISK: Colour("#FFC000", "#FFEB9C", "#7F6000"),  # amber
    LATE: Colour("#C00000", "#FFC7CE", "#9C0006"),  # red
    INACTIVE: Colour("#A5A5A5", "#EDEDED", "#595959"),  # grey
}
# A status the plan gives no meaning, and a blank or mistyped one: drawn without a signal.
NO_MEANING = Colour("#D9D9D9", "#FFFFFF", "#000000")

# A ministry's red/amber/green line takes the colours of the meanings it stands for.
RED, AMBER, GREEN = "red", "amber", "green"
RAG_COLOURS: dict[str, Colour] = {RED: MEANING_COLOURS[LATE], AMBER: MEANING_COLOURS[AT_RISK],
                                  GREEN: MEANING_COLOURS[DONE]}


def meaning_colour(meaning: str | None) -> Colour:
    """The colour of a status meaning; NO_MEANING for None or a meaning not in the palette."""
    return MEANING_COLOURS.get(meaning or "", NO_MEANING)
