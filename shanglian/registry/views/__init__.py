"""The registry's pages, one module per area: enterprises, members, people, talent (see `registry/urls.py`)."""
