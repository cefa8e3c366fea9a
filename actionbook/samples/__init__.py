"""The sample submissions of a dozen fictional ministries, made deterministically (development
only).

In: the default plan. Out: samples/submissions, samples/consolidated.xlsx, samples/export.
"""
