"""Tests of actionbook.read: workbook -> DataFrame + provenance."""
