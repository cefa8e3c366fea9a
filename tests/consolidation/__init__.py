"""Tests of actionbook.consolidation: folder -> Consolidation -> the consolidated workbook."""
