"""Benchmarks: Townsquare measured against its anchors, side by side, in one run (``make bench``).

``python -m benchmarks.run`` seeds its own database, measures, and writes ``results/latest.json``
and ``results/latest.md`` (``--quick``: small sizes, ``results/quick.*``, for CI).
"""
