"""Where an element of a JSON array starts: the line an error names."""

from __future__ import annotations

from collections.abc import Iterator


def _element_lines(text: str) -> Iterator[int]:
    """Yield the line on which each element of a top-level JSON array starts."""
    import json

    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    length = len(text)
    while position < length:
        while position < length and text[position] in " \t\r\n,":
            position += 1
        if position >= length or text[position] == "]":
            return
        yield text.count("\n", 0, position) + 1
        _, position = decoder.raw_decode(text, position)


def line_of_element(text: str, wanted: int) -> int | None:
    import json

    try:
        for number, line in enumerate(_element_lines(text)):
            if number == wanted:
                return line
    except (ValueError, json.JSONDecodeError):
        return None
    return None
