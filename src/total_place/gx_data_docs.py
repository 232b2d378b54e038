"""Great Expectations Data Docs rendered with their Jinja templates compiled once, not per page.

GE's page view makes a new Jinja environment for every page it renders, so every template is
parsed and compiled again each time: for this project's 70 suites that was about 30 seconds,
more than the validations themselves. This view shares compiled template bytecode between
pages through Jinja's own bytecode cache; the pages are byte-for-byte what GE's view writes.
It is plugged in through the Data Docs site configuration (`view:` of a site section).
"""

from __future__ import annotations

from typing import Any

from great_expectations.render.view import DefaultJinjaPageView
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class _InMemoryBytecodeCache(BytecodeCache):
    """Compiled templates by Jinja's key, which includes the checksum of the template source."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_SHARED_BYTECODE = _InMemoryBytecodeCache()


class CompiledOnceJinjaPageView(DefaultJinjaPageView):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.bytecode_cache = _SHARED_BYTECODE


VIEW_CONFIG = {"module_name": __name__, "class_name": CompiledOnceJinjaPageView.__name__}
