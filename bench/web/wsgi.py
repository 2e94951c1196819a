"""The project's WSGI app, with each response's query count in an `X-Queries` header (benchmark only)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.web.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402

django_app = get_wsgi_application()


def application(environ, start_response):
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Queries", str(count[0]))], exc_info)

    with connection.execute_wrapper(counter):
        body = django_app(environ, start)
        # Django's response is fully rendered by now except streaming bodies (exports), not benchmarked.
        return body
