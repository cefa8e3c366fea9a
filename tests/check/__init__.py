"""Tests of actionbook.check: rules, the verdict, feedback copies, text and JSON output."""
