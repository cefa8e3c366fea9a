"""Tests of actionbook.safety: sniffing, zip limits, XML scan, isolation."""
