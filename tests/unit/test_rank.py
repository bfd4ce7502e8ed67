"""For you on a small corpus: starred topics rise; below the minimum, no ranking."""

from __future__ import annotations

import subprocess
import sys

from reader.core.reading.rank import MIN_STARS, Corpus
from tests.support.topics import topic_of, topic_papers


def test_starred_topic_rises_to_the_top() -> None:
    papers = topic_papers()
    corpus = Corpus(papers)
    starred = [p.id for p in papers if topic_of(p) == "speech"][:3]
    read = set([p.id for p in papers if topic_of(p) == "graphs"][:5])
    stars = corpus.train(set(starred), read)
    assert stars == 3
    ranking = corpus.rank(papers, stars)
    unseen = [p for p in ranking.order(papers) if p.id not in starred]
    assert [topic_of(p) for p in unseen[:10]] == ["speech"] * 10
    reasons = corpus.reasons(unseen[0])
    assert reasons and all(
        any(
            word in reason
            for word in (
                "speech",
                "audio",
                "acoustic",
                "phoneme",
                "recognition",
                "spectrogram",
                "waveform",
                "speaker",
            )
        )
        for reason in reasons
    )


def test_below_the_minimum_there_is_no_ranking() -> None:
    papers = topic_papers()
    corpus = Corpus(papers)
    assert corpus.train({papers[0].id, papers[1].id}, set()) == 0
    assert corpus.rank(papers, 0).scores == {}
    assert MIN_STARS == 3


def test_similar_papers_share_the_topic() -> None:
    papers = topic_papers()
    corpus = Corpus(papers)
    similar = corpus.similar(papers[40], count=10)
    assert len(similar) == 10
    assert all(topic_of(p) == topic_of(papers[40]) for p, _ in similar)
    assert all(p.id != papers[40].id for p, _ in similar)


def test_reason_columns_match_the_hashing_vectorizer() -> None:
    from sklearn.utils import murmurhash3_32

    corpus = Corpus(topic_papers(per_topic=5))
    for term in ("speech", "message passing", "lean tactic", "zzz"):
        column = corpus.hasher.transform([term]).indices
        expected = abs(murmurhash3_32(term, seed=0)) % corpus.hasher.n_features
        if len(column):
            assert expected in column.tolist()


def test_starting_the_app_never_imports_scikit_learn() -> None:
    code = "import sys, reader.__main__, reader.app; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
