"""Every user command, declared once.

The footer, the help screen, `reader --bindings`, the README's keys table
(checked by a test) and user key remapping all derive from these bindings.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding, BindingType

LIST_BINDINGS: list[BindingType] = [
    Binding(
        "j,down",
        "cursor_down",
        "Down",
        show=False,
        id="cursor_down",
        tooltip="Move to the next paper",
    ),
    Binding(
        "k,up",
        "cursor_up",
        "Up",
        show=False,
        id="cursor_up",
        tooltip="Move to the previous paper",
    ),
    Binding(
        "pagedown",
        "page_down",
        "Page down",
        show=False,
        id="page_down",
        tooltip="Move down one page",
    ),
    Binding("pageup", "page_up", "Page up", show=False, id="page_up", tooltip="Move up one page"),
    Binding("g,home", "first", "First", show=False, id="first", tooltip="Move to the first paper"),
    Binding("G,end", "last", "Last", show=False, id="last", tooltip="Move to the last paper"),
]
"""The paper list's own keys: they move the cursor."""

MAIN_BINDINGS: list[BindingType] = [
    Binding("s", "star", "Star", id="star", tooltip="Star or unstar the paper"),
    Binding("r", "toggle_read", "Read", id="read", tooltip="Mark the paper read or unread"),
    Binding(
        "n",
        "next_unread",
        "Next unread",
        id="next_unread",
        tooltip="Jump to the next unread paper",
    ),
    Binding(
        "u",
        "unread_only",
        "Unread only",
        id="unread_only",
        tooltip="Show only unread papers (toggle)",
    ),
    Binding(
        "S",
        "starred_only",
        "Starred only",
        id="starred_only",
        show=False,
        tooltip="Show only starred papers (toggle)",
    ),
    Binding(
        "x",
        "hide_replacements",
        "Hide replacements",
        id="hide_replacements",
        show=False,
        tooltip="Hide arXiv replacement announcements (toggle)",
    ),
    Binding(
        "left_square_bracket",
        "previous_day",
        "Previous day",
        id="previous_day",
        show=False,
        tooltip="Previous day (week, month) of Daily Papers, or digest of a mailbox",
    ),
    Binding(
        "right_square_bracket",
        "next_day",
        "Next day",
        id="next_day",
        show=False,
        tooltip="Next day (week, month) of Daily Papers, or digest of a mailbox",
    ),
    Binding(
        "i",
        "inbox",
        "Inbox",
        id="inbox",
        tooltip="Inbox: unread papers from every cached digest (toggle)",
    ),
    Binding(
        "ctrl+r",
        "refresh",
        "Refresh",
        id="refresh",
        show=False,
        tooltip="Fetch the digest again now",
    ),
    Binding(
        "slash",
        "filter",
        "Filter",
        id="filter",
        tooltip="Filter as you type: words, fields (au:, ti:, is:unread, upvotes:>N…), "
        "OR, -word; Esc clears",
    ),
    Binding(
        "ctrl+s",
        "save_search",
        "Save search",
        id="save_search",
        show=False,
        tooltip="Save the filter under a name (config [searches]); the palette lists it",
    ),
    Binding(
        "w",
        "next_watched",
        "Next watched",
        id="next_watched",
        show=False,
        tooltip="Jump to the next paper the watch list marks (◆)",
    ),
    Binding(
        "W",
        "watched_only",
        "Watched only",
        id="watched_only",
        show=False,
        tooltip="Show only papers the watch list marks (toggle)",
    ),
    Binding(
        "o",
        "open",
        "Open",
        id="open",
        tooltip="Open the paper's page, or choose among its links",
    ),
    Binding(
        "y",
        "copy_link",
        "Copy link",
        id="copy_link",
        show=False,
        tooltip="Copy a link of the paper to the clipboard",
    ),
    Binding(
        "p",
        "open_pdf",
        "PDF",
        id="open_pdf",
        show=False,
        tooltip="Open the paper's PDF in the browser",
    ),
    Binding(
        "Y",
        "copy_bibtex",
        "Copy BibTeX",
        id="copy_bibtex",
        show=False,
        tooltip="Copy the paper's BibTeX entry to the clipboard",
    ),
    Binding("N", "note", "Note", id="note", show=False, tooltip="Write a note on the paper"),
    Binding(
        "number_sign",
        "tags",
        "Tags",
        id="tags",
        show=False,
        tooltip="Tag the paper (filter by tag with /#tag)",
    ),
    Binding(
        "e",
        "export",
        "Export",
        id="export",
        show=False,
        tooltip="Export the shown papers: BibTeX, biblatex, CSL-JSON, RIS, Markdown, JSON or CSV",
    ),
    Binding(
        "Z",
        "zotero",
        "Zotero",
        id="zotero",
        show=False,
        tooltip="Send the paper to a running Zotero (e writes a file instead)",
    ),
    Binding(
        "f",
        "for_you",
        "For you",
        id="for_you",
        tooltip="For you: sort by what you star, and say why (toggle)",
    ),
    Binding(
        "O",
        "sort",
        "Sort",
        id="sort",
        show=False,
        tooltip="Sort by digest order, upvotes, newest first, title or For you (cycles)",
    ),
    Binding(
        "m",
        "similar",
        "Similar",
        id="similar",
        show=False,
        tooltip="Papers similar to this one, from every cached digest (Esc returns)",
    ),
    Binding(
        "t",
        "triage",
        "Triage",
        id="triage",
        tooltip="Triage the unread papers shown, one key per paper",
    ),
    Binding(
        "space",
        "detail_page_down",
        "Page down abstract",
        id="detail_page_down",
        show=False,
        tooltip="Page the detail pane down, the cursor staying in the list",
    ),
    Binding(
        "b,shift+space",
        "detail_page_up",
        "Page up abstract",
        id="detail_page_up",
        show=False,
        tooltip="Page the detail pane up",
    ),
    Binding(
        "a",
        "all_authors",
        "All authors",
        id="all_authors",
        show=False,
        tooltip="List every author of the paper, or the first few again (toggle)",
    ),
    Binding("z", "undo", "Undo", id="undo", tooltip="Undo the last star, read or mark-all"),
    Binding(
        "A",
        "mark_all_read",
        "Mark all read",
        id="mark_all_read",
        show=False,
        tooltip="Mark every shown paper read, after a confirmation",
    ),
    Binding(
        "M",
        "messages",
        "Messages",
        id="messages",
        show=False,
        tooltip="Show every message of this session in full",
    ),
    Binding("question_mark", "help", "Help", id="help", tooltip="Show every key"),
    Binding("q", "quit", "Quit", id="quit", tooltip="Save and quit"),
]
"""Commands of the main screen."""

