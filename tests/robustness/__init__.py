"""The issue-9 robustness corpus: hostile file systems, outputs, processes and values.

Each area's builders sit beside its tests (robust_*.py); test_robust_folder puts them all in one
folder."""
