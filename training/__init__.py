"""Code that trains the shipped models; used by scripts/, never shipped in the package."""
