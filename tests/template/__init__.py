"""Tests of actionbook.template: Plan + schema -> the official's workbook."""
