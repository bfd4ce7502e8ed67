"""The reader's marks: the records, kept in memory (`marks`) and in a TinyDB
file (`store`), with drafts of notes and the places kept (`places`)."""

from .drafts import Drafts
from .marks import Marks
from .places import Places, Recent
from .records import Change, Record
from .store import StateStore

__all__ = ["Change", "Drafts", "Marks", "Places", "Recent", "Record", "StateStore"]
