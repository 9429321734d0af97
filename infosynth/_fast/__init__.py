"""Speed tricks, kept apart from the domain code: each one does what a library call does, faster for the sizes a
build sees, and is tested against that library in ``tests/test_fast.py``.

* :mod:`.cluster` — average-link clustering (SciPy), k-means (scikit-learn), feature hashing (scikit-learn).
"""
