"""Shared test helpers.

fill: fill a workbook as an official would. hostile: hostile and damaged files. libreoffice and
lo_driver: a real LibreOffice. checks_support: fixtures of the check tests.
"""
