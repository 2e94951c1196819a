"""The marker of "not ours" in test data. The two-tenant test world itself is `shanglian.site.world`
(it needs every app, so it lives above them)."""

MARK = "他方"
