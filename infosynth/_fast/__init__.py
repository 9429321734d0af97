"""Speed tricks, kept apart from the domain code that uses them. Each does what a library call does, faster at the
sizes a build sees, and ``tests/test_fast.py`` checks it against that library:

* :mod:`.csv_writer` — CSV byte for byte as pandas' ``to_csv`` writes it (pandas formats cell by cell);
* :mod:`.cluster` — average-link clustering (SciPy), k-means (scikit-learn), feature hashing (scikit-learn):
  their imports and per-call overheads cost more than clustering a few hundred snippets;
* :mod:`.linear` — sublinear TF-IDF rows (scikit-learn's ``TfidfVectorizer``) and logistic probabilities
  (``LogisticRegression.predict_proba``) for the tagger, without importing scikit-learn at build time;
* :mod:`.lookups` — the lookup lemmatizer's table (spaCy's ``Lookups``), without importing spaCy, which a build
  whose notes all come from the cache otherwise never needs.

Change one only together with its reference test; the domain modules never reach inside these.
"""
