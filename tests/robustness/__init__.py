"""The issue-9 robustness corpus: hostile file systems, outputs, processes and values, with their builders (robust_*.py)."""
