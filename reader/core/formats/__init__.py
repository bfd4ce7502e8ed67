"""One module per digest format, each with its one mapping to `Paper`.

`load` tells formats apart by content and reads files (`sniff` from their
first bytes); `page` is the Daily Papers page as copied from a browser,
`reader_json` reader's own JSON, `hf` the Hugging Face Daily Papers API,
`feeds` arXiv's RSS and Atom, `mail` arXiv's digest mail and `mailbox` the
places mails are kept. `fast` holds the checks that let the JSON formats
decode straight into structs, `locate` finds the line of a JSON element for
error messages, `arxiv` the arXiv links.
"""

from .load import load_digest, parse_text, peek_digest

__all__ = ["load_digest", "parse_text", "peek_digest"]
