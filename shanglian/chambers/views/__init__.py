"""Views of the chambers app, one module per area (see urls.py)."""
