"""The JSON-LD API's collection, item and named-query tests, over Virtuoso.

Collected again here, unchanged, with this package's `api` fixtures: the API test build
loaded into Virtuoso and served with `store_backend=sparql`.
"""

from tests.api.test_collections import *  # noqa: F403
from tests.api.test_items import *  # noqa: F403
from tests.api.test_queries import *  # noqa: F403
