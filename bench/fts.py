"""`python -m bench.fts`: the two candidates for the archive's search index,
measured on the same 100,000 realistic papers (bench/generate.py):

- SQLite FTS5 with the trigram tokenizer, over the title, the authors and the
  abstract (the filter's fields, as `query.building.fields_of` gives them);
- reader's word index, kept beside the archive (`archive.index`), grown as
  papers arrive and memory-mapped.

For each: the time to build it, its size on disk, and the time of each
keystroke of the benchmark's queries (a prefix at a time, as typed), with the
number of papers each finds. Run with nothing else on the machine.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.__main__ import QUERIES, p99, spread
from bench.generate import digest_files


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    from reader.core.archive.handle import ArchiveHandle
    from reader.core.archive.writing import import_papers
    from reader.core.formats.load import load_digest
    from reader.core.query.building import fields_of
    from reader.core.query.postings import ALL_FIELDS

    papers = load_digest(digest_files([100_000])["100000.json"]).papers
    texts = [fields_of(p) for p in papers]
    text_mb = sum(len(t) for fields in texts for t in fields) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # FTS5, trigram
        db = sqlite3.connect(folder / "fts.sqlite")
        db.execute("CREATE VIRTUAL TABLE f USING fts5(ti, au, abs, tokenize='trigram')")
        start = time.perf_counter()
        with db:
            db.executemany("INSERT INTO f VALUES (?, ?, ?)", texts)
        db.execute("INSERT INTO f(f) VALUES ('optimize')")
        db.commit()
        fts_build = time.perf_counter() - start
        fts_size = (folder / "fts.sqlite").stat().st_size
        # reader's word index, beside an archive
        handle = ArchiveHandle(folder / "archive.sqlite", folder / "archive-index")
        import_papers(handle.archive, papers)
        start = time.perf_counter()
        handle.catch_up()
        words_build = time.perf_counter() - start
        words_size = folder_size(folder / "archive-index")
        archive_size = (folder / "archive.sqlite").stat().st_size
        index = handle.index
        index.load()

        fts_keys: list[float] = []
        word_keys: list[float] = []
        counts = []
        for name, query in QUERIES.items():
            for end in range(1, len(query) + 1):
                typed = query[:end].strip()
                words = typed.split()
                match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
                start = time.perf_counter()
                if all(len(w) >= 3 for w in words):
                    found = db.execute("SELECT count(*) FROM f WHERE f MATCH ?", (match,))
                else:  # the trigram tokenizer cannot index a word of 1-2 letters: a scan
                    like = " AND ".join("(ti || au || abs) LIKE ?" for _ in words)
                    found = db.execute(
                        f"SELECT count(*) FROM f WHERE {like}", [f"%{w}%" for w in words]
                    )
                fts_count = found.fetchone()[0]
                fts_keys.append(time.perf_counter() - start)
                start = time.perf_counter()
                column = index.word(words[0], ALL_FIELDS)
                for word in words[1:]:
                    column = column & index.word(word, ALL_FIELDS)
                word_count = int(column.sum())
                word_keys.append(time.perf_counter() - start)
                if end == len(query):
                    counts.append((name, query, fts_count, word_count))
        handle.close()
        db.close()
    print(f"100,000 realistic papers, {text_mb:.0f} MB of title, author and abstract text")
    print(f"(the archive itself: {archive_size / 1e6:.0f} MB)\n")
    print("| | build | on disk | per keystroke, ms: median / p99 / worst |")
    print("|---|---|---|---|")
    print(
        f"| FTS5 trigram | {fts_build:.0f} s | {fts_size / 1e6:.0f} MB "
        f"({fts_size / 1e6 / text_mb:.1f}× the text) | {spread(fts_keys)} |"
    )
    print(
        f"| word index | {words_build:.0f} s | {words_size / 1e6:.0f} MB "
        f"({words_size / 1e6 / text_mb:.1f}× the text) | {spread(word_keys)} |"
    )
    print("\n| query | FTS5 finds | the word index finds |")
    print("|---|---|---|")
    for name, query, fts_count, word_count in counts:
        print(f"| {query} ({name}) | {fts_count:,} | {word_count:,} |")
    print(
        f"\nslowest FTS5 keystroke {max(fts_keys) * 1000:.0f} ms, "
        f"p99 {p99(fts_keys) * 1000:.0f}; median ratio "
        f"{statistics.median(fts_keys) / statistics.median(word_keys):.1f}×",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
