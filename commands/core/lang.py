"""The two languages the bot answers in. Apart from ``context`` so that the ports, which the
request refers to, can name a language without importing the request back."""

from __future__ import annotations

from typing import Literal

Lang = Literal["sv", "en"]
