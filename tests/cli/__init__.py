"""Tests of actionbook.cli: each command's exit codes, output and help."""
