"""Shared test helpers: filling workbooks like an official (fill), hostile files (hostile), a real LibreOffice (libreoffice, lo_driver), check fixtures (checks_support)."""
