"""arXiv listing mails written for the tests, in arXiv's format (in our own
words): wrapped titles and author lists (one of 1,000 names ending in "and"),
every optional field, cross-lists, replacements, an old-style id, LaTeX; saved
as a body, as quoted-printable, base64 and multipart mails, in an mbox and in
a Maildir."""

from __future__ import annotations

import mailbox
import random
import textwrap
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from tests.support.realshape import author_names

DASHES = "-" * 78
SUBJECTS = "Computer Science\n Machine Learning"
CROWD = author_names(998, random.Random(3))


def _wrap(label: str, text: str) -> list[str]:
    """A field as arXiv wraps it: continuation lines indented by two spaces."""
    lines = textwrap.wrap(
        f"{label}: {text}",
        78,
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines


def entry(
    paper_id: str,
    title: str,
    authors: list[str],
    abstract: str | None,
    *,
    day: str = "Mon, 12 Jan 2026 20:33:39 GMT",
    categories: str = "cs.LG cs.AI",
    extra: dict[str, str] | None = None,
    cross: bool = False,
    replaced: bool = False,
) -> str:
    names = ", ".join(authors[:-1]) + " and " + authors[-1] if len(authors) > 1 else authors[0]
    lines = ["\\\\", f"arXiv:{paper_id}" + (" (*cross-listing*)" if cross else "")]
    if replaced:
        lines.append(f"replaced with revised version {day}   (88kb)")
    else:
        lines.append(f"Date: {day}   (215kb)")
    lines.append("")
    lines += _wrap("Title", title)
    lines += _wrap("Authors", names)
    lines.append(f"Categories: {categories}")
    for label, value in (extra or {}).items():
        lines += _wrap(label, value)
    if abstract is not None:
        lines.append("\\\\")
        wrapped = textwrap.wrap(abstract, 78)
        lines += ["  " + wrapped[0], *wrapped[1:]]
    lines.append(f"\\\\ ( https://arxiv.org/abs/{paper_id} ,  215kb)")
    return "\n".join(lines)


HEADER = (
    f"{DASHES}\n{DASHES}\nSend any comments regarding submissions directly to submitter.\n"
    f"{DASHES}\nArchives at http://arxiv.org/\nTo unsubscribe, e-mail To: cs@arXiv.org, "
    f"Subject: cancel\n{DASHES}\n Submissions to:\n{SUBJECTS}\n received from  {{start}}  to  "
    f"{{end}}\n{DASHES}\n"
)
FOOTER = "%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%\n"


ANGLES = ["Quietly", "Boldly", "Carefully", "Cheaply", "Slowly", "Twice", "Again"]


def body(day: int = 22, *, broken: bool = False, prefix: str = "2601") -> str:
    """One day's digest body (Thu 22 Jan 2026 by default); each day's titles
    are its own (papers are told apart by title too)."""
    angle = ANGLES[day % len(ANGLES)]
    start = datetime(2026, 1, day - 1, 19, tzinfo=UTC).strftime("%a %d %b %y %H:%M:%S GMT")
    end = datetime(2026, 1, day, 19, tzinfo=UTC).strftime("%a %d %b %y %H:%M:%S GMT")
    entries = [
        entry(
            f"{prefix}.{day}001",
            f"Counting Tokens {angle}: a Second Look at Cache Eviction for Long Context "
            "Serving under Tight Memory",
            ["Kenji Mori", "Léa Dubois", *CROWD],
            r"We revisit cache eviction for serving long contexts and show that a "
            r"budget of $\mathcal{O}(\sqrt{n})$ entries keeps 97\% of the quality. "
            "Eviction by recency alone fails on retrieval-heavy prompts.",
            extra={
                "Comments": "15 pages, 1 figure; a longer version of the workshop paper, with "
                "the appendix restored",
                "Journal-ref": "Proc. of the Workshop on Efficient Serving 2026, 12-27",
                "DOI": "10.1234/wes.2026.0042",
                "Report-no": "WES-2026-07",
                "MSC-class": "68T05",
                "ACM-class": "I.2.6",
                "License": "http://creativecommons.org/licenses/by/4.0/",
            },
        ),
        entry(
            f"{prefix}.{day}002",
            f"Sparse Probes for Dense Retrievers, {angle}",
            ["Chidi Okafor", "Ana Ruiz"],
            "Probing dense retrievers with sparse features tells which passages they "
            "confuse, and why.",
            categories="cs.IR",
        ),
        entry(
            "math/0601001",
            "An Old-Style Identifier Survives the Move to New Numbers",
            ["Zoë Müller"],
            "Short abstract about ids of the old style.",
            categories="math.CO",
        ),
    ]
    if broken:
        entries.insert(
            1, "\\\\\nthis line should have been an arXiv id\nTitle: Lost\n\\\\ ( x , 1kb)"
        )
    cross = entry(
        f"{prefix}.{day}003",
        f"Physics-Informed Priors Help Small Models Forecast Weather {angle}",
        ["Ines Petrov", "Wei Raman"],
        "A cross-listed paper: weather forecasts with physics priors.",
        categories="physics.ao-ph cs.LG",
        cross=True,
    )
    replaced = entry(
        f"2512.{day}004",
        f"A Replacement Without an Abstract, {angle}",
        ["Sofía Adeyemi"],
        None,
        replaced=True,
        day="Wed, 21 Jan 2026 09:00:00 GMT",
    )
    replaced_cross = entry(
        f"2512.{day}005",
        f"A Cross-Listed Replacement, {angle}",
        ["Amara Trân"],
        None,
        replaced=True,
        cross=True,
        categories="stat.ML cs.LG",
        day="Wed, 21 Jan 2026 10:00:00 GMT",
    )
    parts = [HEADER.format(start=start, end=end)]
    parts += [e + f"\n{DASHES}\n" for e in [*entries, cross]]
    parts.append("%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%\n")
    parts += [e + f"\n{DASHES}\n" for e in (replaced, replaced_cross)]
    parts.append(FOOTER)
    return "".join(parts)


def mail(day: int = 22, *, encoding: str = "quoted-printable", multipart: bool = False) -> bytes:
    """The digest as arXiv sends it (one mail), saved from a mail client."""
    message = EmailMessage()
    message["From"] = "no-reply@arxiv.org"
    message["To"] = "reader@example.org"
    message["Subject"] = f"cs daily Subj-class mailing 100 {day}"
    message["Date"] = format_datetime(datetime(2026, 1, day, 20, 30, tzinfo=UTC))
    message.set_content(body(day), cte=encoding)
    if multipart:
        message.add_alternative(
            f"<html><body><pre>digest of day {day}</pre></body></html>", subtype="html"
        )
    return bytes(message)


def not_a_digest() -> bytes:
    message = EmailMessage()
    message["From"] = "friend@example.org"
    message["Subject"] = "lunch?"
    message["Date"] = format_datetime(datetime(2026, 1, 20, 12, tzinfo=UTC))
    message.set_content("Are you free for lunch on Thursday?\n")
    return bytes(message)


def write_mbox(path: Path, days: list[int], *, other: bool = True) -> Path:
    box = mailbox.mbox(path)
    for day in days:
        box.add(mail(day))
    if other:
        box.add(not_a_digest())
    box.close()
    return path


def write_maildir(path: Path, days: list[int]) -> Path:
    box = mailbox.Maildir(path)
    for day in days:
        box.add(mail(day, encoding="base64"))
    box.close()
    return path


def rss_listing(paper_id: str, title: str) -> str:
    """An arXiv RSS listing that holds one of the mail's papers (state is keyed
    by arXiv id, so a star made in the mail shows here)."""
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom"
     xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.IR updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.IR</link>
    <description>cs.IR updates on the arXiv.org e-print archive.</description>
    <pubDate>Thu, 22 Jan 2026 00:00:00 -0500</pubDate>
    <item>
      <title>{title}</title>
      <link>https://arxiv.org/abs/{paper_id}</link>
      <description>arXiv:{paper_id}v1 Announce Type: new
Abstract: Probing dense retrievers with sparse features, as the mail said.</description>
      <guid isPermaLink="false">oai:arXiv.org:{paper_id}v1</guid>
      <category>cs.IR</category>
      <pubDate>Thu, 22 Jan 2026 00:00:00 -0500</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:creator>Chidi Okafor, Ana Ruiz</dc:creator>
    </item>
  </channel>
</rss>
"""
