"""Where the shipped files live: ``data/`` (models, lexicons, word lists) and ``templates/`` (the report's Jinja
templates), both beside this module whatever subpackage reads them."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
