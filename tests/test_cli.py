"""The command line, run as real processes."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from reader.core.formats.load import load_digest
from reader.core.state.store import StateStore
from tests.conftest import CLOSED_URL, SAMPLE, TODAY
from tests.support.cli import run

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""


def test_the_launcher_knows_every_subcommand() -> None:
    # `reader` names the subcommands without importing them (startup stays light).
    from reader.cli import SUBCOMMANDS

    listed = run("--help").stdout
    for name, subcommand in SUBCOMMANDS.items():
        assert subcommand.parser().prog == f"reader {name}", name
        assert run(name, "--help").returncode == 0
        assert f"reader {name}" in listed and subcommand.summary in listed


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("reader 0.")
    usage = run("--help")
    assert usage.returncode == 0 and "--read-after" in usage.stdout
    assert run("list", "--help").returncode == 0


def test_list_json_is_readable_back(page: Path, state_path: Path, tmp_path: Path) -> None:
    store = StateStore(state_path)
    papers = load_digest(page, today=TODAY).papers
    store.toggle(papers[0].id, "starred")
    store.toggle(papers[1].id, "read")
    store.close()
    out = run(
        "list",
        str(page),
        "--format",
        "json",
        "--state",
        str(state_path),
        "--date",
        TODAY.isoformat(),
    )
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 34
    assert rows[0]["title"] == papers[0].title
    assert (rows[0]["starred"], rows[0]["read"]) == (True, False)
    assert (rows[1]["starred"], rows[1]["read"]) == (False, True)
    assert set(rows[0]) == {
        "id",
        "title",
        "abstract",
        "authors",
        "author_count",
        "published",
        "upvotes",
        "url",
        "source",
        "ai_summary",
        "keywords",
        "links",
        "comments",
        "categories",
        "announce",
        "details",
        "read",
        "starred",
        "note",
        "tags",
    }
    again = tmp_path / "again.json"
    again.write_text(out.stdout)
    assert [p.id for p in load_digest(again).papers] == [p.id for p in papers]


def test_list_filters_and_table(page: Path, state_path: Path) -> None:
    store = StateStore(state_path)
    paper = load_digest(page, today=TODAY).papers[3]
    store.toggle(paper.id, "starred")
    store.close()
    env = {"READER_STATE": str(state_path)}
    starred = run("list", str(page), "--starred", "--format", "json", env=env)
    assert [r["id"] for r in json.loads(starred.stdout)] == [paper.id]
    unread = run("list", str(page), "--unread", "--format", "json", env=env)
    assert len(json.loads(unread.stdout)) == 34
    table = run("list", str(SAMPLE), env={**env, "COLUMNS": "160"})
    assert table.returncode == 0 and "[bold]Literal Brackets[/bold]" in table.stdout
    header, first, *_ = table.stdout.splitlines()
    assert header.split() == ["id", "date", "votes", "title"]
    sample = load_digest(SAMPLE, today=TODAY).papers
    assert first.split()[1:3] == [sample[0].id, sample[0].published]
    latex = state_path.parent / "latex.json"
    latex.write_text(json.dumps([{"title": r"Search in $\mathcal{O}(\log n)$ Time"}]))
    assert "Search in 𝒪(log n) Time" in run("list", str(latex), env=env).stdout
    none = run("list", str(SAMPLE), "--starred", env=env)
    assert none.returncode == 0 and none.stdout == "" and "no papers" in none.stderr


def test_errors_go_to_stderr_with_a_nonzero_code(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Daily Papers\n\nNov 3\n\nTitle\n\n• 2 authors\n·\nnonsense\n")
    out = run("list", str(bad))
    assert out.returncode == 1 and out.stdout == ""
    assert f"{bad}:9: expected a date line" in out.stderr
    missing = run(str(tmp_path / "nope.txt"))
    assert missing.returncode == 1 and "no such file" in missing.stderr
    assert run("list").returncode == 2
    assert run("--read-after", "-1").returncode == 2


def test_newer_state_file_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "s.json"
    state.write_text('{"meta": {"1": {"schema": 99}}, "papers": {}}')
    out = run("list", str(SAMPLE), "--state", str(state))
    assert out.returncode == 1 and "newer reader" in out.stderr


def test_list_and_fetch_remote_sources(tmp_path: Path) -> None:
    from tests.support.server import running

    with running() as server:
        env = {
            name: server.url
            for name in ("READER_HF_BASE", "READER_ARXIV_RSS_BASE", "READER_ARXIV_API_BASE")
        }
        out = run("list", "arxiv:cs.LG", "--format", "json", env=env)
        assert out.returncode == 0, out.stderr
        rows = json.loads(out.stdout)
        assert [r["id"] for r in rows] == ["2611.21001", "2611.20877", "2610.03311", "2609.11452"]
        assert rows[0]["authors"] == ["Lena Hoffmann", "Jun Tanaka", "Priya Raman"]
        assert rows[0]["abstract"].startswith("Early-exit decoders")
        fresh = run("list", "arxiv:cs.LG", "--no-replacements", "--format", "json", env=env)
        assert len(json.loads(fresh.stdout)) == 2
        fetched = run("fetch", "hf:2026-11-27", "hf:2026-11-26", env=env)
        assert fetched.returncode == 0, fetched.stderr
        assert "hf:2026-11-27: 3 papers, 3 new" in fetched.stdout
        assert "hf:2026-11-26: 130 papers, 130 new" in fetched.stdout
        bad = run("fetch", "hf:2026-11-24", env=env)
        assert bad.returncode == 1 and "HTTP 500" in bad.stderr
    # The server is gone: the cache answers, with a notice on stderr.
    offline = run(
        "list", "hf:2026-11-27", "--format", "json", env={"READER_HF_BASE": "http://127.0.0.1:9"}
    )
    assert offline.returncode == 0
    assert len(json.loads(offline.stdout)) == 3
    missing = run("list", "hf:2026-11-20")
    assert missing.returncode == 1 and "refused" in missing.stderr
    assert run("fetch", "notes.txt").returncode == 2


def test_mark_export_and_stats(page: Path, state_path: Path, tmp_path: Path) -> None:
    import bibtexparser

    env = {"READER_STATE": str(state_path)}
    ids = [p.id for p in load_digest(page, today=TODAY).papers]
    # A page listed with --remember is known to export, as one opened in the app.
    listed = run("list", str(page), "--date", TODAY.isoformat(), "--remember", env=env)
    assert listed.returncode == 0
    marked = run("mark", "--star", ids[0], ids[1], "2611.99999", env=env)
    assert marked.returncode == 0 and "3 of 3 papers changed" in marked.stdout
    assert run("mark", "--read", ids[0], env=env).returncode == 0
    assert run("mark", "--unstar", ids[1], env=env).returncode == 0
    store = StateStore(state_path)
    store.set_tags(ids[0], "reading-group")
    store.set_note(ids[0], "Lead: Ana.")
    store.close()
    agenda = run("export", "--tag", "reading-group", "--format", "markdown", env=env)
    assert agenda.returncode == 0, agenda.stderr
    assert agenda.stdout.count("\n## ") == 1 and "> Lead: Ana." in agenda.stdout
    bib = run("export", "--format", "bibtex", env=env)
    assert bib.returncode == 0
    library = bibtexparser.parse_string(bib.stdout)
    assert not library.failed_blocks and len(library.entries) == 1
    out = tmp_path / "starred.csv"
    written = run("export", "--all", "--format", "csv", "-o", str(out), env=env)
    assert written.returncode == 0 and "wrote 34 papers" in written.stderr
    assert out.read_text().count("\n") >= 35
    stats = run("stats", env=env)
    assert stats.returncode == 0
    assert "starred            2" in stats.stdout and "read               1" in stats.stdout
    assert "reading-group" in stats.stdout
    assert run("mark", "--star", env=env).returncode == 2  # no ids
    assert run("mark", "x", env=env).returncode == 2  # no action
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a directory")
    bad = run("export", "-o", str(blocker / "f.bib"), env=env)
    assert bad.returncode == 1 and "cannot write" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert run("export", "--format", "yaml", env=env).returncode == 2


def test_list_sorted_for_you_has_scores(tmp_path: Path, state_path: Path) -> None:
    from tests.support.topics import topic_of, topic_papers

    papers = topic_papers()
    digest = tmp_path / "topics.json"
    digest.write_text(json.dumps([p.to_json() for p in papers]))
    env = {"READER_STATE": str(state_path)}
    few = run("list", str(digest), "--sort", "for-you", "--format", "json", env=env)
    assert few.returncode == 0 and "needs at least 3 starred papers" in few.stderr
    assert [r["id"] for r in json.loads(few.stdout)] == [p.id for p in papers]
    speech = [p.id for p in papers if topic_of(p) == "speech"]
    assert run("mark", "--star", *speech[:3], env=env).returncode == 0
    ranked = run("list", str(digest), "--sort", "for-you", "--format", "json", env=env)
    assert ranked.returncode == 0, ranked.stderr
    rows = json.loads(ranked.stdout)
    assert all(isinstance(r["score"], float) for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    top = [r for r in rows if not r["starred"]][:10]
    assert all(r["categories"] == ["speech"] for r in top)


def test_listing_a_file_does_not_open_it(page: Path, state_path: Path) -> None:
    """`reader list` is for scripts: the file does not join the Inbox, For you or exports."""
    env = {**os.environ, "READER_STATE": str(state_path)}
    assert run("list", str(page), "--format", "json", env=env).returncode == 0
    store = StateStore(state_path)
    assert store.get_meta("recent", []) == []
    inbox = run("list", "inbox", "--format", "json", env=env)
    assert inbox.returncode == 0 and json.loads(inbox.stdout) == []


def test_mark_changes_every_field_in_one_step(page: Path, state_path: Path) -> None:
    env = {"READER_STATE": str(state_path)}
    paper, other = (p.id for p in load_digest(page, today=TODAY).papers[:2])
    first = run(
        "mark", "--star", "--read", "--note", " Ask Ana. ", "--tag", "to-read", "--tag", "#Group",
        paper, other, env=env,
    )  # fmt: skip
    assert first.returncode == 0 and "2 of 2 papers changed" in first.stdout, first.stderr
    store = StateStore(state_path)
    record = store.record(paper)
    assert (record.starred, record.read, record.note) == (True, True, "Ask Ana.")
    assert record.tags == ("to-read", "group") and store.record(other).tags == record.tags
    store.close()
    second = run("mark", "--untag", "to-read", "--tag", "methods", "--unread", paper, env=env)
    assert second.returncode == 0 and "1 of 1 papers changed" in second.stdout
    cleared = run("mark", "--note", "", "--untag", "group", "--untag", "methods", paper, env=env)
    assert cleared.returncode == 0
    again = run("mark", "--untag", "absent", paper, env=env)  # nothing to do: said so
    assert again.returncode == 0 and "0 of 1 papers changed" in again.stdout
    store = StateStore(state_path)
    record = store.record(paper)
    assert (record.starred, record.read, record.note, record.tags) == (True, False, "", ())
    assert store.record(other).tags == ("to-read", "group")
    store.close()
    nothing = run("mark", paper, env=env)
    assert nothing.returncode == 2 and "say what to change" in nothing.stderr
    both = run("mark", "--read", "--unread", paper, env=env)
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    bad = run("mark", "--tag", "!!", paper, env=env)
    assert bad.returncode == 2 and "is not a tag" in bad.stderr


def test_mark_warns_about_ids_it_has_never_seen(page: Path, state_path: Path) -> None:
    env = {"READER_STATE": str(state_path)}
    assert run("list", str(page), "--remember", env=env).returncode == 0
    known = load_digest(page, today=TODAY).papers[0].id
    marked = run("mark", "--star", known, "2410.16251", "nonexistent-id", env=env)
    assert marked.returncode == 0 and "3 of 3 papers changed" in marked.stdout
    assert "warning: not in the archive: 2410.16251, nonexistent-id" in (marked.stderr)
    assert known not in marked.stderr
    strict = run("mark", "--strict", "--read", known, "nonexistent-id", env=env)
    assert strict.returncode == 1 and "nothing was changed" in strict.stderr
    assert not StateStore(state_path).is_read(known)
    assert run("mark", "--strict", "--read", known, env=env).returncode == 0


def test_every_flag_explains_itself() -> None:
    for command in (["mark"], ["list"], ["export"], ["stats"]):
        text = run(*command, "--help").stdout
        flags = [line.split()[0] for line in text.splitlines() if line.startswith("  --")]
        assert flags, command
        for line in text.splitlines():
            if line.startswith("  --") and line.split()[0] != "--help":
                # a help text follows the flag on its line, or on the next one
                assert len(line.split()) > 2 or text.split(line, 1)[1].startswith("\n     "), line
    fetch = run("fetch", "--help").stdout
    assert "arxiv-query" in fetch and "inbox" not in fetch and "a file" not in fetch


def test_list_sorts_by_upvotes_date_and_title(tmp_path: Path, state_path: Path) -> None:
    rows = [
        {"id": "2611.00001", "title": "beta: a study", "published": "2026-11-02", "upvotes": 5},
        {"id": "2611.00002", "title": "$\\alpha$-Blending", "published": "2026-11-20"},
        {"id": "2611.00003", "title": "Gamma rays", "published": "2026-11-02", "upvotes": 40},
        {"id": "2611.00004", "title": "Ärger with Delta", "upvotes": 5},
    ]
    digest = tmp_path / "votes.json"
    digest.write_text(json.dumps(rows), encoding="utf-8")
    env = {"READER_STATE": str(state_path)}

    def order(sort: str) -> list[str]:
        out = run("list", str(digest), "--sort", sort, "--format", "json", env=env)
        assert out.returncode == 0, out.stderr
        return [r["id"][-1] for r in json.loads(out.stdout)]

    assert order("digest") == ["1", "2", "3", "4"]
    # Ties keep digest order; papers without upvotes or a date come last.
    assert order("upvotes") == ["3", "1", "4", "2"]
    assert order("date") == ["2", "1", "3", "4"]
    # Titles sort by their letters: LaTeX markup, case and accents aside.
    assert order("title") == ["2", "4", "1", "3"]
    table = run("list", str(digest), "--sort", "upvotes", env=env)
    assert table.stdout.splitlines()[1].split()[1] == "2611.00003"
    bad = run("list", str(digest), "--sort", "stars", env=env)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


REFUSED = [
    # (arguments, today, what the message says); TODAY is 2026-11-28
    (("list", "hf:2026-13-45"), TODAY, "no month 13"),
    (("list", "hf:2026-02-30"), TODAY, "2026-02 has no day 30 (it has 28 days)"),
    (("fetch", "hf:week:2026-W54"), TODAY, "2026 has no week 54"),
    (("fetch", "hf:2026-12-01"), TODAY, "is in the future: today is 2026-11-28 in UTC"),
    (("list", "hf:month:2026-12"), TODAY, "is in the future: today is 2026-11-28"),
    (("list", "hf:month:2027-01"), date(2026, 12, 31), "today is 2026-12-31"),
    # A mistyped arXiv category is refused before any request, with the nearest ones.
    (("list", "arxiv:cs.LGG"), TODAY, "did you mean cs.LG"),
    (("fetch", "arxiv:cs.XX"), TODAY, "cs has cs.AI, cs.AR"),
    (("list", "arxiv:cs.LG+statML"), TODAY, "did you mean stat.ML"),
    # The app refuses them the same way, before its screen opens.
    (("hf:2026-13-01",), TODAY, "no month 13"),
    (("fetch", "notes.txt"), TODAY, "not a remote source"),
]


@pytest.mark.parametrize(("args", "today", "said"), REFUSED, ids=lambda v: str(v))
def test_bad_sources_name_the_problem_and_exit_2(
    args: tuple[str, ...], today: date, said: str
) -> None:
    env = {"READER_HF_BASE": CLOSED_URL, "READER_ARXIV_RSS_BASE": CLOSED_URL}
    out = run(*args, env={**env, "READER_TODAY": today.isoformat()})
    assert out.returncode == 2, (args, out.stdout, out.stderr)
    assert said in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize(
    ("today", "spec"),
    [
        ("2026-12-03", "hf:month:2026-12"),
        ("2026-12-31", "hf:2026-12-31"),
        ("2027-01-01", "hf:week:2026-W53"),
        ("2028-02-29", "hf:2028-02-29"),
    ],
)
def test_the_current_day_week_and_month_are_not_in_the_future(today: str, spec: str) -> None:
    out = run("list", spec, env={"READER_HF_BASE": CLOSED_URL, "READER_TODAY": today})
    assert out.returncode == 1 and "refused" in out.stderr, (today, spec, out.stderr)


def test_stats_counts_reads_by_the_day_they_were_made(state_path: Path) -> None:
    from datetime import datetime, timedelta

    def noon(day: int) -> float:  # noon, local time, `day` days before TODAY
        return (
            datetime.combine(TODAY - timedelta(days=day), datetime.min.time()).timestamp() + 43200
        )

    for day, ids in ((0, ["2611.00001", "2611.00002"]), (2, ["2611.00003"]), (9, ["2611.00004"])):
        store = StateStore(state_path, clock=lambda day=day: noon(day))
        store.set_field(ids, "read", True)
        store.close()
    out = run("stats", "--days", "3", "--state", str(state_path))
    assert out.returncode == 0, out.stderr
    assert "read per day, last 3 days (2026-11-26 to 2026-11-28): 3 papers" in out.stdout
    assert "▄▁█  max 2/day" in out.stdout


def test_for_you_says_when_it_lacks_the_text_of_the_stars(tmp_path: Path) -> None:
    from tests.support import realshape

    others = [
        {**paper, "id": f"2610.{20000 + n:05d}"}
        for n, paper in enumerate(realshape.papers(8, seed=21))
    ]
    elsewhere = realshape.write(tmp_path / "elsewhere.json", others)
    today = realshape.write(tmp_path / "today.json", realshape.papers(12, seed=22))
    env = {
        "READER_STATE": str(tmp_path / "state.json"),
        "READER_ARCHIVE": str(tmp_path / "archive.sqlite3"),
    }
    # Listed into another archive (another machine's): this one lacks their text.
    other = {**env, "READER_ARCHIVE": str(tmp_path / "other.sqlite3")}
    listed = json.loads(run("list", str(elsewhere), "--format", "json", env=other).stdout)
    assert run("mark", "--star", *(row["id"] for row in listed[:5]), env=env).returncode == 0
    out = run("list", str(today), "--sort", "for-you", env=env)
    assert out.returncode == 0
    assert "needs at least" not in out.stderr  # five stars are not too few
    assert "has the text of only 0 of your 5 starred papers" in out.stderr
    assert "reader FILE" in out.stderr
    # Once listed here, the archive keeps their text: For you has all five.
    assert run("list", str(elsewhere), env=env).returncode == 0
    again = run("list", str(today), "--sort", "for-you", env=env)
    assert again.returncode == 0 and "has the text of only" not in again.stderr


def test_list_keeps_titles_whole_when_piped_and_wraps_them_by_cells(tmp_path: Path) -> None:
    from rich.cells import cell_len

    from reader.cli.output import to_table
    from tests.support import realshape

    data = realshape.papers(3, authors=4, seed=8)
    data[0]["title"] = (
        "多语言 Reasoning Benchmarks 🚀: A Survey of Multilingual Chain-of-Thought " * 2
    )
    data[1]["title"] = "A " + "very " * 40 + "long title"
    digest = realshape.write(tmp_path / "wide.json", data)
    piped = run("list", str(digest), env={"READER_STATE": str(tmp_path / "s.json")})
    lines = piped.stdout.splitlines()
    assert len(lines) == 4  # a header and one whole line a paper
    assert lines[1].endswith(data[0]["title"].strip()) and lines[2].endswith("long title")
    store = StateStore(tmp_path / "s.json")
    papers = load_digest(digest).papers
    for width in (80, 120):
        table = to_table(papers, store, width).splitlines()
        assert all(cell_len(line) <= width for line in table), width
        words = " ".join(line[table[0].index("title") :] for line in table[1:]).split()
        assert "🚀:" in words and words.count("very") == 40  # nothing lost, nothing cut
    store.close()
