"""Analysis: what the snippets say. Each stage reads snippets and the shared foundations, never a later stage.

* :mod:`.tagging` — categories (roles, skills, day-to-day, culture) with their evidence;
* :mod:`.encoder` — the shipped sentence encoder (ONNX): one vector per snippet, for tagging and themes;
* :mod:`.embed` — the static word-embedding model (cheap similarity for skills and goals);
* :mod:`.extract` — skill and role mentions with their stance, and career paths;
* :mod:`.themes` — recurring themes across interviews (codebook, discovery, labels, trends).
"""
