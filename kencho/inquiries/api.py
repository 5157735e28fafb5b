"""REST API of inquiries: handlers parse, call one service or selector, and shape the answer."""

from __future__ import annotations

from ninja import Router

from kencho.core.tokens import TokenAuth

public_router = Router(tags=["inquiries"])
staff_router = Router(tags=["staff"], auth=TokenAuth())
