"""Contact details shared by providers and offers."""

from __future__ import annotations

from typing import Annotated

import msgspec

Email = Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
# What a URI may hold (RFC 3986): no spaces, quotes, angle brackets or the like, which no web address needs.
Url = Annotated[str, msgspec.Meta(pattern=r"^https?://[^\s\"<>\\^`{|}]+$", max_length=500)]
Phone = Annotated[str, msgspec.Meta(pattern=r"^\+?[0-9 ()/-]{5,30}$")]


class Contact(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    phone: Annotated[Phone | None, msgspec.Meta(description="Phone number; null: none.")] = None
    email: Annotated[Email | None, msgspec.Meta(description="E-mail address; null: none.")] = None
    url: Annotated[Url | None, msgspec.Meta(description="Web address; null: none.")] = None
