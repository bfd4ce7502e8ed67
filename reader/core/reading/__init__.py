"""Reading a digest: the session (`session`) over a digest as read
(`digest`), the view over it (`view`), every mark made (`marking`), For you
(`foryou`, on the model in `rank`), triage (`triage`) and what the status
line shows (`status`)."""

from .digest import OpenDigest, next_where
from .foryou import ForYou, Ranked
from .marking import Marking
from .session import Session
from .status import Status
from .triage import TriageSession
from .view import Order, View

__all__ = [
    "ForYou",
    "Marking",
    "OpenDigest",
    "Order",
    "Ranked",
    "Session",
    "Status",
    "TriageSession",
    "View",
    "next_where",
]
