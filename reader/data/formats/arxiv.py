"""Links that every arXiv paper has, from its id."""

from __future__ import annotations

ARXIV_ABS = "https://arxiv.org/abs/"

ARXIV_PDF = "https://arxiv.org/pdf/"

HF_PAPERS = "https://huggingface.co/papers/"


def arxiv_links(identifier: str) -> list[tuple[str, str]]:
    return [("PDF", ARXIV_PDF + identifier), ("Hugging Face", HF_PAPERS + identifier)]
