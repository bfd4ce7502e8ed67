""" "For you": rank papers by what this reader stars, offline.

As arxiv-sanity-lite does on the web: TF-IDF features (words and word pairs
from title, abstract and keywords) and a linear classifier trained with the
starred papers as positives and every other paper as a negative (read but
unstarred ones count fully, unlabelled ones half). The corpus is vectorised
once; retraining after a star reuses the matrix, so it is quick.

scikit-learn is imported only here, and this module only from a worker, so it
never slows the app's start.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from typing import Any

from ..models import Paper

N_FEATURES = 2**18
NEGATIVE_SAMPLE = 1500
"""Unlabelled papers used as negatives; a fixed-size sample keeps training quick."""
MIN_STARS = 3
"""Below this many starred papers there is no ranking, only digest order."""
UNLABELLED_WEIGHT = 0.5


def too_few(usable: int, starred: int) -> str:
    """Why For you cannot rank yet, given the starred papers whose text it has
    (`usable`) and all the starred papers (`starred`)."""
    if starred < MIN_STARS:
        return (
            f"For you needs at least {MIN_STARS} starred papers (you have {starred}); "
            "showing digest order."
        )
    return (
        f"For you has the text of only {usable} of your {starred} starred papers: the others "
        "are in no cached digest or opened file. Open the files or digests they came from "
        f"(reader FILE), or star {MIN_STARS - usable} more here; showing digest order."
    )


def paper_document(paper: Paper) -> str:
    return " ".join((paper.title, paper.title, paper.abstract, " ".join(paper.keywords)))


@dataclass(frozen=True)
class Ranking:
    """Scores for papers, with the terms that weighed most for each."""

    scores: dict[str, float]
    stars: int

    def order(self, papers: Sequence[Paper]) -> list[Paper]:
        """Highest score first; ties keep digest order."""
        scores = self.scores
        return sorted(papers, key=lambda p: -scores.get(p.id, float("-inf")))


class Corpus:
    """Every paper reader knows, vectorised once."""

    def __init__(self, papers: Iterable[Paper]) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

        unique: dict[str, Paper] = {}
        for paper in papers:
            unique.setdefault(paper.id, paper)
        self.papers = list(unique.values())
        self.row = {paper.id: index for index, paper in enumerate(self.papers)}
        # Hashing needs no vocabulary pass, so vectorising is one pass over the text.
        self.hasher = HashingVectorizer(
            n_features=N_FEATURES,
            ngram_range=(1, 2),
            stop_words="english",
            alternate_sign=False,
            norm=None,
            dtype=_float32(),
        )
        counts = self.hasher.transform(paper_document(p) for p in self.papers)
        self.tfidf = TfidfTransformer(sublinear_tf=True)
        self.matrix = self.tfidf.fit_transform(counts)
        self.model: Any = None

    def __len__(self) -> int:
        return len(self.papers)

    def train(self, starred: Set[str], read: Set[str]) -> int:
        """Fit the classifier; return the number of positives (0 when too few).

        Positives are the starred papers; negatives the read ones and a fixed
        sample of the unlabelled rest, so retraining stays quick at any size.
        """
        import random

        import numpy as np
        from sklearn.svm import LinearSVC

        positive_rows = [i for i, p in enumerate(self.papers) if p.id in starred]
        if len(positive_rows) < MIN_STARS:
            self.model = None
            return 0
        read_rows = [i for i, p in enumerate(self.papers) if p.id in read and p.id not in starred]
        chosen = set(positive_rows) | set(read_rows)
        rest = [i for i in range(len(self.papers)) if i not in chosen]
        sample = random.Random(len(self.papers)).sample(rest, min(len(rest), NEGATIVE_SAMPLE))
        if not read_rows and not sample:
            self.model = None
            return len(positive_rows)
        rows = positive_rows + read_rows + sample
        labels = np.array([1] * len(positive_rows) + [0] * (len(rows) - len(positive_rows)))
        weights = np.array(
            [1.0] * (len(positive_rows) + len(read_rows)) + [UNLABELLED_WEIGHT] * len(sample),
            dtype=np.float32,
        )
        model = LinearSVC(C=0.1, class_weight="balanced", max_iter=1000, tol=1e-3)
        model.fit(self.matrix[rows], labels, sample_weight=weights)
        self.model = model
        return len(positive_rows)

    def rank(self, papers: Sequence[Paper], stars: int) -> Ranking:
        """Scores for `papers` (those not in the corpus get none)."""
        if self.model is None:
            return Ranking({}, stars)
        rows = [self.row[p.id] for p in papers if p.id in self.row]
        if not rows:
            return Ranking({}, stars)
        values = self.model.decision_function(self.matrix[rows])
        ids = [self.papers[r].id for r in rows]
        return Ranking(dict(zip(ids, (float(v) for v in values), strict=True)), stars)

    def reasons(self, paper: Paper, count: int = 5) -> list[str]:
        """The terms that pushed this paper's score up the most."""
        if self.model is None or paper.id not in self.row:
            return []
        from sklearn.utils import murmurhash3_32

        vector = self.matrix[self.row[paper.id]]
        values = dict(zip(vector.indices.tolist(), vector.data.tolist(), strict=True))
        weights = self.model.coef_[0]
        contributions: dict[str, float] = {}
        for term in set(self.hasher.build_analyzer()(paper_document(paper))):
            column = abs(murmurhash3_32(term, seed=0)) % N_FEATURES  # as HashingVectorizer
            if column in values:
                contributions[term] = values[column] * float(weights[column])
        ranked = sorted(contributions.items(), key=lambda item: -item[1])
        return [term for term, score in ranked[:count] if score > 0]

    def similar(self, paper: Paper, count: int = 20) -> list[tuple[Paper, float]]:
        """The papers most like this one (cosine on the same features)."""
        if paper.id not in self.row:
            return []
        vector = self.matrix[self.row[paper.id]]
        similarities = (self.matrix @ vector.T).toarray().ravel()
        order = similarities.argsort()[::-1]
        found = []
        for index in order:
            if index != self.row[paper.id] and similarities[index] > 0:
                found.append((self.papers[index], float(similarities[index])))
            if len(found) == count:
                break
        return found


def _float32() -> Any:
    import numpy as np

    return np.float32