TRIAGE_BINDINGS: list[BindingType] = [
    Binding(
        "s",
        "star",
        "Star",
        id="triage_star",
        tooltip="Triage: star the paper (and mark it read), next",
    ),
    Binding(
        "j",
        "read",
        "Read",
        id="triage_skip",  # the id stays: users' [keys] configs name it
        tooltip="Triage: mark read, no star, next",
    ),
    Binding(
        "space",
        "page_or_read",
        "Page / read",
        id="triage_page",
        tooltip="Triage: page down a long abstract; at its end, mark read and next",
    ),
    Binding(
        "b",
        "page_up",
        "Page up",
        id="triage_page_up",
        show=False,
        tooltip="Triage: page the abstract back up",
    ),
    Binding(
        "l",
        "later",
        "Later",
        id="triage_later",
        tooltip="Triage: leave unread, ask again at the end (once)",
    ),
    Binding(
        "o", "open", "Open", id="triage_open", tooltip="Triage: open the paper's link, stay on it"
    ),
    Binding(
        "y",
        "copy",
        "Copy link",
        id="triage_copy",
        tooltip="Triage: copy the paper's link, stay on it",
    ),
    Binding(
        "z",
        "undo",
        "Undo",
        id="triage_undo",
        tooltip="Triage: undo the last decision and go back to it",
    ),
    Binding(
        "escape,q", "leave", "Leave", id="triage_leave", tooltip="Triage: stop and show the summary"
    ),
]
"""Commands of triage mode."""


def all_bindings() -> list[Binding]:
    """Every remappable binding, list movement first."""
    every = [*LIST_BINDINGS, *MAIN_BINDINGS, *TRIAGE_BINDINGS]
    return [b for b in every if isinstance(b, Binding)]


def key_display(keys: str) -> str:
    """Keys as a person reads them: `j,down` becomes `j / ↓`."""
    from textual.keys import format_key

    return " / ".join(format_key(key.strip()) for key in keys.split(",") if key.strip())


def effective_keys(binding: Binding, keymap: dict[str, str]) -> str:
    """The binding's keys after the user's remapping, if any."""
    if binding.id and binding.id in keymap:
        return keymap[binding.id]
    return binding.key


def key_of(binding_id: str, keymap: dict[str, str]) -> str:
    """The first key of a command as the reader has it (remapped or not), for
    messages that name it: "M: messages"."""
    binding = next(b for b in all_bindings() if b.id == binding_id)
    return key_display(effective_keys(binding, keymap).split(",")[0])


SCOPES: tuple[tuple[str, list[BindingType]], ...] = (
    ("the list", [*LIST_BINDINGS, *MAIN_BINDINGS]),
    ("triage", TRIAGE_BINDINGS),
)
"""Bindings that are active together: a key may mean one command in each."""


def keymap_problems(
    keymap: dict[str, str], where: Callable[[str], str]
) -> tuple[list[str], list[str]]:
    """What is wrong with the config's [keys]: warnings (a command that does not
    exist, ignored) and errors (a key that another command already has).
    `where(setting)` names the file and line of a `keys.ID` setting."""
    import difflib

    known = {b.id for b in all_bindings() if b.id}
    warnings = []
    for command in keymap:
        if command not in known:
            near = difflib.get_close_matches(command, sorted(known), n=1)
            hint = f"; did you mean {near[0]!r}?" if near else " (reader --bindings lists them)"
            warnings.append(f"{where(f'keys.{command}')}: no command {command!r}, ignored{hint}")
    errors = []
    for scope, bindings in SCOPES:
        owner: dict[str, Binding] = {}
        for binding in (b for b in bindings if isinstance(b, Binding)):
            for key in (k.strip() for k in effective_keys(binding, keymap).split(",")):
                other = owner.setdefault(key, binding)
                if other is not binding and (binding.id in keymap or other.id in keymap):
                    remapped = binding if binding.id in keymap else other
                    kept = other if remapped is binding else binding
                    errors.append(
                        f"{where(f'keys.{remapped.id}')}: {remapped.id} = {key!r} is already "
                        f"the key of {kept.id} ({kept.tooltip}) in {scope}; choose another key, "
                        f"or give {kept.id} another key too"
                    )
    return warnings, errors
