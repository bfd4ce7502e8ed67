"""The widgets of the main screen, each rendering itself. The key footer
(`key_footer.KeyFooter`) is left out: it is imported after the first frame."""

from .filter_input import FilterInput
from .paper_detail import PaperDetail
from .paper_list import PaperList
from .status_bar import StatusBar

__all__ = ["FilterInput", "PaperDetail", "PaperList", "StatusBar"]
