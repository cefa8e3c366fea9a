"""Tests of actionbook.samples: the committed sample files are what the generator writes."""
