"""Tests of actionbook.schema: the columns, kinds, layout and shared rules."""
