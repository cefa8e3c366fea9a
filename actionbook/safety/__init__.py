"""Untrusted files, judged before any parser opens them, and untrusted work run where a crash cannot spread.

In: a submitted file's bytes. Out: a verdict (a refusal, or the parts judged sound) and isolated worker processes.
"""
