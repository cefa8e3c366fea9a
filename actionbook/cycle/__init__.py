"""What moves between reviews of a living plan (BRIEF section 10).

In: what a review left behind - a consolidated workbook written by `actionbook consolidate`, a
folder of submissions, or one filled workbook - each loaded as a Stand (stand.py: the steps
by ministry and ID, and the date they stood on). Out: the Changes between two stands
(diff.py), each with a code from a closed catalogue (changes.py), rendered as text, JSON or
CSV (render.py) or as a workbook (sheets.py, workbook.py: diff -o changes.xlsx); the review
in figures (progress.py: completed, newly overdue, slipped, behind the baselines);
`consolidate --previous` (review.py), which hands the consolidated workbook's writer its
Changes sheets and Summary section (consolidation/supplement.py); and the next review's
workbooks, each ministry's steps carried over with their baselines and IDs that are never
given twice (prefill.py: `template --from`).
"""
