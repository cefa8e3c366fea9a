"""Untrusted files, judged before any parser opens them, and untrusted work run where a crash cannot
spread.

In: a folder or a submitted file's bytes. Out: the entries worth reading and why the others are
left out (discovery.py, which only stats), a verdict (a refusal, or the parts judged sound) and
isolated worker processes.
"""
