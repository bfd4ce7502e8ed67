"""Links that every arXiv paper has, from its id."""

from __future__ import annotations

import re

ARXIV_ABS = "https://arxiv.org/abs/"

ARXIV_PDF = "https://arxiv.org/pdf/"

HF_PAPERS = "https://huggingface.co/papers/"


_NEW_STYLE = re.compile(r"\d{4}\.\d{4,5}")


def hf_link(identifier: str) -> list[tuple[str, str]]:
    """The paper's Hugging Face page, where one can exist: Hugging Face has pages
    for new-style ids (2611.01234) only, not for old ones (astro-ph/9904306)."""
    if _NEW_STYLE.fullmatch(identifier) is None:
        return []
    return [("Hugging Face", HF_PAPERS + identifier)]


def arxiv_links(identifier: str) -> list[tuple[str, str]]:
    return [("PDF", ARXIV_PDF + identifier), *hf_link(identifier)]
