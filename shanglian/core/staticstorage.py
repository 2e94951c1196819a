"""The production static files storage: whitenoise's compressed, hashed files, tolerant of the dead
references npm packages ship.

@tabler/core's dist CSS points at `.map` files and two SVGs that are not in the package; Django's manifest
storage raises on such a reference and `collectstatic` stops, so every page was a 500 under DEBUG=0. A
reference to a file that does not exist is left as written (the browser gets the same 404 it would get
from the package itself); a template asking for a file that was never collected still raises, because
`manifest_strict` stays on.
"""

from typing import Any
from urllib.parse import unquote, urlsplit

from whitenoise.storage import CompressedManifestStaticFilesStorage


class TolerantManifestStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    def hashed_name(self, name: str, content: Any = None, filename: str | None = None) -> str:
        if content is None and not self.exists(urlsplit(unquote(filename or name)).path.strip()):
            return name
        result: str = super().hashed_name(name, content, filename)
        return result
