"""The Goals sheet: the plan's goals with their pillar and the SDGs they cite, read-only."""

from __future__ import annotations

from actionbook import schema
from actionbook.lang import translator
from actionbook.schema import layout, vocabulary
from actionbook.template.style import row_height

GOAL_COLUMN = next(c for c in schema.COLUMNS if c.choices == "goals")
HEADS = (("Goal", 8), ("Title", 44), ("Pillar", 18), ("Sustainable Development Goals", 46),
         ("Shown in the dropdown as", 44))
HEAD_ROW = 3


def sdg_text(numbers, language: str = "en") -> str:
    """The SDGs a goal cites, each under its official UN short name in `language`."""
    sdg = translator(language).gettext("SDG {number}: {name}")
    return "\n".join(sdg.format(number=n, name=vocabulary.sdg_name(n, language))
                     for n in numbers) or "None cited"


def write_goals(workbook, formats, plan, language: str = "en"):
    sheet = workbook.add_worksheet(layout.GOALS_SHEET)
    sheet.set_row(0, 30)
    sheet.write_string(0, 0, f"The goals of {plan.title}", formats["title"])
    sheet.write_string(1, 0, f"Every action step serves one of these goals: pick it in the "
                       f"'{GOAL_COLUMN.header}' column of the Action Plan sheet.",
                       formats["subtitle"])
    for col, (head, width) in enumerate(HEADS):
        sheet.write_string(HEAD_ROW, col, head, formats["table_head"])
        sheet.set_column(col, col, width)
    for row, goal in enumerate(plan.goals, HEAD_ROW + 1):
        cells = (goal.id, goal.title_in(language), goal.pillar, sdg_text(goal.sdgs, language),
                 goal.label_in(language))
        for col, text in enumerate(cells):
            style = "table_cell_bold" if col == 0 else "table_cell"
            sheet.write_string(row, col, text, formats[style])
        sheet.set_row(row, row_height([(t, w) for t, (_, w) in zip(cells, HEADS)]))
    sheet.hide_gridlines(2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.freeze_panes(HEAD_ROW + 1, 0)
    return sheet
