"""Questions about papers: the query language (`language`: parsed once into a
tree, judged per paper), answered over a whole digest (`matching`) from its
word index (`index`); and the watch list (`watch`)."""

from .index import SearchIndex
from .judge import judge
from .language import Node, QueryError, parse
from .matching import Matcher
from .watch import scan

__all__ = ["Matcher", "Node", "QueryError", "SearchIndex", "judge", "parse", "scan"]
